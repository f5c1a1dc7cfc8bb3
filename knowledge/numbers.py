"""How a figure can be written in copy: digits, separators, words and fractions."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Final, NamedTuple

from knowledge.sentences import CaseBlind, words_in

__all__ = ["NumberMention", "find_numbers", "format_value", "number_forms", "qualifier_range",
           "vague_word",
           "value_in_text"]

_UNITS: Final = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_TENS: Final = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_FRACTIONS = {0.5: ["half"], 0.25: ["quarter"], 0.75: ["three quarters", "three-quarters"]}
_FRACTIONS[1 / 3] = ["third"]
_FRACTIONS[2 / 3] = ["two thirds", "two-thirds"]


def _words(n: int) -> list[str]:
    if n < 20:
        return [_UNITS[n]]
    if n < 100:
        tens, unit = divmod(n, 10)
        if not unit:
            return [_TENS[tens]]
        return [f"{_TENS[tens]}-{_UNITS[unit]}", f"{_TENS[tens]} {_UNITS[unit]}"]
    if n % 1000 == 0 and n < 100_000:
        return [f"{w} thousand" for w in _words(n // 1000)]
    if n % 100 == 0 and n < 1000:
        return [f"{w} hundred" for w in _words(n // 100)]
    return []


def number_forms(value: float) -> list[str]:
    """Every way ``value`` may be written: 2500 -> ['2,500', '2500', ...]; 12 -> [..., 'dozen']."""
    forms: list[str] = []
    for fraction, words in _FRACTIONS.items():
        if abs(value - fraction) < 1e-9:
            forms.extend(words)
    if value == int(value):
        n = int(value)
        forms += [f"{n:,}", str(n)]
        if n >= 1000:
            forms.append(f"{n:,}".replace(",", " "))
            forms.append(f"{n:,}".replace(",", "."))
        if n >= 1_000_000 and n % 100_000 == 0:
            forms.append(f"{n / 1_000_000:g} million")
        forms += _words(n) if n < 100_000 else []
        if n == 12:
            forms.append("dozen")
    else:
        forms.append(f"{value:g}")
    return forms


def value_in_text(value: float, text: str) -> bool:
    """True when ``text`` states ``value`` as digits or words, on word boundaries."""
    for form in number_forms(value):
        pattern = r"(?<![\w,.])" + re.escape(form) + r"(?![\w]|[,.]\d)"
        if re.search(pattern, text, flags=re.IGNORECASE):
            return True
    # A vague quantity: "hundreds" is written down as 100 or, by convention, 200.
    return any(value in (base, 2 * base) and pattern.search(text) for pattern, base in _VAGUE)


@lru_cache(maxsize=65536)
def vague_word(value: float, text: str) -> str | None:
    """The vague quantity ("hundreds") a text uses for ``value`` when it gives no number."""
    for form in number_forms(value):
        if re.search(r"(?<![\w,.])" + re.escape(form) + r"(?![\w]|[,.]\d)", text, re.I):
            return None
    for pattern, base in _VAGUE:
        if value in (base, 2 * base):
            match = pattern.search(text)
            if match:
                return match.group(0).lower()
    return None


def qualifier_range(value: float, qualifier: str) -> tuple[float, float]:
    """The values a figure with this qualifier admits ("around" is within a tenth)."""
    tiny = max(abs(value) * 1e-9, 1e-9)
    return {
        "exact": (value, value),
        "approx": (value * 0.9, value * 1.1),
        "at_least": (value, math.inf),
        "more_than": (value + tiny, math.inf),
        "fewer_than": (-math.inf, value - tiny),
        "up_to": (-math.inf, value),
    }.get(qualifier, (value, value))


def format_value(value: float) -> str:
    """Digits as a newsroom writes them: 2,500; 0.5 as 'half'."""
    if value == int(value):
        return f"{int(value):,}"
    for fraction, words in _FRACTIONS.items():
        if abs(value - fraction) < 1e-9:
            return words[0]
    return f"{value:,.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- finding numbers

_WORD_VALUES: Final = {w: i for i, w in enumerate(_UNITS)}
_WORD_VALUES.update({w: 10 * i for i, w in enumerate(_TENS) if w})
_SCALES: Final = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORD: Final = "|".join(sorted([*_WORD_VALUES, *_SCALES, "dozen"], key=len, reverse=True))
_WORDS_RUN: Final = CaseBlind(re.compile(
    r"\b(?:(?:a|an)\s+(?=(?:hundred|thousand|million|dozen)\b))?"
    r"(?:" + _NUMBER_WORD + r")(?:(?:\s+and\s+|[\s-]+)(?:" + _NUMBER_WORD + r"))*\b",
    re.IGNORECASE,
))
# The first digit comes first and the look back follows it: a pattern that opens with a
# character class is scanned for in C, one that opens with a look back is tried at every
# position (about twice as slow over a sentence).
_DIGITS: Final = re.compile(
    r"(\d(?<![\w.,/$€£-]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(\.\d+)?"
    r"(?:\s*(million|billion|thousand|mn|bn)\b)?(?![\w]|[.,]\d|%)"
)
_VAGUE: Final[list[tuple[re.Pattern[str], float]]] = [
    (re.compile(r"\btens of thousands\b", re.I), 10_000.0),
    (re.compile(r"\bhundreds of thousands\b", re.I), 100_000.0),
    (re.compile(r"\b(?:several\s+)?thousands\b", re.I), 1000.0),
    (re.compile(r"\b(?:several\s+)?hundreds\b", re.I), 100.0),
    (re.compile(r"\bdozens\b", re.I), 12.0),
    (re.compile(r"\bscores\b(?=\s+of)", re.I), 20.0),
]
_HALVES: Final = re.compile(r"\b(?:half an?|(?P<whole>\d{1,3}|" + "|".join(_UNITS[1:]) +
                            r") and a half)\s+(?P<scale>dozen|hundred|thousand|million|billion)\b",
                            re.I)
_FRACTION_WORDS: Final[list[tuple[re.Pattern[str], float]]] = [
    (re.compile(r"\b(?:two[\s-]thirds)\b", re.I), 2 / 3),
    (re.compile(r"\b(?:three[\s-]quarters)\b", re.I), 0.75),
    (re.compile(r"\b(?:a|one)[\s-]third\b", re.I), 1 / 3),
    (re.compile(r"\b(?:a|one)[\s-]quarter\b", re.I), 0.25),
    (re.compile(r"\bhalf\b", re.I), 0.5),
]


_ANY_NUMBER: Final = re.compile(
    r"\d|\b(?:" + _NUMBER_WORD + r"|half|third|quarter|hundreds|thousands|dozens|scores)\b",
    re.IGNORECASE)


_RUN_WORD: Final = re.compile(r"[A-Za-z]+")


def _grammatical_end(run: str) -> int:
    """Where a run of number words stops being one number: "two one-way" is two, "twenty
    one" is 21, "seven hundred" is 700."""
    previous: int | None = None  # value of the last word when it was not a scale
    for match in _RUN_WORD.finditer(run):
        word = match.group(0).lower()
        value = _WORD_VALUES.get(word)
        if value is None:  # a scale, "dozen", "a", "and"
            previous = None
            continue
        if previous is not None and not (previous >= 20 and previous % 10 == 0 and value < 10):
            return len(run[: match.start()].rstrip(" -"))
        previous = value
    return len(run)


