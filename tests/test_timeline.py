"""The SVG timeline: continuous months, zero bars, yearly aggregation, accessible markup."""

from datetime import date

from django.template import Context, Template

from archive.templatetags.timeline import MAX_MONTH_BARS, timeline_bars


def test_missing_months_become_zero_bars_in_order():
    bars = timeline_bars([("2018-04", 3), ("2018-01", 1)])
    assert [(b.key, b.count) for b in bars] == [
        ("2018-01", 1),
        ("2018-02", 0),
        ("2018-03", 0),
        ("2018-04", 3),
    ]
    assert bars[1].height == 0 and bars[3].height > bars[0].height


def test_date_keys_are_accepted_and_summed_per_month():
    bars = timeline_bars([(date(2020, 5, 1), 2), ("2020-05-17", 1)])
    assert [(b.label, b.count) for b in bars] == [("May 2020", 3)]


def test_a_long_range_is_aggregated_to_years():
    bars = timeline_bars([("2001-03", 2), ("2001-11", 1), (f"{2001 + MAX_MONTH_BARS // 12 + 1}-01", 4)])
    assert bars[0].key == "2001" and bars[0].count == 3 and bars[-1].count == 4
    assert all(len(b.key) == 4 for b in bars)


def test_the_chart_is_an_accessible_svg_with_a_table_of_the_numbers():
    html = Template('{% include "includes/timeline.html" with counts=c title="Quotes per month" %}').render(
        Context({"c": [("2019-12", 2), ("2020-02", 5)]})
    )
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "7 in all, from Dec 2019 to Feb 2020" in html
    assert '<th scope="row">Jan 2020</th><td>0</td>' in html
    assert html.count('<rect class="bar"') == 3


def test_no_data_says_so_instead_of_drawing_an_empty_chart():
    html = Template('{% include "includes/timeline.html" with counts=c %}').render(Context({"c": []}))
    assert "<svg" not in html and "nothing to chart yet" in html
