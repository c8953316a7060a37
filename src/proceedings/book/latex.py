"""The printed book: talk chapters with their own references, speakers in the contents.

Sphinx gathers every citation of a LaTeX document into one bibliography at the end;
proceedings print each talk's references at the end of its chapter, so for LaTeX the
citations of a talk become a list of their own before Sphinx would move them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import texescape
from sphinx.util.texescape import escape

from proceedings.book.tex_guard import latexmk_guard, write_manifest
from proceedings.locale import _
from proceedings.model.conference import Conference, english_month


class talk_toc_line(nodes.Element):
    """The speaker line under a talk's entry in the printed table of contents."""


class talk_references(nodes.General, nodes.Element):
    """A talk's own reference list (LaTeX only)."""


class talk_reference(nodes.Element):
    """One entry of :class:`talk_references`: a label, ids, and the formatted entry."""


def visit_talk_toc_line(self, node: talk_toc_line) -> None:
    names = escape(node["names"], self.config.latex_engine)
    speaker = escape(node["speaker"], self.config.latex_engine)
    self.body.append(rf"\addtocontents{{toc}}{{\protect\sphinxtalkspeakers{{{names}}}}}" + "\n")
    # Running heads name the talk by its speaker: long titles do not fit a foot line.
    self.body.append(rf"\chaptermark{{{speaker}}}" + "\n")
    # Where the talk starts, for cutting offprints from the book (see offprints.py).
    self.body.append(rf"\label{{offprint:{node['docname']}}}" + "\n")
    raise nodes.SkipNode


def skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def visit_talk_references(self, node: talk_references) -> None:
    self.body.append("\n\\begin{sphinxtalkreferences}\n")


def depart_talk_references(self, node: talk_references) -> None:
    self.body.append("\\end{sphinxtalkreferences}\n")


def visit_talk_reference(self, node: talk_reference) -> None:
    label = self.encode(node["label"])
    # The anchors Sphinx's citation links point at ("cite." + docname:id), as \bibitem makes them.
    targets = "".join(rf"\hypertarget{{cite.{target}}}{{}}" for target in node["targets"])
    self.body.append(rf"\item[{{{label}}}]{targets}" + "\n")


def depart_talk_reference(self, node: talk_reference) -> None:
    self.body.append("\n")


class LocalBibliographies(SphinxPostTransform):
    """Keep each talk's citations in place, as a list, instead of one list at the end.

    Runs just before Sphinx's ``BibliographyTransform`` (priority 750), which would
    otherwise move every ``citation`` node to the back of the book.
    """

    default_priority = 740
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for citation in list(self.document.findall(nodes.citation)):
            parent = citation.parent
            index = parent.index(citation)
            previous = parent[index - 1] if index else None
            if isinstance(previous, talk_references):
                group = previous
            else:
                group = talk_references()
                parent.insert(index, group)
            label = citation[0].astext() if isinstance(citation[0], nodes.label) else ""
            item = talk_reference(
                label=f"[{label}]", targets=[f"{citation['docname']}:{i}" for i in citation["ids"]]
            )
            item.extend(child.deepcopy() for child in citation.children if not isinstance(child, nodes.label))
            group += item
            parent.remove(citation)


PREAMBLE = r"""
\usepackage{etoolbox}
% Two macros of the math allowlist (tex_math.py) that amsmath does not define.
\usepackage{mathrsfs}
\usepackage{bm}
% The speakers of a talk, under its title in the table of contents.
\newcommand{\sphinxtalkspeakers}[1]{%
  \par\nopagebreak\vspace{-0.3ex}%
  {\leftskip 3.8em\rightskip 2.55em plus 1fil\itshape\small #1\par}\vspace{0.6ex}}
% The blank page before a chapter opening on the right carries no running head.
\makeatletter
\renewcommand{\cleardoublepage}{\clearpage\if@twoside\ifodd\c@page\else
  \hbox{}\thispagestyle{empty}\newpage\fi\fi}
\makeatother
% A talk's own references, labelled as in the text: [1], [2], ...
\newenvironment{sphinxtalkreferences}
  {\list{}{\settowidth{\labelwidth}{[99]}\setlength{\leftmargin}{\labelwidth}%
   \addtolength{\leftmargin}{\labelsep}\setlength{\itemsep}{0.3ex}\small\sloppy}}
  {\endlist}
\setlength{\headheight}{14pt}
% Each talk is a paper: its sections, equations, figures and tables restart with its chapter
% (Sphinx resets them) and are printed without the chapter's number, as the site numbers them
% (proceedings.sphinxext.page_numbers): "Theorem 1", "(1)", "Fig. 1", "1 Introduction". Sphinx
% sets the others at the start of the document, so these are set after it.
\renewcommand{\thesection}{\arabic{section}}
\AtBeginDocument{\renewcommand{\theequation}{\arabic{equation}}%
  \renewcommand{\thefigure}{\arabic{figure}}\renewcommand{\thetable}{\arabic{table}}}
% Index entries are people, not code: the text face, not typewriter.
\renewcommand{\sphinxstyleindexentry}[1]{#1}
"""


