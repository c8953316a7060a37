"""Which formulas TeX (and MathJax) may see: known macros, balanced, no primitives.

A formula in a talk page or a title reaches LaTeX verbatim, so it is checked before:
only macros from an allowlist, balanced braces, environments and \\left/\\right, and
none of the tricks that make TeX read or write files or loop (``^^``, ``%``, ``#``,
definitions, ``\\input``, ``\\csname`` ...: they are simply not on the list).
"""

from __future__ import annotations

import re

GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi "
    "varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi "
    "Pi Sigma Upsilon Phi Psi Omega"
)
MATH_MACROS = set(
    (
        GREEK + " "
        "frac dfrac tfrac sqrt sum prod int iint iiint oint lim limsup liminf sup inf max min arg det exp "
        "log ln sin cos tan cot sec csc sinh cosh tanh arcsin arccos arctan dim ker deg gcd hom Pr mod "
        "bmod pmod left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr middle langle rangle "
        "lvert rvert lVert rVert vert Vert lfloor rfloor lceil rceil backslash mathbb mathcal mathfrak "
        "mathrm mathbf mathit mathsf mathtt mathscr boldsymbol bm text textrm textit textbf operatorname "
        "hat widehat tilde widetilde bar overline underline vec dot ddot breve check acute grave "
        "overbrace underbrace overset underset stackrel binom tbinom dbinom partial nabla infty "
        "emptyset varnothing forall exists nexists neg lnot in notin ni subset subseteq supset "
        "supseteq subsetneq cup cap bigcup bigcap setminus times cdot cdots ldots dots vdots ddots div "
        "pm mp ast star circ bullet oplus otimes odot wedge vee bigoplus bigotimes leq le geq ge neq "
        "ne ll gg lesssim gtrsim approx sim simeq cong equiv propto perp parallel mid nmid to "
        "rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow longrightarrow "
        "longleftarrow Longrightarrow mapsto longmapsto hookrightarrow uparrow downarrow "
        "rightharpoonup rightleftharpoons iff implies ell hbar Re Im aleph prime dagger top bot "
        "angle triangle square Box quad qquad displaystyle textstyle scriptstyle limits nolimits "
        "begin end tag nonumber notag substack colon vphantom hphantom phantom not "
        "lVert rVert varkappa digamma imath jmath wp mho complement"
    ).split()
)
MATH_ENVIRONMENTS = {
    "align", "align*", "aligned", "equation", "equation*", "gather", "gather*", "gathered", "split",
    "multline", "multline*", "cases", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix",
    "smallmatrix", "array", "subarray", "alignat", "alignat*", "flalign", "flalign*",
}  # fmt: skip
INLINE_MATH = re.compile(r"\$([^$]+)\$")  # $…$ in a title, a name or a bibliography field
CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")
ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}")


def check_math(formula: str) -> str | None:
    """Why TeX must not see this formula, or None: known macros, balanced, no primitives."""
    if "^^" in formula:
        return "uses the ^^ character trick"
    if re.search(r"(?<!\\)[%#$]", formula):
        return "contains an unescaped %, # or $"
    if re.search(r"\*\s*\{\s*\d", formula):
        # *{99999}{c} in an array's columns makes TeX (and MathJax) work for minutes.
        return "repeats columns with *{n}{...}; write the columns out"
    depth = 0
    for character in re.sub(r"\\[{}\\]", "", formula):
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return "has a closing brace with no opening one"
    if depth:
        return "has unbalanced braces"
    unknown = sorted({word for word in CONTROL_WORD.findall(formula) if word not in MATH_MACROS})
    if unknown:
        return "uses macros this project does not allow: " + ", ".join(f"\\{word}" for word in unknown)
    stack = []
    for kind, name in ENVIRONMENT.findall(formula):
        if name not in MATH_ENVIRONMENTS:
            return f"uses the environment {name!r}, which this project does not allow"
        if kind == "begin":
            stack.append(name)
        elif not stack or stack.pop() != name:
            return f"closes the environment {name!r} it did not open"
    if stack:
        return f"leaves the environment {stack[-1]!r} open"
    if len(re.findall(r"\\left\b", formula)) != len(re.findall(r"\\right\b", formula)):
        return "has unbalanced \\left and \\right"
    return None


def check_title(title: str | None) -> str | None:
    """Formulas in a title reach TeX too: the same rule as the page's math."""
    for formula in INLINE_MATH.findall(title or ""):
        if why := check_math(formula):
            return f"title formula '{formula}' {why}"
    return None
