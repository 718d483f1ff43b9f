"""CSL dates: parsing CSL-JSON date values and rendering cs:date (spec "Date").

A date value is parsed once into :class:`DateValue` (start and optional end as
(year, month, day) with season and circa); values that cannot be parsed keep their
literal text, so no user data is lost. Rendering follows the spec: localized forms take
the locale's date format and let cs:date-part children override attributes;
non-localized dates use their own date-parts; ranges print shared parts once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from typeset.csl import output as o
from typeset.csl.style import El
from typeset.rich.model import RichText

Parts = tuple[int, int, int]  # year, month, day (0 = absent)
UNITS = ("year", "month", "day")


@dataclass(frozen=True)
class DateValue:
    start: Parts | None
    end: Parts | None = None
    season: int = 0
    circa: bool = False
    literal: str = ""

    @property
    def is_range(self) -> bool:
        return self.end is not None and self.end != self.start and self.end[0] != 0

    @property
    def is_open_range(self) -> bool:
        """An end given as all zeros ("date-parts": [[1987], [0]]): "1987–"."""
        return self.end is not None and self.end == (0, 0, 0) and self.start != self.end

    def sort_key(self) -> str:
        if self.start is None:
            return ""
        y, m, d = self.start
        key = f"{y + 50000:06d}{m:02d}{d:02d}"
        if self.end:
            ey, em, ed = self.end
            key += f"{ey + 50000:06d}{em:02d}{ed:02d}"
        return key


def _int(value: object) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return 0


def _parts(raw: list[object]) -> Parts | None:
    vals = [_int(v) for v in list(raw)[:3]] + [0, 0, 0]
    if not raw or (vals[0] == 0 and str(raw[0]).strip() not in ("0",)):
        return None
    return vals[0], vals[1], vals[2]


_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def parse_date(value: object) -> DateValue | None:
    """A CSL-JSON date (object with date-parts/literal/raw, or a string) -> DateValue."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return parse_raw(value)
    if not isinstance(value, dict):
        return None
    circa = bool(value.get("circa"))
    season = _int(value.get("season")) if str(value.get("season", "")).isdigit() else \
        _SEASONS.get(str(value.get("season", "")).lower(), 0)
    dp = value.get("date-parts")
    if isinstance(dp, list) and dp and isinstance(dp[0], list) and dp[0]:
        start = _parts(dp[0])
        end = _parts(dp[1]) if len(dp) > 1 and isinstance(dp[1], list) and dp[1] else None
        if start is not None:
            return DateValue(start, end, season, circa)
    if value.get("literal"):
        return DateValue(None, literal=str(value["literal"]), circa=circa)
    if value.get("raw"):
        parsed = parse_raw(str(value["raw"]))
        if parsed is not None:
            return DateValue(parsed.start, parsed.end, parsed.season or season,
                             circa or parsed.circa, parsed.literal)
    return None


def parse_raw(raw: str) -> DateValue | None:
    """Best-effort parse of a free-form date, as citeproc-js's date parser reads the
    ``raw`` dates of exported CSL-JSON: ISO ("2001-05-03", with or without a time),
    numeric with the year last ("01/02/1989" month first, "13/02/1989" day first when
    the first number cannot be a month) or first ("1989/01/02"), month and year
    ("2/1989"), words ("May 6, 1989", "Spring 1989"), and ranges ("1989/1990",
    "1989-05-06 - 1990-01-02", "May 6-8, 1989", "May-June 1989"). Numbers joined by
    dots ("6.5.1989") and numeric dates without a four-digit year ("5/6/89") stay
    literal, as in citeproc-js."""
    s = re.sub(r"(?<=\d)T\d\d:\d\d.*$", "", raw.strip())
    if not s:
        return None
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}", s):
        return DateValue(None, literal=s)
    if re.fullmatch(r"[-\d/\s\u2013]+", s):
        return _numeric_raw(s)
    halves = re.split(r"\s*[-\u2013]\s*|\s+/\s+", s)
    if len(halves) == 2 and all(halves):
        first, last = _words_raw(halves[0]), _words_raw(halves[1])
        if last[0] and (first[1] or first[2] or first[3]):
            year, month = first[0] or last[0], first[1]
            return DateValue((year, month, first[2] if month else 0),
                             (last[0], last[1] or month, last[2] if last[1] or month else 0),
                             first[3])
    year, month, day, season = _words_raw(s)
    if year:
        return DateValue((year, month, day if month else 0), None, season)
    return DateValue(None, literal=s)


def _words_raw(s: str) -> tuple[int, int, int, int]:
    """(year, month, day, season) found among the words of a date."""
    year = month = day = season = 0
    for w in re.findall(r"[A-Za-z]+|\d+", s):
        lw = w.lower()
        if lw[:3] in _MONTHS and not month:
            month = _MONTHS[lw[:3]]
        elif lw in _SEASONS:
            season = _SEASONS[lw]
        elif w.isdigit() and len(w) <= 2 and not day:
            day = int(w)
        elif w.isdigit() and len(w) >= 3:
            year = int(w)
    return year, month, day, season


