"""Time expressions: find them, and resolve them against the publication date.

A bare weekday ("on Thursday", "Wednesday night", "late Wednesday") is the latest such
day on or before publication; "last Sunday" the same, but never publication day itself;
"yesterday"/"today" relative to publication; explicit dates ("January 4", "Jan 07,2020",
"4 January 2020", ISO) as written, the year taken from publication when missing.
Relative expressions that need the date just mentioned ("the next day", "a day earlier")
resolve to None here; :func:`resolve_relative` takes that date as context.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:night|morning|afternoon|evening))?"

# One pattern per kind of expression, tried in this order; all case-insensitive.
DATE_PATTERN = re.compile(
    r"(?=\b[\dADEFHJLMNOPSTWYadefhjlmnopstwy])(?:(?P<iso>\b\d{4}-\d{2}-\d{2}\b)"
    rf"|(?P<mdy>\b{_MONTH_RE}\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?:\s*,\s*\d{{4}}\b|\s+\d{{4}}\b)?)"
    rf"|(?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+\d{{4}}\b)?)"
    rf"|(?P<weekday>\b(?:(?:last|this|past|on|late|early|earlier|later)\s+(?:on\s+)?)?{_WEEKDAY_RE}{_PART}\b)"
    r"|(?P<yesterday>\b(?:yesterday|the\s+day\s+before\s+yesterday)\b)"
    r"|(?P<today>\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+(?:in\s+the\s+day|today)"
    r"|later\s+in\s+the\s+day)\b)"
    r"|(?P<relative>\b(?:the\s+(?:next|following|previous|preceding)\s+day|a\s+day\s+(?:later|earlier|before|after)"
    r"|the\s+day\s+(?:after|before)|hours\s+later|later\s+that\s+day|the\s+same\s+day)\b))",
    re.IGNORECASE,
)

_RELATIVE_OFFSETS = {
    "next": 1, "following": 1, "later": 1, "after": 1,
    "previous": -1, "preceding": -1, "earlier": -1, "before": -1,
}  # fmt: skip


def _month_day(text: str, kind: str) -> tuple[int, int, int | None] | None:
    if kind == "mdy":
        m = re.search(rf"({_MONTH_RE})\s*(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{{4}}))?", text, re.I)
        if m:
            month = _MONTHS[m.group(1).lower().rstrip(".")]
            return month, int(m.group(2)), int(m.group(3)) if m.group(3) else None
        return None
    m = re.search(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+(\d{{4}}))?", text, re.I)
    if m:
        month = _MONTHS[m.group(2).lower().rstrip(".")]
        return month, int(m.group(1)), int(m.group(3)) if m.group(3) else None
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_date(expression: str, published: dt.date | None) -> dt.date | None:
    """The day ``expression`` names, relative to ``published``; None when it cannot be told.

    Needs ``published`` for weekdays, "yesterday" and dates without a year. Relative
    expressions ("the next day") need the date just mentioned: see :func:`resolve_relative`.
    """
    m = DATE_PATTERN.search(expression)
    if m is None:
        return None
    kind = m.lastgroup
    text = m.group(0)
    if kind == "iso":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    if kind in ("mdy", "dmy"):
        parts = _month_day(text, kind)
        if parts is None:
            return None
        month, day, year = parts
        if year is None:
            if published is None:
                return None
            year = published.year
            found = _safe_date(year, month, day)
            # "December 30" in an article published on January 2 is last year's
            if found is not None and found > published + dt.timedelta(days=31):
                found = _safe_date(year - 1, month, day)
            return found
        return _safe_date(year, month, day)
    if published is None:
        return None
    low = text.lower()
    if kind == "weekday":
        name = next(w for w in WEEKDAYS if w in low)
        back = (published.weekday() - WEEKDAYS.index(name)) % 7
        if back == 0 and re.match(r"(?:last|past)\b", low):
            back = 7
        return published - dt.timedelta(days=back)
    if kind == "yesterday":
        return published - dt.timedelta(days=2 if "before" in low else 1)
    if kind == "today":
        return published
    return None


def resolve_relative(expression: str, anchor: dt.date | None) -> dt.date | None:
    """ "the next day", "a day earlier", "hours later", ... relative to ``anchor`` (the date just mentioned)."""
    if anchor is None:
        return None
    low = expression.lower()
    if "hours later" in low or "same day" in low or "later that day" in low:
        return anchor
    for word, offset in _RELATIVE_OFFSETS.items():
        if re.search(rf"\b{word}\b", low):
            return anchor + dt.timedelta(days=offset)
    return None


def is_relative(expression: str) -> bool:
    m = DATE_PATTERN.search(expression)
    return m is not None and m.lastgroup == "relative"


_DATELINE = re.compile(
    rf"(?:^|\n)[^\n]{{0,80}}?(?P<date>{_MONTH_RE}\s*\d{{1,2}}\s*,\s*\d{{4}}|\d{{1,2}}\s+{_MONTH_RE}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})",
    re.IGNORECASE,
)


def find_dateline(text: str, *, max_chars: int = 1500) -> dt.date | None:
    """A full date (with year) near the top of the page: "By AFP - Jan 07,2020", "Published 4 May 2021"."""
    m = _DATELINE.search(text[:max_chars])
    if m is None:
        return None
    return resolve_date(m.group("date"), None)
