"""The link policy (which addresses become links) and URL/DOI leaves as links."""

from __future__ import annotations

import pytest

from typeset.rich import Styled, Tag, Text, plain, render
from typeset.rich.links import doi_url, link_target, link_urls, url_segments


@pytest.mark.parametrize(("address", "target"), [
    ("https://example.org/a?b=c", "https://example.org/a?b=c"),
    ("http://example.org", "http://example.org"),
    ("HTTPS://example.org", "HTTPS://example.org"),
    ("mailto:ann@example.org", "mailto:ann@example.org"),
    ("doi:10.1000/xyz", "https://doi.org/10.1000/xyz"),
    ("#fn.3", "#fn.3"),
    ("#", None),
    ("javascript:alert(1)", None),
    ("file:///etc/passwd", None),
    ("data:text/html,hi", None),
    ("ftp://example.org/f", None),
    ("relative/path.html", None),
    ("https:no-host", None),
    ("doi:not-a-doi", None),
])
def test_link_target(address: str, target: str | None) -> None:
    assert link_target(address) == target


@pytest.mark.parametrize(("doi", "url"), [
    ("10.1000/xyz", "https://doi.org/10.1000/xyz"),
    ("https://doi.org/10.1000/xyz", "https://doi.org/10.1000/xyz"),
    ("https://dx.doi.org/10.1000/a b", "https://doi.org/10.1000/a%20b"),
    ("DOI:10.1000/xyz", "https://doi.org/10.1000/xyz"),
    ("11.1000/xyz", None),
])
def test_doi_url(doi: str, url: str | None) -> None:
    assert doi_url(doi) == url


def _parts(*pieces: str) -> str:
    return "<wbr>".join(f'<span class="url-part">{piece}</span>' for piece in pieces)


@pytest.mark.parametrize(("url", "pieces"), [
    ("https://history.state.gov/historicaldocuments/frus1943",
     ["https://", "history", ".state", ".gov", "/historicaldocuments", "/frus1943"]),
    ("https://e.org/a?b=1&c=2#f", ["https://", "e", ".org", "/a", "?b", "=", "1", "&", "c", "=",
                                   "2", "#f"]),
    ("http://x.org/~me/a-b_c%20d,e", ["http://", "x", ".org", "/", "~me", "/a", "-b", "_c",
                                      "%20d", ",e"]),
    ("10.1000/xyz", ["10", ".1000", "/xyz"]),
])
def test_urls_break_at_chicagos_points(url: str, pieces: list[str]) -> None:
    assert url_segments(url) == pieces
    assert "".join(url_segments(url)) == url


def test_url_leaf_becomes_a_link_and_keeps_its_text() -> None:
    rich = (Text("Seen at "), Text("https://example.org/x", Tag("a", "URL")), Text("."))
    linked = link_urls(rich)
    assert plain(linked) == plain(rich)
    assert render(linked, "html") == ('Seen at <a class="url" href="https://example.org/x">'
                                      + _parts("https://", "example", ".org", "/x") + "</a>.")


def test_doi_link_takes_in_the_printed_resolver_prefix() -> None:
    rich = (Text("2000, https://doi.org/"), Text("10.1/x", Tag("a", "DOI")), Text("."))
    linked = link_urls(rich)
    assert plain(linked) == "2000, https://doi.org/10.1/x."
    assert render(linked, "html") == ('2000, <a class="url" href="https://doi.org/10.1/x">'
                                      + _parts("https://", "doi", ".org", "/10", ".1", "/x")
                                      + "</a>.")


def test_links_inside_styled_nodes_and_refused_schemes() -> None:
    rich = (Styled((Text("javascript:x()", Tag("a", "URL")),), font_style="italic"),)
    assert link_urls(rich) == rich
    inner = (Styled((Text("https://e.org", Tag("a", "URL")),), font_style="italic"),)
    assert render(link_urls(inner), "html") == ('<i><a class="url" href="https://e.org">'
                                                + _parts("https://", "e", ".org") + "</a></i>")


def test_href_is_escaped_in_html() -> None:
    rich = (Text('https://e.org/?a="1"&b=<2>', Tag("a", "URL")),)
    assert 'href="https://e.org/?a=&#34;1&#34;&#38;b=&#60;2&#62;"' in render(link_urls(rich), "html")


def test_latex_link_is_an_unhyphenated_href() -> None:
    rich = (Text("https://e.org/a_b", Tag("a", "URL")),)
    out = render(link_urls(rich), "latex")
    assert out.startswith(r"\href{https://e.org/a_b}{{\lefthyphenmin=62\righthyphenmin=62\relax{}")
    # Chicago's break points only: after "://", before "." "/" "_"; nothing else breaks
    assert r"{}https://\allowbreak{}e\allowbreak{}.org\allowbreak{}/a\allowbreak{}\_b}}" in out


def test_leaves_without_url_tags_are_untouched() -> None:
    rich = (Text("https://example.org"), Text("Title", Tag("a", "title")))
    assert link_urls(rich) == rich
