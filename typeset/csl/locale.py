"""CSL locales: terms (forms, plurals, gender), date formats and options.

Locale files come from the citeproc-py package's data directory (data only). A
:class:`Locale` is the merge, in rising priority, of: en-US, the language's
file, then the style's own ``<locale>`` elements (no xml:lang, then the language,
then the exact dialect) -- spec "Locale Fallback".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from typeset.csl.style import El, load_tree, package_dir

PRIMARY_DIALECTS = {
    "af": "af-ZA", "ar": "ar", "bg": "bg-BG", "ca": "ca-AD", "cs": "cs-CZ", "cy": "cy-GB",
    "da": "da-DK", "de": "de-DE", "el": "el-GR", "en": "en-US", "es": "es-ES", "et": "et-EE",
    "eu": "eu", "fa": "fa-IR", "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL", "hr": "hr-HR",
    "hu": "hu-HU", "id": "id-ID", "is": "is-IS", "it": "it-IT", "ja": "ja-JP", "km": "km-KH",
    "ko": "ko-KR", "la": "la", "lt": "lt-LT", "lv": "lv-LV", "mn": "mn-MN", "nb": "nb-NO",
    "nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "pt": "pt-PT", "ro": "ro-RO", "ru": "ru-RU",
    "sk": "sk-SK", "sl": "sl-SI", "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH", "tr": "tr-TR",
    "uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN",
}

TermKey = tuple[str, str, str]  # name, form, gender-form ("" when none)


@dataclass
class Term:
    single: str
    multiple: str
    gender: str | None = None
    match: str | None = None


@dataclass
class Locale:
    lang: str
    terms: dict[TermKey, Term] = field(default_factory=dict)
    date_formats: dict[str, El] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)

    def term(self, name: str, form: str = "long", plural: bool = False,
             gender_form: str = "") -> str | None:
        """Term text with the spec's form fallback (verb-short > verb > long, symbol > short > long)."""
        t = self.term_obj(name, form, gender_form)
        if t is None:
            return None
        return t.multiple if plural else t.single

    def term_obj(self, name: str, form: str = "long", gender_form: str = "") -> Term | None:
        for f in _FORM_FALLBACK.get(form, (form, "long")):
            t = self.terms.get((name, f, gender_form))
            if t is None and gender_form:
                t = self.terms.get((name, f, ""))
            if t is not None:
                return t
        return None

    def gender(self, name: str) -> str | None:
        t = self.terms.get((name, "long", ""))
        return t.gender if t else None

    @property
    def punctuation_in_quote(self) -> bool:
        return self.options.get("punctuation-in-quote") == "true"

    @property
    def limit_day_ordinals(self) -> bool:
        return self.options.get("limit-day-ordinals-to-day-1") == "true"


_FORM_FALLBACK = {
    "long": ("long",),
    "short": ("short", "long"),
    "verb": ("verb", "long"),
    "verb-short": ("verb-short", "verb", "long"),
    "symbol": ("symbol", "short", "long"),
}


def _locales_dir() -> Path:
    """citeproc-py's locale data, found without importing (running) the package."""
    return package_dir("citeproc") / "data" / "locales"


@lru_cache(maxsize=32)
def _load_file(lang: str) -> El | None:
    path = _locales_dir() / f"locales-{lang}.xml"
    if not path.is_file():
        return None
    return load_tree(path)  # cached by content, as styles are


def _overlay(locale: Locale, el: El) -> None:
    """Merge one <locale> element over ``locale`` (later calls win)."""
    for section in el.children:
        if section.name == "terms":
            terms = [t for t in section.children if t.name == "term"]
            if any(t.attrs.get("name", "").startswith("ordinal") for t in terms):
                # spec 1.0.1+: defining any ordinal term replaces the whole ordinal set
                for key in [k for k in locale.terms if k[0].startswith("ordinal")]:
                    del locale.terms[key]
            for t in terms:
                _add_term(locale, t)
        elif section.name == "date":
            locale.date_formats[section.attrs.get("form", "text")] = section
        elif section.name == "style-options":
            locale.options.update(section.attrs)


def _add_term(locale: Locale, t: El) -> None:
    name = t.attrs.get("name", "")
    key = (name, t.attrs.get("form", "long"), t.attrs.get("gender-form", ""))
    single = t.child("single")
    multiple = t.child("multiple")
    if single is not None or multiple is not None:
        s = single.text if single is not None else ""
        m = multiple.text if multiple is not None else s
    else:
        s = m = t.text
    locale.terms[key] = Term(s, m, t.attrs.get("gender"), t.attrs.get("match"))


def _chain(lang: str) -> list[str]:
    base = lang.split("-")[0]
    chain = [lang]
    if base in PRIMARY_DIALECTS and PRIMARY_DIALECTS[base] not in chain:
        chain.append(PRIMARY_DIALECTS[base])
    return chain


def build_locale(lang: str | None, style_locales: tuple[El, ...] = ()) -> Locale:
    """The merged locale for ``lang`` (fallback en-US), with the style's overrides on top."""
    lang = lang or "en-US"
    locale = Locale(lang)
    files = ["en-US"] + list(reversed(_chain(lang)))
    seen = set()
    for name in files:
        if name in seen:
            continue
        seen.add(name)
        el = _load_file(name)
        if el is not None:
            _overlay(locale, el)
    base = lang.split("-")[0]
    for wanted in dict.fromkeys((None, base, lang)):
        for el in style_locales:
            code = el.attrs.get("xml:lang")
            if code == wanted:
                _overlay(locale, el)
    return locale


def known_locale(lang: str) -> bool:
    return any(_load_file(name) is not None for name in _chain(lang))
