"""biblatex dates (EDTF level 0/1 subset) and year/month/day -> CSL-JSON dates.

Habit 2: a value that cannot be parsed keeps its text as ``{"literal": ...}``
and the caller reports it; nothing here raises.
"""

from __future__ import annotations

import re

CslDate = dict[str, object]

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# German month names (German files write month = {Oktober}, "10. Oktober").
MONTHS.update({
    name: number
    for number, names in enumerate(
        [("januar", "jänner", "jän"), ("februar",), ("märz", "maerz", "mär"), ("april",),
         ("mai",), ("juni",), ("juli",), ("august",), ("september",), ("oktober", "okt"),
         ("november",), ("dezember", "dez")],
        start=1,
    )
    for name in names
})

# Russian month names, nominative, genitive (GOST files write month = {19 нояб}) and the
# abbreviations of GOST 7.0.12.
MONTHS.update({
    name: number
    for number, names in enumerate(
        [("январь", "января", "янв"), ("февраль", "февраля", "фев", "февр"),
         ("март", "марта", "мар"), ("апрель", "апреля", "апр"), ("май", "мая"),
         ("июнь", "июня", "июн"), ("июль", "июля", "июл"), ("август", "августа", "авг"),
         ("сентябрь", "сентября", "сен", "сент"), ("октябрь", "октября", "окт"),
         ("ноябрь", "ноября", "ноя", "нояб"), ("декабрь", "декабря", "дек")],
        start=1,
    )
    for name in names
})

# EDTF seasons 21-24 (spring, summer, autumn, winter) -> CSL seasons 1-4.
_SEASONS = {21: 1, 22: 2, 23: 3, 24: 4}
# A time of day after the date (``2013-10-30T11:20:51-07:00``) is accepted, as
# biber accepts it, and dropped: CSL dates have no time.
_EDTF = re.compile(
    r"^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}(?::\d{2}){0,2}(?:\.\d+)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?([~?%]?)$"
)


_UNSPECIFIED = re.compile(r"^(\d{2,3})X{1,2}$")


def parse_date(text: str) -> tuple[CslDate, str | None]:
    """An EDTF-ish ``date`` field: ``1976``, ``1976-01``, ``1976-01-05``,
    ``1941/1946``, ``1941/`` or ``1941/..`` (open end), ``/1946`` or ``../1946`` (open
    start), ``1944~`` and ``1944%`` (circa), ``1944?`` (uncertain: biber keeps the flag,
    biblatex prints it only with ``dateuncertain=true``, and CSL has no such field, so
    it is read as a plain date), ``1976-21`` (spring),
    ``-0333`` (334 BC), ``2013-10-30T11:20:51-07:00`` (the time dropped).

    Returns the CSL date and a problem message (None when all was understood).
    """
    value = text.strip()
    unspecified = _UNSPECIFIED.match(value)
    if unspecified:  # EDTF "199X" (a decade), "19XX" (a century): the years they span
        digits = unspecified.group(1)
        width = 4 - len(digits)
        first = int(digits) * 10**width
        return {"date-parts": [[first], [first + 10**width - 1]]}, None
    ends = value.split("/")
    if len(ends) > 2:
        return {"literal": value}, f"cannot read the date {value!r}"
    parsed = [_edtf_point(end.strip()) for end in ends if end.strip() not in ("", "..")]
    if not parsed or any(p is None for p in parsed):
        points = [end.strip() for end in ends if end.strip() not in ("", "..")]
        if points and all(_EDTF.match(point) for point in points):
            return {"literal": value}, f"cannot read the date {value!r}: no such month or day"
        return {
            "literal": value
        }, f"cannot read the date {value!r} (expected YYYY, YYYY-MM, YYYY-MM-DD or a range A/B)"
    read = [p for p in parsed if p]
    date: CslDate = {"date-parts": [p[0] for p in read]}
    if len(ends) == 2 and len(read) == 1:
        if ends[1].strip() in ("", ".."):
            # An open end (``2000/``, ``2000/..``), which biber keeps: citeproc-js prints
            # "2000–" for an end of zeros as long as the start (a shorter one is an error).
            date["date-parts"] = [read[0][0], [0] * len(read[0][0])]
        else:
            # An open start (``/2000``, ``../2000``): biber keeps only the end year, and
            # citeproc-js prints nothing for a start of zeros, so the range is a literal.
            text_end = ends[1].strip().rstrip("~?%")
            return {"literal": f"–{text_end}"}, None
    if any(p[1] for p in read):
        date["circa"] = True
    season = next((p[2] for p in read if p[2]), None)
    if season:
        date["season"] = season
    return date, None


