"""A server-rendered SVG bar chart of counts per month (no JavaScript needed to see it).

`{% timeline_chart counts "Articles per month" %}` takes ("YYYY-MM", n) pairs (or date/datetime
keys) in any order, fills the missing months with zero bars so the axis is continuous, and
aggregates to years when the range is longer than `MAX_MONTH_BARS` months.
"""

from dataclasses import dataclass
from datetime import date

from django import template

register = template.Library()

MAX_MONTH_BARS = 48
MIN_SLOTS = 12  # a chart of one month draws one narrow bar, not one filling the chart
WIDTH, HEIGHT, AXIS = 640, 140, 18
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Bar:
    label: str
    key: str
    count: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    tick: str = ""
    url: str = ""


def month_key(value):
    """(year, month) from "YYYY-MM", "YYYY-MM-DD", a date or a datetime."""
    if isinstance(value, date):
        return value.year, value.month
    year, month = str(value)[:7].split("-")
    return int(year), int(month)


def continuous_months(counts):
    """[((year, month), n)] from the first to the last month with data, zeros filled in."""
    totals = {}
    for key, n in counts:
        if key is None:
            continue
        ym = month_key(key)
        totals[ym] = totals.get(ym, 0) + int(n or 0)
    if not totals:
        return []
    (year, month), last = min(totals), max(totals)
    months = []
    while (year, month) <= last:
        months.append(((year, month), totals.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_bars(counts, links=None):
    """Bars with their geometry: one per month, or one per year when the range is long; `links`
    maps a bar's key ("2018-04" or "2018") to the URL the bar leads to."""
    months = continuous_months(counts)
    if len(months) > MAX_MONTH_BARS:
        years = {}
        for (year, _), n in months:
            years[year] = years.get(year, 0) + n
        raw = [(str(y), str(y), n, str(y)) for y, n in years.items()]
    else:
        raw = [
            (f"{MONTH_ABBR[m - 1]} {y}", f"{y}-{m:02d}", n, str(y) if m == 1 or i == 0 else "")
            for i, ((y, m), n) in enumerate(months)
        ]
    if not raw:
        return []
    peak = max(n for _, _, n, _ in raw) or 1
    slot = WIDTH / max(len(raw), MIN_SLOTS)
    links = links or {}
    plot = HEIGHT - AXIS
    bars = []
    for i, (label, key, n, tick) in enumerate(raw):
        height = round(plot * n / peak, 1)
        bars.append(
            Bar(label, key, n, round(i * slot + slot * 0.1, 1), round(plot - height, 1),
                round(max(slot * 0.8, 1), 1), height, tick, links.get(key, ""))
        )  # fmt: skip
    return bars


@register.inclusion_tag("includes/timeline_chart.html")
def timeline_chart(counts, title, links=None, undated=0):
    """The chart; `links` make its bars filter links, `undated` counts what it cannot place."""
    bars = timeline_bars(counts or [], links or None)
    total = sum(b.count for b in bars)
    return {
        "bars": bars,
        "title": title,
        "undated": undated or 0,
        "total": total,
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": HEIGHT - AXIS,
        "by_year": bool(bars) and len(bars[0].key) == 4,
        "first": bars[0] if bars else None,
        "last": bars[-1] if bars else None,
    }
