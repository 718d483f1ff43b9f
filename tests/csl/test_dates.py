"""Date parsing and rendering (localized, custom date-parts, ranges, seasons)."""

from __future__ import annotations

from typeset.csl import Processor, render
from typeset.csl.dates import DateValue, parse_date


def test_parse_forms() -> None:
    assert parse_date({"date-parts": [[2001, 5, 3]]}) == DateValue((2001, 5, 3))
    assert parse_date({"date-parts": [["1999"], ["2000"]]}).is_range
    assert parse_date({"raw": "2001-05-03"}).start == (2001, 5, 3)
    assert parse_date({"literal": "Spring, n.d."}).literal == "Spring, n.d."
    assert parse_date("May 1999").start == (1999, 5, 0)
    assert parse_date({"date-parts": [[2000, 14]]}).start == (2000, 14, 0)  # a season
    assert parse_date(None) is None


def style(date_xml: str) -> str:
    return f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
      <citation><layout>{date_xml}</layout></citation></style>"""


def cite(date_xml: str, issued: dict) -> str:
    proc = Processor(style(date_xml), [{"id": "a", "issued": issued}])
    return render(proc.cite([[{"id": "a"}]])[0], "text")


def test_localized_text_form() -> None:
    assert cite('<date variable="issued" form="text"/>',
                {"date-parts": [[1965, 6, 1]]}) == "June 1, 1965"
    assert cite('<date variable="issued" form="text" date-parts="year-month"/>',
                {"date-parts": [[1965, 6, 1]]}) == "June 1965"


def test_ranges_print_shared_parts_once() -> None:
    xml = '<date variable="issued" form="text"/>'
    assert cite(xml, {"date-parts": [[2000, 5, 3], [2000, 5, 5]]}) == "May 3–5, 2000"
    assert cite(xml, {"date-parts": [[2000, 5, 3], [2000, 6, 5]]}) == "May 3–June 5, 2000"
    assert cite(xml, {"date-parts": [[1999], [2001]]}) == "1999–2001"


def test_seasons() -> None:
    xml = '<date variable="issued" form="text" date-parts="year-month"/>'
    assert cite(xml, {"date-parts": [[2000, 14]]}) == "Summer 2000"
    assert cite(xml, {"date-parts": [[1999], [2000]], "season": "spring"}) == "Spring 1999–2000"


def test_custom_parts_and_bc() -> None:
    xml = ('<date variable="issued" delimiter="/"><date-part name="day" form="numeric-leading-zeros"/>'
           '<date-part name="month" form="numeric-leading-zeros"/><date-part name="year"/></date>')
    assert cite(xml, {"date-parts": [[2004, 2, 9]]}) == "09/02/2004"
    assert cite('<date variable="issued"><date-part name="year"/></date>',
                {"date-parts": [[-44]]}) == "44 BC"