def _edtf_point(text: str) -> tuple[list[int], bool, int | None] | None:
    match = _EDTF.match(text)
    if not match:
        return None
    year, month, day, qualifier = match.groups()
    # EDTF years are astronomical (0 is 1 BC, -0333 is 334 BC); CSL counts
    # BC years as negative numbers without a year 0.
    parts = [int(year) if int(year) > 0 else int(year) - 1]
    season = None
    if month:
        number = int(month)
        if number in _SEASONS and not day:
            season = _SEASONS[number]
        elif 1 <= number <= 12:
            parts.append(number)
        else:
            return None
    if day:
        if not 1 <= int(day) <= _days_in(parts[0], parts[1]):
            return None  # not in the calendar (2000-02-30): biber refuses it too
        parts.append(int(day))
    return parts, qualifier in ("~", "%"), season


def _days_in(year: int, month: int) -> int:
    """Days of a month in the proleptic Gregorian calendar (CSL's year, BC negative)."""
    if month != 2:
        return 30 if month in (4, 6, 9, 11) else 31
    astronomical = year if year > 0 else year + 1
    leap = astronomical % 4 == 0 and (astronomical % 100 != 0 or astronomical % 400 == 0)
    return 29 if leap else 28


def parse_month(text: str) -> int | None:
    """``7``, ``07``, ``jul``, ``July``, ``Jul.`` -> 7; anything else -> None."""
    value = text.strip().rstrip(".").lower()
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(value)


# CSL seasons: 1 spring, 2 summer, 3 autumn, 4 winter (a magazine's "Fall 1994").
SEASON_NAMES = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
# ``7--8``, ``5/6``, ``6\\slash 9``, ``Jan--Feb``: an issue covering two months.
_MONTH_RANGE = re.compile(r"^(\w+)\.?\s*(?:-{1,3}|\u2013|/|\\slash(?:\{\})?)\s*(\w+)\.?$")


def read_month(text: str) -> tuple[list[int], int | None] | None:
    """A ``month`` field: ``([7], None)``, a range ``([7, 8], None)``, a season
    ``([], 3)``; ``????`` (unknown, as Beebe's bibliographies write it) is
    ``([], None)``. None when it cannot be read."""
    value = text.replace("{", "").replace("}", "").replace("~", " ").strip()
    if value and set(value) == {"?"}:
        return [], None
    season = SEASON_NAMES.get(value.lower().rstrip("."))
    if season:
        return [], season
    single = parse_month(value)
    if single is not None:
        return [single], None
    match = _MONTH_RANGE.match(value)
    if match:
        first, last = parse_month(match.group(1)), parse_month(match.group(2))
        if first is not None and last is not None and first < last:
            return [first, last], None
    return None


_DAY_MONTH = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?$")
_MONTH_DAY = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?$")


def _month_and_day(text: str) -> tuple[int, int] | None:
    """A month field with its day, named month either side (``"10~" # jan`` is
    "10~January"; "July 4"; "10. October"); a bare "10~1" stays unread."""
    value = text.replace("{", "").replace("}", "").replace("~", " ").strip()
    match = _DAY_MONTH.match(value)
    day, name = (match.group(1), match.group(2)) if match else (None, None)
    if match is None and (match := _MONTH_DAY.match(value)):
        name, day = match.group(1), match.group(2)
    month = MONTHS.get(name.lower()) if name else None
    if month is None or day is None or not 1 <= int(day) <= 31:
        return None
    return month, int(day)


