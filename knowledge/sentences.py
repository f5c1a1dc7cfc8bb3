"""Split article text into sentences with offsets, and recognise page furniture."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, Final

__all__ = ["AsciiFast", "CaseBlind", "Rebuilt", "Searcher", "Sentence", "case_blind",
           "group_words", "is_furniture", "sentences", "words_in"]

_ABBREVIATIONS: Final = {
    "mr", "mrs", "ms", "dr", "col", "gen", "lt", "sgt", "capt", "maj", "st", "no", "vs", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n",
    "u.k", "inc", "corp", "rep", "sen", "gov", "prof", "e.g", "i.e", "approx",
}
_END: Final = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_FURNITURE: Final = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\s*\d+\s*(?:min(?:ute)?s?)\s+read\s*$",          # "3 min read"
        r"^\s*[$€£]?\s*[\d,.]+\s*[$€£]\s*$",                 # donation widget "2,500 $"
        r"^\s*[$€£]\s*[\d,.]+\s*$",
        r"^\s*read (?:also|more)\b",
        r"^\s*(?:follow us|share (?:this|on)|subscribe|sign up|log in|remember me)",
        r"^\s*do you like this content",
        r"^\s*(?:more (?:about|news from)|latest news|top news|related)\b",
        r"^\s*(?:advertisement|sponsored)\s*$",
        r"^\s*(?:link|photo|image|video)\s*$",
        r"\[(?:getty|afp|reuters|ap|file)(?: images)?\]\s*$",     # photo caption credit
        r"^\s*article image",
        r"^\s*(?:january|february|march|april|may|june|july|august|september|october|"
        r"november|december)\s+\d{4}\s*$",
        r"^\s*\d{1,2}\s+[A-Za-z]+,?\s+\d{4}\s*$",               # dateline "04 October, 2020"
        r"^\s*by\s+[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+){0,3}\s+\w{3}\.?\s+\d{1,2},\s+\d{4}",  # byline
        r"^\s*this (?:opinion )?article was written by",
        r"^\s*(?:©|copyright)\b",
    )
]


def _depths(pattern: str) -> list[int]:
    """For each character of a pattern, the depth of parentheses it stands at, or -1 for
    one that is escaped or inside a character class (a parenthesis counts at its outside)."""
    depths: list[int] = []
    depth = 0
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            depths += [-1, -1][: len(pattern) - i]
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            depths.append(-1)
        elif char == "[":
            in_class = True
            depths.append(-1)
        elif char == "(":
            depths.append(depth)
            depth += 1
        elif char == ")":
            depth -= 1
            depths.append(depth)
        else:
            depths.append(depth)
        i += 1
    return depths


def _top_level(pattern: str) -> list[str]:
    """The alternatives of a pattern's top level ("a(?:b|c)|d": "a(?:b|c)", "d")."""
    cuts = [i for i, depth in enumerate(_depths(pattern)) if depth == 0 and pattern[i] == "|"]
    return [pattern[a + 1: b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]


def _closing(pattern: str, depths: list[int], opening: int) -> int:
    """Where the group opened at ``opening`` closes (-1 if it does not)."""
    return next((i for i in range(opening + 1, len(pattern))
                 if pattern[i] == ")" and depths[i] == depths[opening]), -1)


def _opening_group_spread(alternative: str) -> list[str]:
    """"(?:a|(?:b|c)) x" as "a x", "b x", "c x": the same strings, tried in the same order."""
    if not alternative.startswith("(?:"):
        return [alternative]
    close = _closing(alternative, _depths(alternative), 0)
    rest = alternative[close + 1:]
    if close < 0 or rest[:1] in ("?", "*", "+", "{"):
        return [alternative]
    return [whole for head in _top_level(alternative[3:close])
            for whole in _opening_group_spread(head + rest)]


def _grouped(alternation: str) -> str | None:
    """An alternation of words with its alternatives grouped by first letter, or None where
    it cannot be.

    The regex engine tries an alternation's branches one by one at every position, so a
    long list of words is slow to search for; grouped under their first letters it tries
    one group. Alternatives keep their order within a letter, and only alternatives of one
    letter can match where that letter stands, so the same alternative wins as before.
    Where an alternative opens with anything but a letter a-z that must match, or captures
    a group, the alternation is left as it is."""
    spread = [whole for part in _top_level(alternation) for whole in _opening_group_spread(part)]
    groups: dict[str, list[str]] = {}
    for alternative in spread:
        first = alternative[:1]
        if not ("a" <= first <= "z") or alternative[1:2] in ("?", "*", "+", "{") \
                or _CAPTURES.search(alternative):
            return None
        groups.setdefault(first, []).append(alternative[1:])
    if len(groups) == len(spread):
        return None  # one alternative a letter: nothing to gain
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_CAPTURES: Final = re.compile(r"\((?!\?)|\(\?P<|\\\d")
_WORDS_GROUP: Final = re.compile(r"\((?:\?:|\?P<\w+>)")  # a group that may list words


def group_words(pattern: str) -> str:
    """``pattern`` with each list of words in it ("(?:in|at|near …)") grouped by first
    letter (``_grouped``): the same matches, found faster. Every ``CaseBlind`` is read so."""
    out: list[str] = []
    done = 0
    depths = _depths(pattern)
    for opening in _WORDS_GROUP.finditer(pattern):
        if opening.start() < done:
            continue  # inside a group already rewritten
        if depths[opening.start()] < 0:
            continue  # an escaped or bracketed parenthesis
        close = _closing(pattern, depths, opening.start())
        if close < 0:
            return pattern
        grouped = _grouped(pattern[opening.end(): close])
        if grouped is None:
            continue
        out += [pattern[done: opening.end()], grouped, ")"]
        done = close + 1
    out.append(pattern[done:])
    return "".join(out)


class AsciiFast:
    """A pattern without \\s run in ASCII mode on ASCII text (\\w, \\d and \\b read from a
    table, which is faster), as itself on any other: the same matches either way (Unicode
    counts the separators \\x1c-\\x1f as spaces, ASCII mode does not, hence no \\s)."""

    __slots__ = ("_ascii", "_unicode", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        if "\\s" in compiled.pattern or "\\S" in compiled.pattern:
            raise ValueError(f"a pattern with spaces differs in ASCII mode: {compiled.pattern}")
        self._unicode = compiled
        self._ascii = re.compile(compiled.pattern, compiled.flags & ~re.UNICODE | re.ASCII)
        self.pattern = compiled.pattern

    def finditer(self, text: str, *bounds: int) -> Iterator[re.Match[str]]:
        return (self._ascii if text.isascii() else self._unicode).finditer(text, *bounds)

    def findall(self, text: str) -> list[Any]:
        return (self._ascii if text.isascii() else self._unicode).findall(text)


_RUN: Final = AsciiFast(re.compile(r"\w+"))
# The only letters that re.IGNORECASE matches to ASCII letters: İ ı ſ and the Kelvin sign.
_FOLDS_TO_ASCII: Final = re.compile("[\u0130\u0131\u017f\u212a]")


@lru_cache(maxsize=512)
def words_in(text: str) -> frozenset[str] | None:
    """The runs of word characters in ``text``, lower-cased: a case-blind ``\\bword\\b``
    matches only where its word is one of them, so a pattern of words no run spells can be
    skipped. None when the text holds a letter that re.IGNORECASE folds onto an ASCII one
    (then only the pattern itself can tell)."""
    if not text.isascii() and _FOLDS_TO_ASCII.search(text):
        return None
    return frozenset(_RUN.findall(text.lower()))


_LAST_LOWERED: tuple[str | None, str | None, bool] = (None, None, False)


class CaseBlind:
    """A case-blind pattern of lower-case words, run case-sensitively on the lower-cased
    text: the same matches at the same places (``str.lower`` keeps every other letter one
    letter, and word, space and digit characters what they are), about four times faster in
    Python's re. Groups come back lower-cased. A text holding İ, ı, ſ or the Kelvin sign,
    which re.IGNORECASE folds onto ASCII letters, is matched by the pattern itself."""

    __slots__ = ("_ascii", "_blind", "_plain", "flags", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        bare = re.sub(r"\\.|\(\?P[<=]\w+[>)]", "", compiled.pattern)
        if not compiled.flags & re.IGNORECASE or re.search("[A-Z]", bare):
            raise ValueError(f"not a case-blind pattern of lower-case words: {compiled.pattern}")
        grouped = group_words(compiled.pattern)
        self._blind = compiled if grouped == compiled.pattern else re.compile(grouped,
                                                                              compiled.flags)
        self._plain = re.compile(grouped, compiled.flags & ~re.IGNORECASE)
        # On ASCII text \w, \d, \s and \b mean the same in ASCII mode, which is faster,
        # but for the four separators \x1c-\x1f, which Unicode counts as spaces.
        self._ascii = re.compile(grouped, compiled.flags & ~re.IGNORECASE & ~re.UNICODE | re.ASCII)
        self.pattern, self.flags = compiled.pattern, compiled.flags

    def _for(self, text: str) -> tuple[re.Pattern[str], str]:
        global _LAST_LOWERED
        last = _LAST_LOWERED  # several patterns are often tried on one text in a row
        if last[0] is not text:
            plain = text.isascii() and not (  # [\x1c-\x1f], the fast way
                "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text)
            lowered = None if not plain and _FOLDS_TO_ASCII.search(text) else text.lower()
            last = _LAST_LOWERED = (text, lowered, plain)
        if last[1] is None:
            return self._blind, text
        return (self._ascii if last[2] else self._plain), last[1]

    def search(self, text: str, *bounds: int) -> re.Match[str] | None:
        pattern, text = self._for(text)
        return pattern.search(text, *bounds)

    def match(self, text: str, *bounds: int) -> re.Match[str] | None:
        pattern, text = self._for(text)
        return pattern.match(text, *bounds)

    def fullmatch(self, text: str, *bounds: int) -> re.Match[str] | None:
        pattern, text = self._for(text)
        return pattern.fullmatch(text, *bounds)

    def finditer(self, text: str, *bounds: int) -> Iterator[re.Match[str]]:
        pattern, text = self._for(text)
        return pattern.finditer(text, *bounds)


# A compiled pattern, or the same pattern run case-blind: both search, match and iterate.
Searcher = re.Pattern[str] | CaseBlind


def case_blind(pattern: Searcher) -> CaseBlind:
    """``pattern`` as a CaseBlind (itself if it is one already)."""
    return pattern if isinstance(pattern, CaseBlind) else CaseBlind(pattern)


class Rebuilt:
    """A frozen dataclass that pickle rebuilds by calling its class with its fields in order.

    Compiled (mypyc), a frozen dataclass is otherwise rebuilt by setting each field, which
    its frozen ``__setattr__`` refuses; ingest's extraction processes send their figures,
    places and times back to the writer pickled."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        value: Any = self
        return type(self), tuple(getattr(self, f.name) for f in fields(value))


@dataclass(frozen=True, slots=True)
class Sentence(Rebuilt):
    """A sentence of a source, with its character offsets and paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int


# The same patterns in two: those that must match at the start of a line, tried at once.
_FURNITURE_START: Final = re.compile("|".join(f"(?:{p.pattern[1:]})" for p in _FURNITURE
                                              if p.pattern.startswith("^")), re.IGNORECASE)
_FURNITURE_ANYWHERE: Final = [p for p in _FURNITURE if not p.pattern.startswith("^")]


def is_furniture(line: str) -> bool:
    """True for lines that are page furniture, not copy: read times, widgets, share bars."""
    stripped = line.strip()
    if not stripped:
        return True
    return bool(_FURNITURE_START.match(stripped)) or any(
        p.search(stripped) for p in _FURNITURE_ANYWHERE)


def _split_points(paragraph: str) -> list[int]:
    points = []
    for match in _END.finditer(paragraph):
        before = paragraph[: match.start()].rsplit(None, 1)
        word = before[-1].lower().rstrip(".") if before else ""
        if match.group(0).startswith(".") and (word in _ABBREVIATIONS or len(word) == 1):
            continue
        points.append(match.end())
    return points


# A line that goes on in the next one: hard-wrapped copy ("… wounding\nsix soldiers").
_OPEN_END: Final = CaseBlind(re.compile(r"(?:[,(\-–—]|\b(?:a|an|the|of|and|or|but|to|in|on|at|by|for|"
                                        r"from|with|as|that|which|who|said|says|than|its|their|his|"
                                        r"her))\s*$", re.I))
_GOES_ON: Final = re.compile(r"^\s*[a-z0-9(]")
# A line that opens with a dateline starts the story, whatever the line before ends with
# (a headline "…, UN agency says" over "GENEVA, March 4 (Wire) -").
_DATELINE_START: Final = re.compile(r"^\s*[A-Z][A-Z'’.]+(?:[\s-][A-Z][A-Z'’.]+)*\s*(?:,|\(|—|–|-\s)")


def _open_end(line: str) -> bool:
    """Whether ``line`` stops where its sentence cannot (a comma, "the", "said"); only its
    tail is read (the longest ending is a short word and spaces)."""
    body = line.rstrip()
    return bool(_OPEN_END.search(body, max(0, len(body) - 12)))


def _lines(text: str) -> list[tuple[int, str, bool]]:
    """(offset, line, furniture) for each paragraph line; a line wrapped onto the next is
    joined with it (the newline kept, so offsets and quotes stay verbatim)."""
    out: list[tuple[int, str, bool]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        blank = not line.strip()
        furniture = blank or is_furniture(line)
        if out and not furniture and not out[-1][2] and out[-1][1].endswith("\n") and (
                _GOES_ON.match(line) or _open_end(out[-1][1]) and
                not _DATELINE_START.match(line)):
            out[-1] = (out[-1][0], out[-1][1] + line, False)
        else:
            out.append((start, line, furniture))
    return out


def sentences(text: str, *, skip_lines: int = 0) -> list[Sentence]:
    """Sentences of ``text`` (each line a paragraph, lines wrapped onto the next joined),
    leaving out furniture lines.

    ``skip_lines`` leaves out the first non-empty lines (a title repeated at the top).
    """
    out: list[Sentence] = []
    paragraph = 0
    skipped = 0
    for start_of_line, line, furniture in _lines(text):
        if not line.strip():
            continue
        if skipped < skip_lines:
            skipped += 1
            continue
        if furniture:
            continue
        paragraph += 1
        body = line.rstrip("\r\n")
        cuts = [0, *_split_points(body), len(body)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            piece = body[a:b]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                begin = start_of_line + a + lead
                out.append(Sentence(begin, begin + len(piece), piece, paragraph))
    return out