# Sphinx sets \indexname just before this; the back index lists people (its name in the book's
# language: \proceedingsindexname, see label_macros). Its contents line,
# bookmark and label are written before the index, on the first pass already (when the
# index does not exist yet, a blank page stands in for it): otherwise the contents could
# show the index only after a third LaTeX pass.
PRINT_INDEX = r"""\renewcommand{\indexname}{\proceedingsindexname}
\cleardoublepage\phantomsection\label{offprint:end}\addcontentsline{toc}{chapter}{\indexname}
\renewenvironment{sphinxtheindex}{\begin{theindex}}{\end{theindex}}
\IfFileExists{\jobname.ind}{\printindex}{\mbox{}\clearpage}
"""

# latexmk runs LaTeX again whenever the .aux file changes. The total page count that the
# LaTeX kernel writes there grows with the index between the first and second pass;
# nothing in the book prints it, so it must not cost a third pass.
LATEXMK_SETTING = r"""
# proceedings: the page total (\@abspage@last) is printed nowhere; its change needs no rerun.
$hash_calc_ignore_pattern{'aux'} = '^\\\\gdef \\\\\@abspage\@last\\{';
"""


def tune_latexmk(app: Any, exception: BaseException | None) -> None:
    """Append :data:`LATEXMK_SETTING` and the TeX guard to the ``latexmkrc`` Sphinx wrote for
    the book, then record what the build wrote (``tex_guard``)."""
    if exception is not None or app.builder.name != "latex":
        return
    outdir = Path(app.outdir)
    rc = outdir / "latexmkrc"
    rc.write_text(rc.read_text(encoding="utf-8") + LATEXMK_SETTING + latexmk_guard(outdir), encoding="utf-8")
    write_manifest(outdir)


def latex_elements(conference: Conference) -> dict[str, str]:
    """Preamble, title page and PDF metadata for the book, from the conference facts only."""
    # conf.py runs before Sphinx fills its escaping tables; fill them now (idempotent).
    texescape.init()
    title = escape(conference.title, "xelatex")
    venue = escape(conference.venue or "", "xelatex")
    # Months, and the words around the facts, in the book's language: macros defined when the
    # builder starts (label_macros), since conf.py runs before Sphinx knows its language.
    dates = _tex_with_arguments(conference.dates_with(lambda n: f"\x00{n}\x00"), r"\proceedingsmonth")
    place_and_dates = ", ".join(part for part in (venue, dates) if part)
    booklet = escape(conference.booklet_title or "", "xelatex")
    keywords = escape(conference.named, "xelatex") + r", \proceedingskeywords"
    return {
        "papersize": "a4paper",
        "pointsize": "11pt",
        "preamble": PREAMBLE
        + rf"""
\hypersetup{{pdftitle={{{title}}}, pdfsubject={{\proceedingsof{{{title}}}{{{place_and_dates}}}}},
  pdfkeywords={{{keywords}}}, pdfauthor={{}}, pdfcreator={{Sphinx, proceedings}}}}
""",
        "maketitle": rf"""
\begin{{titlepage}}
  \centering
  \vspace*{{0.25\textheight}}
  {{\Huge\bfseries {title}\par}}
  \vspace{{3em}}
  {{\Large {venue}\par}}
  \vspace{{1em}}
  {{\Large {dates}\par}}
  \vfill
  {{\large {booklet}\par}}
\end{{titlepage}}
""",
        "cmappkg": "",
        "printindex": PRINT_INDEX,
        "fncychap": r"\usepackage[Sonny]{fncychap}",
        "releasename": "",
    }


