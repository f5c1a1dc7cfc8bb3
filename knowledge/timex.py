"""Time expressions in copy, resolved against the publication date.

"on Saturday", "last week", "July this year", "by January 15", "between October 2019 and
July this year", "five years ago": each becomes a date or a period with its precision
(day, month or year). A weekday means the most recent one on or before publication; a
month or day without a year means the nearest one before publication, or after it when
the sentence looks ahead ("by January 15", "will").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from knowledge.dates import MONTHS, DatePoint
from knowledge.sentences import CaseBlind, Rebuilt, Searcher, words_in

__all__ = ["TimeMention", "find_times"]

_M: Final = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS: Final = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WD: Final = r"(?P<wd>" + "|".join(_WEEKDAYS) + r")"
_YEAR: Final = r"(?P<{name}>(?:19|20)\d{{2}})"
_REL_YEAR: Final = r"(?P<{name}>this year|last year|next year)"


def _month_pattern(name: str) -> str:
    return _M.format(name=name)


_PATTERNS: list[tuple[str, Searcher]] = [
    ("between", re.compile(
        r"\b(?:between|from)\s+" + _month_pattern("m1") + r"(?:\s+" + _YEAR.format(name="y1")
        + r")?\s+(?:and|to|until|through)\s+" + _month_pattern("m2") + r"(?:\s+(?:"
        + _YEAR.format(name="y2") + r"|" + _REL_YEAR.format(name="r2") + r"))?\b", re.I)),
    ("full_mdy", re.compile(r"\b" + _month_pattern("m") + r"\s+(?P<d>\d{1,2}),?\s+"
                            + _YEAR.format(name="y") + r"\b", re.I)),
    ("full_dmy", re.compile(r"\b(?P<d>\d{1,2})\s+" + _month_pattern("m") + r",?\s+"
                            + _YEAR.format(name="y") + r"\b", re.I)),
    ("iso", re.compile(r"(?=[12])\b(?P<y>(?:19|20)\d{2})-(?P<mm>\d{2})-(?P<dd>\d{2})\b")),
    ("month_year", re.compile(r"\b(?:(?:early|mid|late)[\s-]+)?" + _month_pattern("m")
                              + r"\s+(?:" + _YEAR.format(name="y") + r"|"
                              + _REL_YEAR.format(name="r") + r")\b", re.I)),
    ("md", re.compile(r"\b(?P<lead>by|until|before|after|since|on|from)?\s*" + _month_pattern("m")
                      + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?![,.]?\s*(?:19|20)\d{2})", re.I)),
    ("dm", re.compile(r"\b(?P<lead>by|until|before|after|since|on|from)?\s*(?P<d>\d{1,2})"
                      r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + _month_pattern("m")
                      + r"\b(?![,.]?\s*(?:19|20)\d{2})", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                       r"eleven|twelve)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("so_far", re.compile(r"\b(?:(?:since|from)\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+"
                          r"(?P<unit>year|month)|so\s+far\s+this\s+(?P<unit2>year|month)|"
                          r"this\s+(?P<unit3>year|month)\s+so\s+far)\b", re.I)),
    ("weekend", re.compile(r"\b(?:over\s+)?(?:the\s+|last\s+|this\s+past\s+)weekend\b", re.I)),
    ("week", re.compile(r"\b(?P<which>last|this|next)\s+week\b", re.I)),
    ("month_rel", re.compile(r"\b(?P<which>last|this|next)\s+month\b", re.I)),
    ("year_rel", re.compile(r"\b(?P<which>last|this|next)\s+year\b", re.I)),
    ("month", re.compile(r"\b(?P<lead>in|since|during|by|until|before|after|of|from)\s+"
                         r"(?:(?:early|mid|late)[\s-]+)?" + _month_pattern("m") + r"(?!\s+\d)",
                         re.I)),
    ("mid_month", re.compile(r"\b(?:early|mid|late)[\s-]+" + _month_pattern("m")
                             + r"(?!\s+\d)", re.I)),
    ("weekday", re.compile(r"(?=[ltnmwfs])\b(?:(?P<which>last|this|next)\s+)?" + _WD
                           + r"(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?\b", re.I)),
    ("day_rel", re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow|this morning|"
                           r"this evening|earlier today)\b", re.I)),
    ("coming", re.compile(r"\b(?:in|within|over)\s+the\s+coming\s+(?:days|weeks)\b", re.I)),
    ("year", re.compile(r"(?=[isdbuaof12])\b(?:(?P<lead>in|since|during|by|until|before|after|of|from)\s+)?"
                        r"(?<![\d,.])(?P<y>(?:19|20)\d{2})(?![\d,.]\d)(?!\s*\$)"
                        # "2000 soldiers": a count, unless a preposition or "the" made it a
                        # year ("in 2020 soldiers …", "the 2019 elections")
                        r"(?(lead)|(?:(?<=the\s\d{4})|(?<=its\s\d{4})|(?<=their\s\d{4})|"
                        r"(?<=this\s\d{4})|(?<=last\s\d{4})|"
                        r"(?!\s+(?!(?:this|thus|always|across|unless|perhaps)\b)[a-z]{3,}s\b)))"
                        r"\b", re.I)),
]
# Case-blind patterns run on the lower-cased sentence (sentences.CaseBlind).
_PATTERNS = [(kind, CaseBlind(p) if isinstance(p, re.Pattern) and p.flags & re.I else p)
             for kind, p in _PATTERNS]
_FUTURE: Final = re.compile(r"\b(?:will|would|shall|by|until|plans?|planned|expected|target|"
                            r"deadline|next|coming)\b", re.I)
_FUTURE_WORDS: Final = frozenset("will would shall by until plan plans planned expected target deadline "
                                 "next coming".split())


def _looks_ahead(sentence: str) -> bool:
    """``_FUTURE.search(sentence)``, read off the sentence's words when it can be."""
    words = words_in(sentence)
    if words is None:
        return bool(_FUTURE.search(sentence))
    return not words.isdisjoint(_FUTURE_WORDS)


