"""Raw ``{=html}`` blocks and inlines made safe to hand to WeasyPrint.

The manuscript's own HTML may format, never act or fetch: ``<script>``,
``<style>``, ``<iframe>``, ``<object>``, ``<embed>``, ``<link>``, ``<meta>``,
``<base>`` and form elements are dropped with their content, ``on*`` event
handlers and ``style`` attributes are removed, and ``href``/``src`` (and the other
URL attributes) keep only ``http:``, ``https:``, ``mailto:`` and ``#fragment``
values, so nothing outside the project is read (WeasyPrint's fetcher is confined
as well). Built on the standard library's tolerant HTML tokenizer; what was
removed is returned so the caller can say so: the reader cleans raw HTML when
it reads it (and warns at its position), the HTML writer cleans again whatever
Document it is given.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

_DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript",
                      "frame", "frameset", "applet", "svg", "math", "form", "textarea", "select"}
_DROP_TAG = {"link", "meta", "base", "input", "button", "option", "img", "source", "audio",
             "video", "track", "picture", "html", "head", "body"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset",
              "background", "data", "cite", "longdesc", "usemap", "manifest"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "#")
_VOID = {"br", "hr", "wbr", "col"}


def _safe_url(value: str) -> bool:
    cleaned = "".join(ch for ch in value.strip() if ch > " ").lower()
    return cleaned.startswith(_SAFE_SCHEMES)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.removed: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in _DROP_WITH_CONTENT:
            if tag in _DROP_WITH_CONTENT and tag not in _VOID:
                self.skipping.append(tag)
            self.removed.append(f"<{tag}>")
            return
        if tag in _DROP_TAG:
            self.removed.append(f"<{tag}>")
            return
        kept = []
        for name, value in attrs:
            if name.startswith("on") or name == "style" or (
                    name in _URL_ATTRS and not _safe_url(value or "")):
                self.removed.append(f"{name}=")
                continue
            kept.append(f' {name}="{html.escape(value or "", quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag not in _DROP_TAG and tag not in _DROP_WITH_CONTENT:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        return

    def handle_decl(self, decl: str) -> None:
        self.removed.append("<!" + decl.split()[0] + ">" if decl.split() else "<!>")

    def handle_pi(self, data: str) -> None:
        self.removed.append("<?...>")


def sanitize_html(source: str) -> tuple[str, list[str]]:
    """``source`` with active and fetching content removed, and what was removed."""
    parser = _Sanitizer()
    parser.feed(source)
    parser.close()
    return "".join(parser.out), parser.removed
