"""The built proceedings as readers meet them: axe-core in Chromium on every kind of page, at a
desktop's and a phone's width, in light and dark mode; the Nu Html Checker over every page;
the map whole at both widths and legible at full size.

The tools come from tests/browser-tools (npm ci, run by `make test`) and Debian (Chromium, Java,
Node.js: tools/install-system-packages test). Missing, the tests fail: they never skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

TOOLS = Path(__file__).parent / "browser-tools"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
# Violations of the theme's own markup, not of this project's pages (README, "Accessibility").
THEME_OWN = {
    # sphinx-book-theme puts the site's title (its logo) in the primary sidebar outside any
    # landmark: pydata-sphinx-theme's pull request #1454 ("Fix landmarks") is still open.
    ("region", ".sidebar-primary-items__start > .sidebar-primary-item:nth-child(1)"),
}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} missing: run tools/install-system-packages test", pytrace=False)
    return found


def browser_tools() -> None:
    if not (TOOLS / "node_modules" / ".installed").is_file():
        pytest.fail(f"npm packages missing: run make test (npm ci --prefix {TOOLS})", pytrace=False)


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind, found in the built site (not named here, so they stay true)."""
    talks = sorted((site / "talks").glob("*.html"))
    with_references = next(p for p in talks if "citation-list" in p.read_text(encoding="utf-8"))
    untitled = next(p for p in talks if "talk-status" in p.read_text(encoding="utf-8"))
    word = "Schrödinger"
    return {
        "landing page": "index.html",
        "talk with references": with_references.relative_to(site).as_posix(),
        "talk without a title": untitled.relative_to(site).as_posix(),
        "index of authors": "authors.html",
        "map": "map.html",
        "search": f"search.html?q={quote(word)}",
        # The example paper: numbered statements, a proof, a table, a figure.
        "authors' guide": "guide.html",
    }


@pytest.fixture(scope="module")
def axe_results(project_html, tmp_path_factory) -> list[dict]:
    assert project_html.returncode == 0, project_html.stderr[-3000:]
    chromium, node = tool("chromium"), tool("node")
    browser_tools()
    site = project_html.outdir
    screenshots = tmp_path_factory.mktemp("screenshots")
    jobs = []
    for kind, page in page_kinds(site).items():
        for width in WIDTHS:
            for scheme in SCHEMES:
                job = {"kind": kind, "url": site.as_uri() + "/" + page, "width": width, "scheme": scheme}
                if kind == "search":
                    job["waitFor"] = "#search-results li"
                if kind == "map":
                    job["click"] = "button.map-zoom"
                    job["screenshot"] = str(screenshots / f"map-{scheme}-{width}.png")
                jobs.append(job)
    jobs_file = screenshots / "jobs.json"
    jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
    done = subprocess.run(
        [node, str(TOOLS / "axe.mjs"), chromium, str(jobs_file)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_axe_finds_no_violation_of_the_projects_own_on_any_page_width_or_scheme(axe_results):
    assert len(axe_results) == len({r["kind"] for r in axe_results}) * len(WIDTHS) * len(SCHEMES) == 28
    found = [
        f"{r['kind']} at {r['width']} px, {r['scheme']}: {v['id']} ({v['help']}) at {n['target']}: {n['html']}"
        for r in axe_results
        for v in r["violations"]
        for n in v["nodes"]
        if (v["id"], n["target"]) not in THEME_OWN
    ]
    assert found == [], "\n".join(found)


def test_pages_are_shown_in_the_colour_scheme_the_reader_asks_for(axe_results):
    """Dark mode really was on where asked: the theme follows the reader's system setting."""
    assert {(r["scheme"], r["theme"]) for r in axe_results} == {("light", "light"), ("dark", "dark")}


def test_search_found_results(axe_results):
    """The search page was checked with its results shown (the job waited for them)."""
    assert [r for r in axe_results if r["kind"] == "search"]


def test_the_map_fits_every_box_whole_and_zooms_to_legible_size(axe_results):
    for result in (r for r in axe_results if r["kind"] == "map"):
        where = f"{result['width']} px, {result['scheme']}"
        (fit,) = result["map"]["fit"]
        assert fit["tabindex"] == "0", where
        assert fit["scrollWidth"] <= fit["clientWidth"] + 1, f"{where}: the fitted map overflows"
        assert fit["boxes"] and all(
            b["left"] >= 0 and b["right"] <= fit["width"] + 1 for b in fit["boxes"]
        ), where
        assert fit["button"], f"{where}: no full-size button"
        (full,) = result["map"]["full"]
        assert full["scrollWidth"] > full["clientWidth"], f"{where}: full size does not pan"
        assert full["textHeight"] >= 12, f"{where}: labels {full['textHeight']} px high at full size"
        assert Path(result["screenshot"]).stat().st_size > 10_000


def test_nu_html_checker_finds_no_error_in_any_page(project_html):
    """Every page of the site. The theme also copies its Jinja macro files into _static as .html
    files; they are templates no reader is sent to, so they are left out."""
    assert project_html.returncode == 0, project_html.stderr[-3000:]
    java = tool("java")
    browser_tools()
    site = project_html.outdir
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    assert len(pages) > 25
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr)["messages"]
    errors = [f"{m['url'].rsplit('/html/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors)
    assert done.returncode == 0, done.stderr[-3000:]