_SMALL: Final = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


@dataclass(frozen=True, slots=True)
class TimeMention(Rebuilt):
    """A time expression: where it is, and the date or period it names."""

    start: int
    end: int
    point: DatePoint
    until: DatePoint | None = None
    text: str = ""


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _month_point(year: int, month: int) -> DatePoint:
    return DatePoint(dt.date(year, month, 1), "month")


def _nearest_month(month: int, published: dt.date, future: bool) -> int:
    year = published.year
    if future:
        return year if month >= published.month else year + 1
    return year if month <= published.month else year - 1


def _nearest_day(month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    for year in ((published.year, published.year + 1) if future
                 else (published.year, published.year - 1)):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if future and candidate >= published - dt.timedelta(days=1):
            return candidate
        if not future and candidate <= published + dt.timedelta(days=7):
            return candidate
    return None


def _year_of(match: re.Match[str], year_group: str, rel_group: str | None,
             published: dt.date) -> int | None:
    year = match.groupdict().get(year_group)
    if year:
        return int(year)
    rel = (match.groupdict().get(rel_group) or "").lower() if rel_group else ""
    if rel:
        return published.year + {"this year": 0, "last year": -1, "next year": 1}[rel]
    return None


def _resolve(kind: str, m: re.Match[str], published: dt.date, sentence: str
             ) -> tuple[DatePoint, DatePoint | None] | None:
    looks_ahead = _looks_ahead(sentence)
    lead = (m.groupdict().get("lead") or "").lower()
    future = lead in {"by", "until", "before"} or (looks_ahead and lead not in {"since", "in",
                                                                               "on", "from"})
    if kind == "between":
        m1, m2 = _month_number(m.group("m1")), _month_number(m.group("m2"))
        y2 = _year_of(m, "y2", "r2", published) or _nearest_month(m2, published, False)
        y1 = int(m.group("y1")) if m.group("y1") else (y2 if m1 <= m2 else y2 - 1)
        return _month_point(y1, m1), _month_point(y2, m2)
    if kind in {"full_mdy", "full_dmy"}:
        try:
            day = dt.date(int(m.group("y")), _month_number(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
        return DatePoint(day, "day"), None
    if kind == "iso":
        try:
            day = dt.date(int(m.group("y")), int(m.group("mm")), int(m.group("dd")))
        except ValueError:
            return None
        return DatePoint(day, "day"), None
    if kind == "month_year":
        year = _year_of(m, "y", "r", published)
        return (_month_point(year, _month_number(m.group("m"))), None) if year else None
    if kind in {"md", "dm"}:
        near = _nearest_day(_month_number(m.group("m")), int(m.group("d")), published, future)
        return (DatePoint(near, "day"), None) if near else None
    if kind == "ago":
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else _SMALL.get(raw, 1)
        unit = m.group("unit").lower()
        if unit == "year":
            return DatePoint(dt.date(published.year - n, 1, 1), "year"), None
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 - n
            return _month_point(month_index // 12, month_index % 12 + 1), None
        days = n * (7 if unit == "week" else 1)
        return DatePoint(published - dt.timedelta(days=days), "day"), None
    if kind == "weekend":
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return DatePoint(saturday, "day"), None
    if kind == "week":
        which = m.group("which").lower()
        monday = published - dt.timedelta(days=published.weekday())
        monday += dt.timedelta(days={"last": -7, "this": 0, "next": 7}[which])
        return DatePoint(monday, "day"), DatePoint(monday + dt.timedelta(days=6), "day")
    if kind == "month_rel":
        shift = {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
        month_index = published.year * 12 + published.month - 1 + shift
        return _month_point(month_index // 12, month_index % 12 + 1), None
    if kind == "so_far":  # "since the start of the year", "so far this month": until now
        unit = (m.group("unit") or m.group("unit2") or m.group("unit3")).lower()
        first = published.replace(month=1, day=1) if unit == "year" else published.replace(day=1)
        return DatePoint(first, "day"), DatePoint(published, "day")
    if kind == "year_rel":
        shift = {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
        return DatePoint(dt.date(published.year + shift, 1, 1), "year"), None
    if kind in {"month", "mid_month"}:
        month = _month_number(m.group("m"))
        return _month_point(_nearest_month(month, published, future), month), None
    if kind == "weekday":
        target = _WEEKDAYS[m.group("wd").lower()]
        which = (m.group("which") or "").lower()
        back = (published.weekday() - target) % 7
        if which == "next":
            return DatePoint(published + dt.timedelta(days=(target - published.weekday()) % 7
                                                      or 7), "day"), None
        if which == "last" and back == 0:
            back = 7
        return DatePoint(published - dt.timedelta(days=back), "day"), None
    if kind == "day_rel":
        word = m.group("word").lower()
        shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return DatePoint(published + dt.timedelta(days=shift), "day"), None
    if kind == "coming":
        return DatePoint(published, "day"), None
    if kind == "year":
        return DatePoint(dt.date(int(m.group("y")), 1, 1), "year"), None
    return None


_TRIGGER: Final = re.compile(
    r"\d|\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + "|" + "|".join(_WEEKDAYS)
    + r"|today|tonight|yesterday|tomorrow|morning|evening|week|weekend|month|year|ago|"
      r"coming)\b", re.I)


# Which words a pattern needs: a sentence without them is not tried on it.
_NEEDS: Final[dict[str, set[str]]] = {
    **{kind: {"month"} for kind in ("between", "full_mdy", "full_dmy", "month_year", "md", "dm",
                                           "month", "mid_month")},
    "iso": {"year_digits"}, "year": {"year_digits"}, "ago": {"ago"}, "weekend": {"weekend"},
    "week": {"week"}, "month_rel": {"month_word"}, "year_rel": {"year_word"},
    "so_far": {"month_word", "year_word"},
    "weekday": {"weekday"}, "day_rel": {"day", "morning", "evening"}, "coming": {"coming"},
}
_MONTH_WORDS: Final = {name.lower() for name in MONTHS}


def _trigger_kind(word: str) -> str:
    lowered = word.lower()
    if lowered.isdigit():
        return "digit"
    if lowered in _MONTH_WORDS:
        return "month"
    if lowered in _WEEKDAYS:
        return "weekday"
    if lowered in {"today", "tonight", "yesterday", "tomorrow"}:
        return "day"
    return {"month": "month_word", "year": "year_word"}.get(lowered, lowered)


_TRIGGER_WORDS: Final = frozenset([*_MONTH_WORDS, *_WEEKDAYS, "today", "tonight", "yesterday",
                                   "tomorrow", "morning", "evening", "week", "weekend", "month", "year",
                                   "ago", "coming"])
_DIGIT: Final = re.compile(r"\d")
_YEAR_DIGITS: Final = re.compile(r"(?:19|20)\d\d")  # what a year or an ISO date cannot lack


def _present(sentence: str) -> set[str]:
    """Which kinds of trigger word the sentence has (as ``_TRIGGER`` finds them), and
    "year_digits" where it holds 19xx or 20xx."""
    words = words_in(sentence)
    if words is None:
        present = {_trigger_kind(m.group(0)) for m in _TRIGGER.finditer(sentence)}
    else:
        present = {_trigger_kind(word) for word in words & _TRIGGER_WORDS}
        if _DIGIT.search(sentence):
            present.add("digit")
    if "digit" in present and _YEAR_DIGITS.search(sentence):
        present.add("year_digits")
    return present


@lru_cache(maxsize=4096)
def _candidates(sentence: str) -> tuple[tuple[str, re.Match[str], int, int], ...]:
    """Every pattern's matches in a sentence, in the order they are tried (kept for the last
    few thousand sentences: wire copy repeats them, with other publication dates)."""
    present = _present(sentence)
    if not present:
        return ()
    out = []
    for kind, pattern in _PATTERNS:
        if present.isdisjoint(_NEEDS[kind]):
            continue
        for m in pattern.finditer(sentence):
            start, end = m.start(), m.end()
            text = m.group(0)
            start += len(text) - len(text.lstrip())
            out.append((kind, m, start, end))
    return tuple(out)


def find_times(sentence: str, published: dt.date) -> list[TimeMention]:
    """Time expressions in a sentence, resolved against ``published``, left to right."""
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    for kind, m, start, end in _candidates(sentence):
        if any(not (end <= a or start >= b) for a, b in taken):
            continue
        resolved = _resolve(kind, m, published, sentence)
        if resolved is None:
            continue
        point, until = resolved
        taken.append((start, end))
        found.append(TimeMention(start, end, point, until, sentence[start:end]))
    found.sort(key=lambda t: t.start)
    return found
