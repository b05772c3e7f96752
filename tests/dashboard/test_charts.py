import xml.etree.ElementTree as ET

import pytest

from dashboard.charts import Series, _nice_max, bar_chart, horizontal_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def test_a_bar_chart_is_an_image_named_by_its_title_and_description():
    root = parse(
        bar_chart(
            title="Referrals",
            description="Per month",
            labels=["Jan"],
            series=[Series("A", [3])],
            chart_id="c",
        )
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Referrals"
    assert root.find(f"{SVG}title").get("id") == "c-title"
    assert root.find(f"{SVG}desc").text == "Per month"


def test_bars_are_proportional_and_stacked_series_add_up():
    root = parse(
        bar_chart(
            title="T",
            description="D",
            labels=["Jan", "Feb"],
            series=[Series("Open", [2, 10]), Series("Done", [3, 0])],
        )
    )
    bars = root.findall(f".//{SVG}g[@class='chart-bars']/{SVG}rect")
    heights = [float(bar.get("height")) for bar in bars]
    assert len(bars) == 3  # a zero value draws no bar
    # Top gridline at 10: Feb's 10 fills the plot, Jan's 2 + 3 fill half of it.
    assert heights[0] + heights[1] == pytest.approx(heights[2] / 2, abs=0.2)
    assert [bar.find(f"{SVG}title").text for bar in bars] == [
        "Jan, Open: 2",
        "Jan, Done: 3",
        "Feb, Open: 10",
    ]


def test_text_in_a_chart_is_escaped():
    svg = str(
        bar_chart(title="<script>", description="a & b", labels=["<x>"], series=[Series("s", [1])])
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "a &amp; b" in svg
    parse(svg)


def test_an_empty_chart_still_renders():
    parse(bar_chart(title="T", description="D", labels=["Jan"], series=[Series("A", [0])]))
    parse(horizontal_bar_chart(title="T", description="D", labels=[], values=[]))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": ["Jan", "Feb"], "series": [Series("A", [1])]}, "one value per label"),
        ({"labels": ["Jan"], "series": [Series("A", [-1])]}, "no negative"),
    ],
)
def test_a_bar_chart_refuses_data_it_cannot_draw(kwargs, message):
    with pytest.raises(ValueError, match=message):
        bar_chart(title="T", description="D", **kwargs)


def test_horizontal_bars_are_labelled_and_proportional():
    root = parse(
        horizontal_bar_chart(title="T", description="D", labels=["Sports", "Faith"], values=[5, 10])
    )
    bars = root.findall(f"{SVG}rect")
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["Sports: 5", "Faith: 10"]
    assert float(bars[0].get("width")) * 2 == pytest.approx(float(bars[1].get("width")), abs=0.2)


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (120, 200), (500, 500)]
)
def test_the_top_gridline_is_a_round_number(value, top):
    assert _nice_max(value) == top
