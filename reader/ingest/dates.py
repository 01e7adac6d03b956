"""Dates of articles: any common written form to a naive UTC datetime.

Front matter, JSON Lines records and HTML metadata give dates in every form
("2024-11-05", "26-FEB-1987 15:01:01.79", a timestamp), which dateutil reads; a
Wikinews-style dateline ("Friday, January 4, 2019") is read from its parts, since an
article is parsed again for every snippet and dateutil was most of that.
"""

from __future__ import annotations

import re
from datetime import date as date_type
from datetime import datetime, timezone

from dateutil import parser as date_parser

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_WEEKDAY_DATELINE = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
    rf"({'|'.join(_MONTHS)})"
    r"\s+(\d{1,2}),?\s+(\d{4})$",
    re.IGNORECASE,
)


def parse_date(value: object) -> datetime | None:
    """A naive UTC datetime from a date in any common form, or None if there is none."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date_type):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            parsed = datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str) and value.strip() and len(value) < 100:
        try:
            parsed = date_parser.parse(value.strip())
        except (ValueError, OverflowError):
            return None
    else:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def dateline_date(paragraphs: list[str]) -> datetime | None:
    """The date of a Wikinews-style first paragraph ("Friday, January 4, 2019"), if any.

    Read from the pattern's parts, as dateutil reads them (the weekday is not checked):
    the article's file is parsed again for every snippet, and dateutil took 60 % of that.
    A date that does not exist (February 30) or a year below 100 goes to dateutil, whose
    word is final.
    """
    dateline = _WEEKDAY_DATELINE.match(paragraphs[0]) if paragraphs else None
    if dateline is None:
        return None
    month, day, year = dateline.groups()
    if int(year) >= 100:  # dateutil reads "0099" as 1999
        try:
            return datetime(int(year), _MONTHS.index(month.lower()) + 1, int(day))
        except ValueError:
            pass
    return parse_date(paragraphs[0])
