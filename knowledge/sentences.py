"""Split article text into sentences with offsets, and recognise page furniture."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "is_furniture", "sentences"]

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "col", "gen", "lt", "sgt", "capt", "maj", "st", "no", "vs", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n",
    "u.k", "inc", "corp", "rep", "sen", "gov", "prof", "e.g", "i.e", "approx",
}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_FURNITURE = [
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


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a source, with its character offsets and paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int


def is_furniture(line: str) -> bool:
    """True for lines that are page furniture, not copy: read times, widgets, share bars."""
    stripped = line.strip()
    if not stripped:
        return True
    return any(p.search(stripped) for p in _FURNITURE)


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
_OPEN_END = re.compile(r"(?:[,(\-–—]|\b(?:a|an|the|of|and|or|but|to|in|on|at|by|for|from|with|"
                       r"as|that|which|who|said|says|than|its|their|his|her))\s*$", re.I)
_GOES_ON = re.compile(r"^\s*[a-z0-9(]")


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for each paragraph line; a line wrapped onto the next is joined with
    it (the newline kept, so offsets and quotes stay verbatim)."""
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if out and line.strip() and not is_furniture(line) and out[-1][1].endswith("\n") and \
                out[-1][1].strip() and not is_furniture(out[-1][1]) and (
                    _GOES_ON.match(line) or _OPEN_END.search(out[-1][1].rstrip("\r\n"))):
            out[-1] = (out[-1][0], out[-1][1] + line)
        else:
            out.append((start, line))
    return out


def sentences(text: str, *, skip_lines: int = 0) -> list[Sentence]:
    """Sentences of ``text`` (each line a paragraph, lines wrapped onto the next joined),
    leaving out furniture lines.

    ``skip_lines`` leaves out the first non-empty lines (a title repeated at the top).
    """
    out: list[Sentence] = []
    paragraph = 0
    skipped = 0
    for start_of_line, line in _lines(text):
        if not line.strip():
            continue
        if skipped < skip_lines:
            skipped += 1
            continue
        if is_furniture(line):
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