def _numeric_raw(s: str) -> DateValue:
    """A date of numbers only: one date, or a range of two (see :func:`parse_raw`)."""
    s = re.sub(r"(?<=\d)\s*-$", "", s)  # "1987-"
    if re.fullmatch(r"-\d{1,4}", s):  # a year BC
        return DateValue((int(s), 0, 0))
    halves = re.split(r"\s+-\s+|\s*\u2013\s*", s)
    if len(halves) != 2:
        halves = re.split(r"\s*/\s*", s) if "/" in s and "-" in s else [s]
    if len(halves) == 1:
        tokens = re.split(r"\s*[-/]\s*", s)
        if not all(t.isdigit() for t in tokens):
            return DateValue(None, literal=s)
        years = [n for n, t in enumerate(tokens) if len(t) >= 3]
        if not years:
            return DateValue(None, literal=s)
        groups: list[list[str]] = []
        if years[0] == 0:  # year first: each year opens a date
            for t in tokens:
                if len(t) >= 3 or not groups:
                    groups.append([])
                groups[-1].append(t)
        else:  # year last: each year closes a date
            groups.append([])
            for t in tokens:
                groups[-1].append(t)
                if len(t) >= 3:
                    groups.append([])
            groups = [g for g in groups if g]
        halves_parts = [_numeric_parts(g) for g in groups]
    else:
        halves_parts = [_numeric_parts(re.split(r"\s*[-/]\s*", h)) for h in halves]
    if any(p is None for p in halves_parts) or len(halves_parts) > 2:
        return DateValue(None, literal=s)
    start = halves_parts[0]
    assert start is not None
    if len(halves_parts) == 1:
        return DateValue(start)
    end = halves_parts[1]
    assert end is not None
    if end[1] == 0 and end[2] == 0:  # "05/06/1989/1990": the end repeats month and day
        end = (end[0], start[1], start[2])
    return DateValue(start, end)


def _numeric_parts(tokens: list[str]) -> Parts | None:
    if not tokens or not all(t.isdigit() for t in tokens) or len(tokens) > 3:
        return None
    n = [int(t) for t in tokens]
    if len(tokens[0]) >= 3:  # year, month, day
        year, month, day = (n + [0, 0])[:3]
    elif len(tokens[-1]) >= 3:  # month/day/year, day first when it cannot be a month
        year = n[-1]
        month, day = (n[0], n[1]) if len(n) == 3 else (n[0], 0)
        if month > 12 and day <= 12:
            month, day = day, month
    else:
        return None
    if month > 12 or day > 31:
        return None
    return year, month, day


@dataclass
class DateEnv:
    """What rendering needs from the evaluator: terms, ordinals and text case."""

    term: Callable[..., str | None]
    ordinal: Callable[[int, str | None], str]
    text_case: Callable[[RichText, str | None], RichText]
    date_format: Callable[[str], El | None]
    limit_day_ordinals: bool


def render_date(el: El, date: DateValue, env: DateEnv) -> RichText:
    """cs:date for one value: literal, localized (form=text|numeric) or custom date-parts."""
    if date.start is None:
        return o.text(date.literal)
    parts, delimiter = _date_parts(el, env)
    if not parts:
        return ()
    if date.is_range and date.end is not None:
        body = _render_range(parts, date, env, delimiter)
    else:
        body = o.join([_render_part(p, date.start, date, env) for p in parts], delimiter)
        if date.is_open_range and body:
            year = next((p for p in parts if p.get("name") == "year"), parts[-1])
            body = o.concat(body, o.text(year.get("range-delimiter", "–") or "–"))
    return body


def macro_sort_key(el: El, date: DateValue, env: DateEnv) -> str:
    """A date's sort key inside a macro: only the date-parts the element would render
    count, the others are zeros (spec "Sorting Macros")."""
    if date.start is None:
        return ""
    parts, _delim = _date_parts(el, env)
    shown = {p.get("name") for p in parts}

    def mask(value: Parts | None) -> Parts | None:
        if value is None:
            return None
        y, m, d = value
        return (y if "year" in shown else 0, m if "month" in shown else 0,
                d if "day" in shown else 0)

    return DateValue(mask(date.start), mask(date.end), date.season).sort_key()


def _date_parts(el: El, env: DateEnv) -> tuple[list[El], str]:
    form = el.get("form")
    own = [c for c in el.children if c.name == "date-part"]
    if not form:
        return own, el.get("delimiter", "") or ""
    fmt = env.date_format(form)
    if fmt is None:
        return own, ""
    wanted = el.get("date-parts", "year-month-day") or "year-month-day"
    keep = set(wanted.split("-"))
    overrides = {c.get("name"): c for c in own}
    parts = []
    for p in fmt.children:
        name = p.get("name")
        if p.name != "date-part" or name not in keep:
            continue
        ov = overrides.get(name)
        if ov is not None:
            attrs = dict(p.attrs)
            attrs.update({k: v for k, v in ov.attrs.items() if k not in ("prefix", "suffix")})
            p = El(p.name, attrs, p.children, p.text, p.line)
        parts.append(p)
    parts = _trim_affixes(parts)
    return parts, fmt.get("delimiter", "") or ""


