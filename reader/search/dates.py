"""What ``date:`` accepts: one rule for a day, a month, a year and the ends of a range.

A date is a year of four digits, optionally with its month and day: ``2025``,
``2025-02``, ``2025-02-13`` (``-``, ``.`` or ``/`` between them, or none). A range is
two of them, ``[2025-01 to 2025-03]``, either end left open (``[to 2025]``); a year, a
month or a day at an end covers all of it. Anything else — ``99999``, ``1``,
``-99999``, ``2025-02-30``, a range that ends before it starts — is a query error that
says what was wrong, never a search for some other date that finds nothing.

Apart from the searcher because Whoosh's own date field reads dates loosely (the first
four digits of ``99999`` are the year 9999, ``-`` signs vanish); the parser of the
search is given this field for ``date:`` instead (the index keeps Whoosh's).
"""

from __future__ import annotations

import re
from datetime import datetime

from whoosh import fields
from whoosh import query as wq
from whoosh.util.times import adatetime, datetime_to_long

#: How dates may be written in a query (said in every ``date:`` error).
DATE_FORMS = "dates look like 2025, 2025-02, 2025-02-13 or [2025-02-01 to 2025-02-28]"

_DATE = re.compile(r"(\d{4})(?:[-./]?(\d{2})(?:[-./]?(\d{2}))?)?")


class DateError(ValueError):
    """A ``date:`` value that is not a date; ``str()`` says what is wrong, in the user's words."""


def parse_date(text: str) -> adatetime:
    """The year, month or day ``text`` names, or :class:`DateError`."""
    value = text.strip()
    match = _DATE.fullmatch(value)
    if match is None:
        raise DateError(f"{value!r} is not a date")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if year < 1:
            raise ValueError
        datetime(year, month or 1, day or 1)  # checks the month and the day of that month
    except ValueError:
        raise DateError(f"{value!r} is not a date") from None
    return adatetime(year, month, day)


class DateField(fields.DATETIME):
    """A DATETIME field for the query parser: :func:`parse_date`'s rule, errors as error queries."""

    def parse_query(self, fieldname, qstring, boost=1.0):
        try:
            at = parse_date(qstring)
        except DateError as exc:
            return wq.error_query(str(exc))
        return wq.NumericRange(fieldname, datetime_to_long(at.floor()), datetime_to_long(at.ceil()), boost=boost)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        if start is None and end is None:
            return wq.Every(fieldname, boost=boost)
        try:
            low = parse_date(start).floor() if start is not None else None
            high = parse_date(end).ceil() if end is not None else None
        except DateError as exc:
            return wq.error_query(str(exc))
        if low is not None and high is not None and high < low:
            return wq.error_query(f"the range [{start.strip()} to {end.strip()}] ends before it starts")
        return wq.NumericRange(fieldname, None if low is None else datetime_to_long(low),
                               None if high is None else datetime_to_long(high), startexcl, endexcl, boost=boost)
