"""Charts: which figures a topic's chart shows, and the PNG drawn from them."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from bot.charts import HEIGHT, WIDTH, draw_chart, png_size, render_png
from knowledge.answer import ask
from knowledge.chart import chart_for, split_chart_word


def test_the_word_chart_comes_off_the_command() -> None:
    assert split_chart_word("/troops iraq 2020 chart") == (True, "/troops iraq 2020")
    assert split_chart_word("/troops Chart september 2020") == (True, "/troops september 2020")
    assert split_chart_word("/troops") == (False, "/troops")
    assert split_chart_word("/troops charter") == (False, "/troops charter")
    assert split_chart_word("how many troops, chart please") == (False,
                                                                "how many troops, chart please")


def test_one_mark_per_figure_of_the_headline_metric_and_its_target(store) -> None:
    chart = chart_for("/troops chart", store)
    assert chart.metric == "troops.level" and chart.unit == "troops"
    assert set(chart.series) == {"level", "target"}
    ids = [m.figure_id for m in chart.marks]
    assert len(ids) == len(set(ids))
    answer = ask("/troops", store)
    shown = {f.id for s in answer.sections if s.metric.id in {"troops.level", "troops.target"}
             for g in s.groups() for f in g.figures}
    assert set(ids) == shown
    marks = {m.figure_id: m for m in chart.marks}
    level = marks["001-troops-level"]
    assert (level.kind, level.at, level.value, level.qualifier, level.symbol) == (
        "point", dt.date(2020, 9, 30), 3000, "approx", "≈")
    assert level.series == "level" and level.label == "≈3,000"
    period = marks["004-troops-level-before-drawdown"]
    assert (period.kind, period.at, period.start, period.end, period.value) == (
        "bar", None, dt.date(2020, 1, 1), dt.date(2020, 8, 31), 5200)
    assert marks["004-troops-level-after-drawdown"].symbol == "<"
    target = marks["002-troops-target-jan15"]
    assert (target.series, target.at, target.value) == ("target", dt.date(2021, 1, 15), 2500)
    assert marks["002-troops-remaining-hundreds"].symbol == "≥"
    assert chart.disputes == [["002-troops-level-sep20", "004-troops-level-after-drawdown"]]
    assert {m.figure_id for m in chart.marks if m.disputed} == set(chart.disputes[0])
    outlets = {s.number: s.outlet for s in chart.sources}
    assert outlets[marks["002-troops-level-sep20"].source] == "Rudaw"
    assert sorted(outlets) == list(range(1, len(outlets) + 1))


def test_filters_narrow_the_chart_and_junk_is_refused_politely(store) -> None:
    narrowed = chart_for("/troops iraq 2020 chart", store)
    assert narrowed.subtitle == "Iraq, 2020"
    assert narrowed.marks and all(m.end.year == 2020 for m in narrowed.marks)
    assert "target" not in {m.series for m in narrowed.marks}
    unknown = chart_for("/troops <!channel> zork chart", store)
    assert not unknown.ok and "zork" in (unknown.message or "")
    assert not chart_for("/actor kazemi chart", store).ok
    assert "No confirmed figures" in (chart_for("/troops 2019 chart", store).message or "")


def _plotted(figure) -> dict[str, tuple[list[dt.date], list[float]]]:
    import matplotlib.dates as mdates

    out = {}
    for axes in figure.axes:
        for line in axes.get_lines():
            gid = line.get_gid()
            if gid and "#" not in gid:
                xs = [mdates.num2date(x).date() for x in line.get_xdata()]
                out[gid] = (xs, [float(y) for y in line.get_ydata()])
    return out


def test_the_drawing_plots_each_figure_at_its_date_and_value(store) -> None:
    chart = chart_for("/troops chart", store)
    plotted = _plotted(draw_chart(chart))
    assert set(plotted) == {m.figure_id for m in chart.marks}
    for mark in chart.marks:
        xs, ys = plotted[mark.figure_id]
        assert ys == [mark.value] * len(xs)
        if mark.kind == "bar":
            assert xs == [mark.start, mark.end + dt.timedelta(days=1)]
        elif mark.precision == "day":
            assert xs == [mark.at]
        else:
            assert mark.start <= xs[0] <= mark.end
    rings = [line.get_gid() for axes in draw_chart(chart).axes for line in axes.get_lines()
             if (line.get_gid() or "").endswith("#disputed")]
    assert sorted(r.split("#")[0] for r in rings) == chart.disputes[0]


@pytest.mark.parametrize("command", ["/troops chart", "/attacks chart", "/casualties chart"])
def test_the_png_has_its_size_and_is_not_blank(store, command: str) -> None:
    import matplotlib.image as mpimg

    image = render_png(chart_for(command, store))
    assert png_size(image) == (WIDTH, HEIGHT)
    pixels = mpimg.imread(io.BytesIO(image), format="png")
    assert pixels.shape[:2] == (HEIGHT, WIDTH)
    ink = (pixels[:, :, :3].sum(axis=2) < 2.7).mean()
    assert 0.01 < ink < 0.5
    coloured = pixels[:, :, :3].max(axis=2) - pixels[:, :, :3].min(axis=2)
    assert (coloured > 0.3).sum() > 200


def test_dollar_signs_and_missing_glyphs_do_not_break_the_drawing(store) -> None:
    chart = chart_for("/troops chart", store)
    chart.title = "Costs in $ and $$ — 伊拉克 \u202e"
    assert png_size(render_png(chart)) == (WIDTH, HEIGHT)