def _words_value(text: str) -> float | None:
    total, current = 0, 0
    words = re.split(r"[\s-]+", text.lower().replace(" and ", " "))
    seen = False
    for word in words:
        if word in {"a", "an", "and", ""}:
            if word in {"a", "an"}:
                current = max(current, 1)
            continue
        if word == "dozen":
            current = max(current, 1) * 12
            seen = True
        elif word in _WORD_VALUES:
            current += _WORD_VALUES[word]
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


class NumberMention(NamedTuple):
    """A number found in text: where, its value, and how it was written (a named tuple:
    made for every number of every sentence, a frozen dataclass costs several times more)."""

    start: int
    end: int
    value: float
    kind: str  # digits | words | fraction | vague
    text: str


_NUMBER_WORDS: Final = frozenset([*_WORD_VALUES, *_SCALES, "dozen"])
_ANY_NUMBER_WORDS: Final = _NUMBER_WORDS | {"half", "third", "quarter", "hundreds", "thousands",
                                            "dozens", "scores"}
_VAGUE_WORDS: Final = frozenset(["thousands", "hundreds", "dozens", "scores"])
_FRACTION_RUNS: Final = frozenset(["thirds", "quarters", "third", "quarter", "half"])
_DIGIT: Final = re.compile(r"\d")
_DIGIT_SCALES: Final = {"million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3}


def find_numbers(text: str) -> list[NumberMention]:
    """Numbers in ``text`` as digits, words, fractions or vague quantities, left to right.

    A pattern is run only on text holding a word it needs (``sentences.words_in``)."""
    found: list[NumberMention] = []
    words = words_in(text)
    if words is None:
        if not _ANY_NUMBER.search(text):
            return found
    elif words.isdisjoint(_ANY_NUMBER_WORDS) and not _DIGIT.search(text):
        return found
    taken: list[tuple[int, int]] = []

    def add(a: int, b: int, value: float, kind: str) -> None:
        for s, e in taken:
            if b > s and a < e:
                return  # overlaps a number already found
        taken.append((a, b))
        found.append(NumberMention(a, b, value, kind, text[a:b]))

    halves = _HALVES.finditer(text) if words is None or "half" in words else ()
    for m in halves:  # "half a million", "two and a half thousand"
        whole = m.group("whole")
        base = 0.0 if not whole else float(whole) if whole.isdigit() else _words_value(whole)
        add(m.start(), m.end(), ((base or 0.0) + 0.5) * _SCALES.get(m.group("scale").lower(),
                                                                     12), "words")
    if words is None or not words.isdisjoint(_VAGUE_WORDS):
        for pattern, value in _VAGUE:
            for m in pattern.finditer(text):
                add(m.start(), m.end(), value, "vague")
    if words is None or not words.isdisjoint(_FRACTION_RUNS):
        for pattern, value in _FRACTION_WORDS:
            for m in pattern.finditer(text):
                add(m.start(), m.end(), value, "fraction")
    for m in _DIGITS.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        scale = m.group(3)
        if scale:
            value *= _DIGIT_SCALES[scale.lower()]
        add(m.start(), m.end(), value, "digits")
    for m in _WORDS_RUN.finditer(text) if words is None or not words.isdisjoint(
            _NUMBER_WORDS) else ():
        end = m.start() + _grammatical_end(text[m.start(): m.end()])
        worded = _words_value(text[m.start(): end])
        if worded is not None:
            add(m.start(), end, worded, "words")
    found.sort(key=lambda n: n.start)
    return found
