"""Dates known to a day, a month or a year, and how they read in an answer."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["MONTHS", "DatePoint", "parse_date_point", "parse_written_date"]

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class DatePoint:
    """A date with its precision: ``DatePoint(date(2020, 9, 1), "month")`` is September 2020."""

    start: dt.date
    precision: str

    @property
    def end(self) -> dt.date:
        """Last day the point covers."""
        if self.precision == "year":
            return dt.date(self.start.year, 12, 31)
        if self.precision == "month":
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return dt.date(self.start.year, self.start.month, last)
        return self.start

    @property
    def iso(self) -> str:
        """ISO text at the point's precision: 2020, 2020-09 or 2020-09-30."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def human(self) -> str:
        """How an answer shows it: 2020, Sep 2020 or 30 Sep 2020."""
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "month":
            return f"{calendar.month_abbr[self.start.month]} {self.start.year}"
        return f"{self.start.day} {calendar.month_abbr[self.start.month]} {self.start.year}"


def parse_date_point(text: str) -> DatePoint:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise.

    >>> parse_date_point("2020-09").human()
    'Sep 2020'
    """
    match = _ISO.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        if day:
            return DatePoint(dt.date(int(year), int(month), int(day)), "day")
        if month:
            return DatePoint(dt.date(int(year), int(month), 1), "month")
        return DatePoint(dt.date(int(year), 1, 1), "year")
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None


def parse_written_date(raw: str) -> DatePoint | None:
    """A date as a reporter writes it, or None: ``2020-10-03``, ``2020-10``, ``2020``,
    ``3 October 2020``, ``October 3rd, 2020``, ``Oct 2020``, ``September of 2020``.

    >>> parse_written_date("October 3rd, 2020").human()
    '3 Oct 2020'
    """
    raw = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", raw.strip().replace(",", " "))
    raw = re.sub(r"\bof\b", " ", raw).strip()
    parts = raw.replace(".", " ").split()
    try:
        if _ISO.match(raw):
            return parse_date_point(raw)
        if len(parts) == 3 and parts[0].isdigit():
            return DatePoint(dt.date(int(parts[2]), MONTHS[parts[1].lower()], int(parts[0])), "day")
        if len(parts) == 3:
            return DatePoint(dt.date(int(parts[2]), MONTHS[parts[0].lower()], int(parts[1])), "day")
        if len(parts) == 2:
            return DatePoint(dt.date(int(parts[1]), MONTHS[parts[0].lower()], 1), "month")
    except (ValueError, KeyError):
        return None
    return None
