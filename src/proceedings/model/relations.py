"""Which talks are related, and why: a deterministic rule that explains itself.

Three kinds of evidence, each with a weight and a reason a reader can check:

* a person in both talks (speaker, co-author or named collaborator), merged by
  :func:`proceedings.model.authors.merge_names`: weight 3, "shares co-author R. Figari";
* one talk's references cite the other talk's speaker (same surname and initial):
  weight 2, "cites work by P. Antonelli, the speaker";
* distinctive subject terms found in both (named equations, operators, systems, models,
  and words two titles share that few talks use): weight 1 each, "both study Dirac
  operators". A term used by more than ``MAX_TERM_TALKS`` talks distinguishes nothing.

Pairs are taken strongest first (ties by page name) while both talks have fewer than
``MAX_RELATED`` relations, so the result is symmetric, short and ranked. Editors'
overrides (``related`` / ``unrelated`` in front matter, either side) win.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from itertools import combinations

from proceedings.model.authors import Name, comparable, merge_names
from proceedings.model.talk import Talk
from proceedings.model.text import N_, UPPER

MAX_RELATED = 5
MAX_TERM_TALKS = 4
HEADS = (
    "equation|operator|system|model|gas|principle|wave|network|graph|boundary condition|"
    "condition|transformation|limit|hamiltonian|interaction"
)
# "Dirac operators", "Benjamin-Ono equation", "(Dirac) operator", "Quantum Euler Maxwell system".
# Words are bounded ({0,40}): unbounded, a long run of letters and apostrophes made the search
# quadratic (20 kB of "A'" took 23 s).
NAMED_TERM = re.compile(
    rf"\(?\b((?:[{UPPER}][\w'’]{{0,40}}(?:-[{UPPER}][\w'’]{{0,40}})?\)?\s){{1,3}})({HEADS})s?\b"
)
# "infinite-mass boundary conditions", "(infinite-mass) boundary conditions".
HYPHENATED_TERM = re.compile(rf"\(?\b([a-z]+-[a-z]+)\)?\s({HEADS})s?\b")
WORD = re.compile(r"[^\W\d_]{5,}")
# Capitalised only because they open a sentence: "This equation", "The Dirac operator".
SENTENCE_WORDS = {"the", "a", "an", "in", "we", "our", "this", "these", "that", "such", "its", "their"}
COMMON = {
    "about", "after", "among", "analysis", "approach", "aspects", "behavior", "behaviour",
    "between", "bounds", "consider", "derivation", "dimension", "existence", "first", "functions",
    "general", "method", "methods", "model", "models", "numerical", "order", "problem",
    "problems", "properties", "recent", "result", "results", "second", "solutions", "some",
    "stability", "study", "systems", "theory", "these", "three", "their", "through", "under",
    "upper", "using", "where", "which", "while", "within", "equation", "limit", "strong",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class TalkFacts:
    """What the rule reads of one talk."""

    talk: Talk
    text: str  # title and abstract as plain text
    cited: tuple[str, ...] = ()  # authors of its references, as printed ("P. Antonelli")


class Reason(str):
    """A reason shown to readers: its English text, a ``str`` as before, which also keeps the
    messages it is made of (marked ``N_``) and their arguments, so that the site can say it in
    its own language (``proceedings.sphinxext.texts.reason``). An editor's reason is kept as
    written (arguments ``None``: not a message)."""

    parts: tuple[tuple[str, dict[str, str] | None], ...]

    def __new__(cls, parts: tuple[tuple[str, dict[str, str] | None], ...]) -> Reason:
        text = "; ".join(message if args is None else message % args for message, args in parts)
        reason = super().__new__(cls, text)
        reason.parts = parts
        return reason

    def __reduce__(self) -> tuple:
        return (Reason, (self.parts,))

    @classmethod
    def of(cls, message: str, **arguments: str) -> Reason:
        return cls(((message, arguments),))

    @classmethod
    def joined(cls, reasons: tuple[str, ...]) -> Reason:
        """Several reasons as one, "; " between them."""
        return cls(tuple(p for r in reasons for p in (r.parts if isinstance(r, Reason) else ((r, None),))))


@dataclasses.dataclass(frozen=True)
class Relation:
    other: str
    reasons: tuple[str, ...]
    score: int

    @property
    def reason(self) -> Reason:
        return Reason.joined(self.reasons)


def subject_terms(text: str) -> set[str]:
    """Named equations, operators, systems and models in a text, singular, as printed."""
    terms = set()
    for pattern in (NAMED_TERM, HYPHENATED_TERM):
        for match in pattern.finditer(text):
            words = match.group(1).replace("(", "").replace(")", "").split()
            words = [w for w in words if w.lower() not in SENTENCE_WORDS]
            if words:
                terms.add(f"{' '.join(words)} {match.group(2)}")
    return terms


def title_words(title: str) -> set[str]:
    return {word.lower() for word in WORD.findall(title)} - COMMON


def _plural(term: str) -> str:
    """ "Dirac operators", "boundary conditions"; equations and systems read better singular."""
    return term + "s" if term.endswith(("operator", "condition")) else term


def candidate_pairs(
    facts: dict[str, TalkFacts], canonical: dict[str, str] | None = None
) -> dict[tuple[str, str], tuple[int, list[str]]]:
    """Every pair with some evidence: (score, reasons), keyed by sorted page names.

    Pairs come from inverted indexes (person, cited speaker, term, title word -> talks),
    so the work grows with the evidence, not with the square of the number of talks.
    """
    if canonical is None:
        canonical = merge_names([name for f in facts.values() for name in f.talk.people])[0]
    people = {doc: {canonical.get(n, n) for n in f.talk.people} for doc, f in facts.items()}
    roles = {doc: _roles(f.talk, canonical) for doc, f in facts.items()}
    terms = {doc: {t.lower(): t for t in subject_terms(f.text)} for doc, f in facts.items()}
    titles = {doc: title_words(f.talk.title or "") for doc, f in facts.items()}
    word_use = Counter(w for f in facts.values() for w in {w.lower() for w in WORD.findall(f.text)})
    term_use = Counter(key for found in terms.values() for key in found)

    def index(values: dict[str, set[str]]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for doc in sorted(values):
            for value in values[doc]:
                found[value].append(doc)
        return found

    evidence: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for person, docs in index(people).items():
        for a, b in combinations(docs, 2):
            evidence[(a, b)]["people"].append(person)
    distinctive = {doc: {k for k in found if term_use[k] <= MAX_TERM_TALKS} for doc, found in terms.items()}
    for key, docs in index(distinctive).items():
        for a, b in combinations(docs, 2):
            evidence[(a, b)]["terms"].append(key)
    rare_titles = {doc: {w for w in words if word_use[w] <= MAX_TERM_TALKS} for doc, words in titles.items()}
    for word, docs in index(rare_titles).items():
        for a, b in combinations(docs, 2):
            evidence[(a, b)]["words"].append(word)
    speakers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc, f in facts.items():
        speaker = f.talk.name(f.talk.speaker)
        if speaker.given:
            speakers[(comparable(speaker.surname), speaker.initials[0])].append(doc)
    for citing, f in sorted(facts.items()):
        for printed in f.cited:
            author = Name.parse(printed)
            for cited in speakers.get(
                (comparable(author.surname), author.initials[:1][0] if author.initials else ""), []
            ):
                if cited != citing and printed not in evidence[tuple(sorted((citing, cited)))]["cites"]:
                    evidence[tuple(sorted((citing, cited)))]["cites"].append(printed)

    pairs: dict[tuple[str, str], tuple[int, list[str]]] = {}
    for (a, b), found in sorted(evidence.items()):
        score, reasons = 0, []
        for person in sorted(found["people"]):
            score += 3
            reasons.append(_person_reason(person, roles[a], roles[b]))
        if found["cites"]:
            score += 2
            reasons.append(Reason.of(N_("references cite %(person)s, the speaker"), person=found["cites"][0]))
        shared_terms = [terms[a][key] for key in sorted(found["terms"])]
        in_terms = {word.lower() for term in shared_terms for word in re.split(r"[\s-]", term)}
        shared_words = set(found["words"]) - in_terms
        if shared_terms:
            score += len(shared_terms)
            reasons.append(Reason.of(N_("both study %(terms)s"), terms=", ".join(map(_plural, shared_terms))))
        if shared_words:
            score += len(shared_words)
            phrases = _phrases(facts[a].talk.title or "", shared_words)
            quoted = ", ".join(f"‘{phrase}’" for phrase in phrases)
            reasons.append(Reason.of(N_("both titles speak of %(words)s"), words=quoted))
        if score:
            pairs[(a, b)] = (score, reasons)
    return pairs


def _phrases(title: str, shared: set[str]) -> list[str]:
    """Shared title words grouped as they stand together in the title ("ground state")."""
    phrases, current = [], []
    for word in re.findall(r"[^\W\d_]+", title):
        if word.lower() in shared:
            current.append(word)
        elif current:
            phrases.append(" ".join(current))
            current = []
    if current:
        phrases.append(" ".join(current))
    return list(dict.fromkeys(phrases))


def _roles(talk: Talk, canonical: dict[str, str]) -> dict[str, str]:
    """Each person of a talk (merged name) -> speaker, co-author or collaborator."""
    found = {canonical.get(n, n): "collaborator" for n in talk.collaborators}
    found.update({canonical.get(n, n): "co-author" for n in talk.coauthors})
    found[canonical.get(talk.speaker, talk.speaker)] = "speaker"
    return found


def _person_reason(person: str, a: dict[str, str], b: dict[str, str]) -> Reason:
    roles = {a.get(person, "collaborator"), b.get(person, "collaborator")}
    if roles == {"co-author"}:
        return Reason.of(N_("shares co-author %(person)s"), person=person)
    if roles == {"collaborator"}:
        return Reason.of(N_("shares collaborator %(person)s"), person=person)
    if roles == {"speaker", "co-author"}:
        return Reason.of(N_("%(person)s speaks in one and is a co-author of the other"), person=person)
    if roles == {"speaker", "collaborator"}:
        return Reason.of(N_("%(person)s speaks in one and is a collaborator of the other"), person=person)
    return Reason.of(N_("shares %(person)s"), person=person)


def related_talks(
    facts: dict[str, TalkFacts],
    added: dict[tuple[str, str], str] | None = None,
    removed: set[tuple[str, str]] | None = None,
    canonical: dict[str, str] | None = None,
) -> dict[str, list[Relation]]:
    """Ranked, symmetric relations for every talk; editors' overrides win.

    ``added`` maps a sorted pair to the editors' reason; ``removed`` holds sorted pairs;
    ``canonical`` (printed name -> merged form) is computed here when not given.
    """
    added, removed = added or {}, removed or set()
    pairs = candidate_pairs(facts, canonical)
    chosen: dict[str, list[Relation]] = defaultdict(list)
    for pair, reason in sorted(added.items()):
        if pair[0] in facts and pair[1] in facts and pair not in removed:
            _link(chosen, pair, 100, [reason])
    ranked = sorted(pairs.items(), key=lambda item: (-item[1][0], item[0]))
    for pair, (score, reasons) in ranked:
        a, b = pair
        if pair in removed or pair in added:
            continue
        if len(chosen[a]) < MAX_RELATED and len(chosen[b]) < MAX_RELATED:
            _link(chosen, pair, score, reasons)
    return {doc: sorted(chosen.get(doc, []), key=lambda r: (-r.score, r.other)) for doc in facts}


def _link(chosen: dict[str, list[Relation]], pair: tuple[str, str], score: int, reasons: list[str]) -> None:
    a, b = pair
    chosen[a].append(Relation(b, tuple(reasons), score))
    chosen[b].append(Relation(a, tuple(reasons), score))