def _trim_affixes(parts: list[El]) -> list[El]:
    """Without the last part of a locale format, its neighbour's trailing suffix must go."""
    if not parts:
        return parts
    last = parts[-1]
    if last.get("suffix") and last.get("suffix", "").strip(" ,") == "":
        attrs = dict(last.attrs)
        attrs.pop("suffix")
        parts = parts[:-1] + [El(last.name, attrs, last.children, last.text, last.line)]
    first = parts[0]
    if first.get("prefix") and first.get("prefix", "").strip(" ,") == "":
        attrs = dict(first.attrs)
        attrs.pop("prefix")
        parts = [El(first.name, attrs, first.children, first.text, first.line)] + parts[1:]
    return parts


def _render_part(p: El, value: Parts, date: DateValue, env: DateEnv) -> RichText:
    name = p.get("name")
    y, m, d = value
    s = ""
    if name == "year" and y:
        s = _year(y, p.get("form", "long"), env)
    elif name == "month":
        if m:
            s = _month(m, p.get("form", "long"), env)
        elif date.season and value is date.start:
            s = env.term(f"season-{date.season:02d}") or ""
    elif name == "day" and d and m:
        s = _day(d, p.get("form", "numeric"), env)
    if not s:
        return ()
    rich = o.text(s)
    if p.get("strip-periods") == "true":
        rich = o.strip_periods(rich)
    rich = env.text_case(rich, p.get("text-case"))
    rich = o.formatting(rich, p.attrs)
    return o.affixes(rich, p.get("prefix"), p.get("suffix"))


def _year(y: int, form: str, env: DateEnv) -> str:
    if y < 0:
        return f"{-y}{env.term('bc') or 'BC'}"
    if form == "short":
        return f"{y % 100:02d}"
    if y < 1000:
        return f"{y}{env.term('ad') or 'AD'}"
    return str(y)


def _month(m: int, form: str, env: DateEnv) -> str:
    if m < 1 or m > 24:  # not a month, nor a season (13-24)
        return ""
    if m > 12:
        return env.term(f"season-{(m - 13) % 4 + 1:02d}") or ""
    if form == "numeric":
        return str(m)
    if form == "numeric-leading-zeros":
        return f"{m:02d}"
    return env.term(f"month-{m:02d}", "short" if form == "short" else "long") or str(m)


def _day(d: int, form: str, env: DateEnv) -> str:
    if form == "numeric-leading-zeros":
        return f"{d:02d}"
    if form == "ordinal":
        if env.limit_day_ordinals and d != 1:
            return str(d)
        return env.ordinal(d, "month")
    return str(d)


def _render_range(parts: list[El], date: DateValue, env: DateEnv, delim: str) -> RichText:
    assert date.start is not None and date.end is not None
    start, end = date.start, date.end
    names = [p.get("name") for p in parts]
    differ = next((u for i, u in enumerate(UNITS) if start[i] != end[i]), "day")
    if differ not in names:
        return o.join([_render_part(p, start, date, env) for p in parts], delim)
    level = UNITS.index(differ)
    inner = [i for i, n in enumerate(names) if UNITS.index(n) >= level]
    lo, hi = min(inner), max(inner)
    range_delim = parts[names.index(differ)].get("range-delimiter", "–") or "–"
    run_a = [_render_part(p, start, date, env) for p in parts[lo:hi + 1]]
    run_b = [_render_part(p, end, date, env) for p in parts[lo:hi + 1]]
    # the outer affixes are those of the parts that printed (a season has no day)
    shown_a = [p for p, r in zip(parts[lo:hi + 1], run_a, strict=True) if r] or [parts[hi]]
    shown_b = [p for p, r in zip(parts[lo:hi + 1], run_b, strict=True) if r] or [parts[lo]]
    a = _strip_outer(o.join(run_a, delim), parts[lo], shown_a[-1], right=True)
    b = _strip_outer(o.join(run_b, delim), shown_b[0], parts[hi], right=False)
    middle = o.concat(o.concat(a, o.text(range_delim)), b)
    before = [_render_part(p, start, date, env) for p in parts[:lo]]
    after = [_render_part(p, start, date, env) for p in parts[hi + 1:]]
    return o.join(before + [middle] + after, delim)


def _strip_outer(rich: RichText, first: El, last: El, right: bool) -> RichText:
    """Inside a range, the run's outer suffix (start) / prefix (end) gives way to the dash."""
    if right:
        suffix = last.get("suffix") or ""
        if suffix and o.plain_text(rich).endswith(suffix):
            return o.strip_last(rich, len(suffix)) if len(suffix) == 1 else _strip_n(rich, suffix)
        return rich
    prefix = first.get("prefix") or ""
    if prefix and o.plain_text(rich).startswith(prefix):
        return o.strip_first(rich, len(prefix))
    return rich


def _strip_n(rich: RichText, suffix: str) -> RichText:
    for _ in range(len(suffix)):
        rich = o.strip_last(rich)
    return rich
