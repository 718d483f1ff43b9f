"""TeX math -> SVG for the HTML route: WeasyPrint lays out no MathML.

ziamath (pure Python: latex2mathml, then its own layout of the MathML with an
OpenType math font's MATH table) draws each formula as an SVG of glyph
outlines, so the PDF needs no math font embedded and looks the same
everywhere. The font is Latin Modern Math, which TeX Live installs and the
LaTeX route loads through unicode-math, so both routes set formulas in the same
face; without it ziamath's bundled STIX Two Math is used. Text inside math
(``\\text{...}``) is set in Linux Libertine, the text face. The font files are
package data of the system, read by ziamath like Pygments reads its lexers: the
writer itself still opens no file of the project.

The SVG goes into the HTML as a ``data:`` URL in an ``<img>`` sized in ``em``
(so a formula in a footnote shrinks with the note's text), and lowered by its
depth below the baseline, so the formula's baseline sits on the line's.
Formulas are cached by their TeX and mode, so a formula used again, or a second
build in the same process, costs nothing; during a build they are cached on disk
too (:mod:`typeset.writers.math_cache`), so the next build lays out none again.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typeset.writers import math_cache

# where Debian's TeX Live and fonts-lmodern put the OpenType Latin Modern Math
_FONT_CANDIDATES = (
    "/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf",
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/lm-math/latinmodern-math.otf",
    "/usr/share/fonts/opentype/lmodern/latinmodern-math.otf",
)
_TEXT_FONT = "/usr/share/fonts/opentype/linux-libertine/LinLibertine_R.otf"  # \\text{...}
_SIZE = 100.0  # layout size in SVG units; the <img> is scaled to em below
_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')


class MathError(ValueError):
    """TeX math that latex2mathml or ziamath cannot read."""


@dataclass(frozen=True)
class MathImage:
    """One rendered formula: the SVG and its size and depth in em."""

    svg: str
    width_em: float
    height_em: float
    depth_em: float

    def img(self, css_class: str, alt: str) -> str:
        data = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        style = (f"width: {self.width_em:.3f}em; height: {self.height_em:.3f}em; "
                 f"vertical-align: {-self.depth_em:.3f}em")
        return (f'<img class="{css_class}" alt="{alt}" style="{style}" '
                f'src="data:image/svg+xml;base64,{data}">')


@lru_cache(maxsize=1)
def math_font() -> str | None:
    return next((path for path in _FONT_CANDIDATES if Path(path).is_file()), None)


def render_math(tex: str, display: bool) -> MathImage:
    """``tex`` as an SVG image (cached in the process and, during a build, on disk:
    :mod:`typeset.writers.math_cache`); :class:`MathError` if it is not valid TeX math."""
    return _render_cached(tex, display, math_cache.folder())


@lru_cache(maxsize=4096)
def _render_cached(tex: str, display: bool, _folder: Path | None) -> MathImage:
    name = math_cache.key(tex, display, (math_font(), _TEXT_FONT))
    entry = math_cache.load(name)
    if entry is not None:
        try:
            return MathImage(str(entry["svg"]), float(entry["width_em"]),
                             float(entry["height_em"]), float(entry["depth_em"]))
        except (KeyError, TypeError, ValueError):
            pass  # not one of ours: rendered again and overwritten
    image = _render(tex, display)
    math_cache.store(name, {"svg": image.svg, "width_em": image.width_em,
                            "height_em": image.height_em, "depth_em": image.depth_em})
    return image


def _render(tex: str, display: bool) -> MathImage:
    from ziamath.config import config
    from ziamath.zmath import Latex

    if Path(_TEXT_FONT).is_file():
        config.text.textfont = _TEXT_FONT
    try:
        formula = Latex(tex, size=_SIZE, font=math_font(), inline=not display,
                                margin=0)
        svg = formula.svg()
    except Exception as exc:  # latex2mathml and ziamath raise many kinds
        raise MathError(f"cannot read TeX math {tex!r}: {exc or type(exc).__name__}") from None
    match = _VIEWBOX.search(svg)
    if match is None:
        raise MathError(f"cannot lay out TeX math {tex!r}")
    _x, y, width, height = (float(v) for v in match.groups())
    return MathImage(svg, width / _SIZE, height / _SIZE, (y + height) / _SIZE)
