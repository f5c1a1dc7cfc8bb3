"""How a figure can be written in copy: digits, separators, words and fractions."""

from __future__ import annotations

import re

__all__ = ["number_forms", "value_in_text", "format_value"]

_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
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
    return False


def format_value(value: float) -> str:
    """Digits as a newsroom writes them: 2,500; 0.5 as 'half'."""
    if value == int(value):
        return f"{int(value):,}"
    for fraction, words in _FRACTIONS.items():
        if abs(value - fraction) < 1e-9:
            return words[0]
    return f"{value:,.2f}".rstrip("0").rstrip(".")
