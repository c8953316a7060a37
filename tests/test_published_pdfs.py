"""The site links the PDFs that exist and no others; when they appear or go, an incremental build
writes the same site as a clean one."""

import json
import shutil

from conftest import build, copy_root
from site_links import missing_targets

from proceedings.sphinxext.published_pdfs import RECORD, record_text

TALK = "talks/mid-third"


def publish(pdf_dir, pages):
    """What `make offprints` leaves: the book, the offprints beside their pages, the record."""
    shutil.rmtree(pdf_dir, ignore_errors=True)
    (pdf_dir / "talks").mkdir(parents=True)
    (pdf_dir / "proceedings.pdf").write_bytes(b"%PDF-1.4 the book\n")
    for docname in pages:
        (pdf_dir / f"{docname}.pdf").write_bytes(f"%PDF-1.4 {docname}\n".encode())
    (pdf_dir / RECORD).write_text(record_text(pages), encoding="utf-8")


def site(outdir):
    """Every file of a built site but Sphinx's own build record, the search index normalised.

    Sphinx's search index keeps a word that no page uses any more with an empty list of pages
    (``"pdf":[]``) after an incremental build; a clean build leaves it out. Both mean the same.
    """
    files = {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name != ".buildinfo"
    }
    index = json.loads(files["searchindex.js"].decode().removeprefix("Search.setIndex(").removesuffix(")"))
    index["terms"] = {word: pages for word, pages in index["terms"].items() if pages != []}
    files["searchindex.js"] = index
    return files


def clean_build(tmp_path, name, pdf_dir):
    return build(copy_root("talks", tmp_path / name), proceedings_pdf_dir=str(pdf_dir))


def test_pdfs_are_linked_only_when_they_exist_and_incremental_builds_match_clean_ones(tmp_path):
    pdf_dir = tmp_path / "pdf"
    srcdir = copy_root("talks", tmp_path / "incremental")
    first = build(srcdir, proceedings_pdf_dir=str(pdf_dir))
    assert first.warnings == ""
    assert "talk-pdf" not in first.html(TALK) and not list(first.outdir.rglob("*.pdf"))
    assert missing_targets(first.outdir) == []

    publish(pdf_dir, {TALK: ("3", "4")})
    second = build(srcdir, proceedings_pdf_dir=str(pdf_dir))
    assert second.warnings == ""
    page = second.html(TALK)
    assert (
        'href="mid-third.pdf">this talk</a> · <a class="reference external" href="../proceedings.pdf">'
        in page
    )
    assert "this talk" not in second.html("talks/zeta-first") and "the whole book" in second.html(
        "talks/zeta-first"
    )
    assert (second.outdir / "talks" / "mid-third.pdf").read_bytes() == b"%PDF-1.4 talks/mid-third\n"
    assert missing_targets(second.outdir) == []
    assert site(second.outdir) == site(clean_build(tmp_path, "clean-with", pdf_dir).outdir)

    shutil.rmtree(pdf_dir)
    third = build(srcdir, proceedings_pdf_dir=str(pdf_dir))
    assert not list(third.outdir.rglob("*.pdf")) and "talk-pdf" not in third.html(TALK)
    assert missing_targets(third.outdir) == []
    assert site(third.outdir) == site(clean_build(tmp_path, "clean-without", pdf_dir).outdir)


def test_a_record_naming_a_missing_or_misplaced_file_links_nothing(tmp_path):
    pdf_dir = tmp_path / "pdf"
    publish(pdf_dir, {TALK: ("3", "4")})
    (pdf_dir / f"{TALK}.pdf").unlink()
    (pdf_dir / "proceedings.pdf").unlink()
    built = clean_build(tmp_path, "missing", pdf_dir)
    assert "talk-pdf" not in built.html(TALK)
    assert missing_targets(built.outdir) == []