def year_month_day(year: str, month: str | None, day: str | None) -> tuple[CslDate, str | None]:
    """Classic ``year``/``month``/``day`` fields -> a CSL date."""
    value = year.strip()
    if not re.fullmatch(r"-?\d{1,4}", value):
        return {"literal": value}, f"cannot read the year {value!r}"
    parts = [int(value)]
    if not month:
        return {"date-parts": [parts]}, None
    read = read_month(month)
    if read is None and (with_day := _month_and_day(month)) is not None:
        read, day = ([with_day[0]], None), str(with_day[1])
    if read is None:
        return {"date-parts": [parts]}, f"cannot read the month {month.strip()!r}"
    months, season = read
    if season:
        return {"date-parts": [parts], "season": season}, None
    if len(months) == 2:
        return {"date-parts": [parts + months[:1], parts + months[1:]]}, None
    problem = None
    if months:
        parts += months
        if day and day.strip().isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
        elif day:
            problem = f"cannot read the day {day.strip()!r}"
    return {"date-parts": [parts]}, problem


# --- what to write instead -------------------------------------------------------------

_PUBSTATE_WORDS = {
    "forthcoming": "forthcoming", "in press": "inpress", "inpress": "inpress",
    "submitted": "submitted", "in preparation": "inpreparation",
}
_NO_DATE = frozenset({"n.d.", "nd", "n. d.", "s.d.", "s. d.", "o.j.", "o. j.", "undated"})
_CIRCA = re.compile(r"^(?:ca?\.?|circa|um)\s*(-?\d{1,4})$", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-{1,3}|\u2013|\u2014|/)\s*(\d{2}|\d{4})$")
_ISO_PREFIX = re.compile(r"^(-?\d{1,4})-(\d{1,2})(?:-(\d{1,2}))?$")
_DMY = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})\.?\s+)?([^\W\d_]+)\.?,?\s+(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4}),?\s+([^\W\d_]+)\.?(?:\s+(\d{1,2}))?$")


def suggest_date(field: str, text: str) -> str | None:
    """Advice for an unreadable ``year``/``date`` value in biblatex's terms
    ("write date = {1500~}" for "ca. 1500"), or None when there is no safe rewrite."""
    value = " ".join(text.replace("{", "").replace("}", "").replace("~", " ").split())
    target = "date" if field in ("year", "date") else field
    lowered = value.lower()
    if lowered in _PUBSTATE_WORDS:
        return f"write pubstate = {{{_PUBSTATE_WORDS[lowered]}}}"
    if lowered in _NO_DATE:
        return "leave it out: styles print their own 'n.d.'"
    if match := _CIRCA.match(value):
        return f"write {target} = {{{match.group(1)}~}}"
    if re.fullmatch(r"-?\d{1,4}\?", value):
        return f"write {target} = {{{value}}}"
    if match := _YEAR_RANGE.match(value):
        start, end = match.groups()
        end = start[: 4 - len(end)] + end
        return f"write {target} = {{{start}/{end}}}" if int(end) > int(start) else None
    if match := _ISO_PREFIX.match(value):
        return _iso(target, match.group(1), match.group(2), match.group(3))
    if match := _DMY.match(value):
        return _iso(target, match.group(3), match.group(2), match.group(1))
    if match := _MONTH_YEAR.match(value):
        day, name, year = match.groups()
        month = MONTHS.get(name.lower())
        return _iso(target, year, str(month), day) if month else None
    if match := _YEAR_MONTH.match(value):
        year, name, day = match.groups()
        month = MONTHS.get(name.lower())
        return _iso(target, year, str(month), day) if month else None
    return None


def _iso(target: str, year: str, month: str, day: str | None) -> str | None:
    text = f"{int(year):04d}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    date, problem = parse_date(text)
    return f"write {target} = {{{text}}}" if problem is None else None