def _tex_with_arguments(text: str, macro: str) -> str:
    """``text`` escaped, each ``\\x00N\\x00`` in it written ``\\macro{N}``."""
    return re.sub("\x00([0-9]+)\x00", lambda match: f"{macro}{{{match.group(1)}}}", escape(text, "xelatex"))


def label_macros(engine: str) -> str:
    """The book's own words, in the build's language, as macros the preamble and the title page
    use: the index's name, the PDF's subject and keywords, the months."""

    def tex(text: str) -> str:
        return escape(str(text), engine)

    subject = _("Proceedings of the conference %(title)s, %(place_and_dates)s")
    subject_tex = escape(subject % {"title": "\x011\x01", "place_and_dates": "\x012\x01"}, engine)
    subject_tex = re.sub("\x01([12])\x01", r"#\1", subject_tex)
    index_name, keywords = _("Index of authors"), _("proceedings, abstracts")
    months = "".join(rf"\or {tex(_(english_month(number)))}" for number in range(1, 13))
    return (
        "\n% The book's own words in its language (proceedings.book.latex.label_macros).\n"
        rf"\newcommand{{\proceedingsindexname}}{{{tex(index_name)}}}" + "\n"
        rf"\newcommand{{\proceedingsof}}[2]{{{subject_tex}}}" + "\n"
        rf"\newcommand{{\proceedingskeywords}}{{{tex(keywords)}}}" + "\n"
        rf"\newcommand{{\proceedingsmonth}}[1]{{\ifcase#1{months}\fi}}" + "\n"
    )


def add_label_macros(app: Sphinx) -> None:
    """Before the rest of the preamble, which uses them (``\\hypersetup``)."""
    if app.builder.name != "latex":
        return
    macros = label_macros(app.config.latex_engine)
    if macros not in app.builder.context["preamble"]:
        app.builder.context["preamble"] = macros + app.builder.context["preamble"]


def latex_document(conference: Conference, root_doc: str) -> tuple[str, str, str, str, str, bool]:
    """The ``latex_documents`` entry; Sphinx reads its title as LaTeX, so it is escaped here."""
    texescape.init()
    return (root_doc, "proceedings.tex", escape(conference.title, "xelatex"), "", "manual", False)


# Han ideographs and Japanese kana. The book's font (FreeSerif) has none of them; without a
# CJK font xelatex leaves them out of the PDF, and tex-report fails the build naming them.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_PREAMBLE = r"""
% Chinese and Japanese in the talks: xeCJK with a font Debian ships (fonts-arphic-gbsn00lp,
% installed by tools/install-system-packages cjk); dashes and quotes stay Western punctuation.
\usepackage{xeCJK}
\setCJKmainfont{AR PL SungtiL GB}
\xeCJKDeclareCharClass{Default}{"2013,"2014,"2018,"2019,"201C,"201D}
"""


def add_cjk_font(app: Sphinx, env) -> None:
    """Load a CJK font only for a book that needs one: xeCJK changes nothing else of it."""
    if app.builder.name != "latex":
        return
    domain = env.domains["talks"]
    facts = [text for talk in domain.talks.values() for text in (talk.title or "", *talk.people)]
    facts += [affiliation for talk in domain.talks.values() for _name, affiliation in talk.affiliations]
    needed = any(CJK.search(text) for text in [*facts, *domain.texts.values()])
    if needed and CJK_PREAMBLE not in app.builder.context["preamble"]:
        app.builder.context["preamble"] += CJK_PREAMBLE


def setup(app: Sphinx) -> None:
    not_latex = {fmt: (skip, None) for fmt in ("html", "text", "man", "texinfo")}
    app.add_node(talk_toc_line, latex=(visit_talk_toc_line, None), **not_latex)
    app.add_node(talk_references, latex=(visit_talk_references, depart_talk_references), **not_latex)
    app.add_node(talk_reference, latex=(visit_talk_reference, depart_talk_reference), **not_latex)
    app.add_post_transform(LocalBibliographies)
    app.connect("build-finished", tune_latexmk)
    app.connect("env-updated", add_cjk_font)
    app.connect("builder-inited", add_label_macros)
