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
    """Best-effort parse of a free-form date ("2001-05-03", "May 2001", "1999/2000")."""
    s = raw.strip()
    if not s:
        return None
    m = re.fullmatch(r"(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?"
                     r"(?:\s*/\s*(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?)?", s)
    if m:
        g = [_int(x) if x else 0 for x in m.groups()]
        end = (g[3], g[4], g[5]) if m.group(4) else None
        return DateValue((g[0], g[1], g[2]), end)
    words = re.findall(r"[A-Za-z]+|\d+", s)
    year = month = day = season = 0
    for w in words:
        lw = w.lower()
        if lw[:3] in _MONTHS and not month:
            month = _MONTHS[lw[:3]]
        elif lw in _SEASONS:
            season = _SEASONS[lw]
        elif w.isdigit() and len(w) <= 2 and not day:
            day = int(w)
        elif w.isdigit() and len(w) >= 3:
            year = int(w)
    if year:
        return DateValue((year, month, day if month else 0), None, season)
    return DateValue(None, literal=s)


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
