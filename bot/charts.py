"""A ChartData drawn as a PNG timeline with matplotlib (the Agg canvas, no pyplot).

Levels are filled marks, targets hollow marks in another colour on dashed lines; a figure
for a day is a point, one for a month or year a point with a whisker over its span, a count
over a period a bar over the period. The mark's shape says its qualifier (● exact, ◆ about,
▲ at least / more than, ▼ fewer than / up to) and its label the sign and value (≈3,000)
with the number of its source; figures whose sources disagree are ringed in red and name
their outlet. The sources are listed under the plot. Each mark's artists carry the figure
id as their ``gid``, so tests read back what was plotted.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import warnings
from typing import Any

from knowledge.chart import ChartData, ChartMark

__all__ = ["HEIGHT", "WIDTH", "draw_chart", "png_size", "render_png"]

WIDTH, HEIGHT, DPI = 1200, 700, 100
_SOURCE_LINE_PX = 17
_SOURCES_SHOWN = 12
_COLOURS = {"level": "#1f5fa8", "target": "#d9822b"}
_DISPUTED = "#c0392b"
_MARKERS = {"exact": "o", "approx": "D", "at_least": "^", "more_than": "^",
            "fewer_than": "v", "up_to": "v"}
_LEGEND_SHAPES = [("o", "exact"), ("D", "≈ about"), ("^", "≥ / > at least, more than"),
                  ("v", "< / ≤ fewer than, up to")]


def _plain(text: str) -> str:
    """Text from articles as matplotlib shows it: no mathtext, one line."""
    return " ".join(str(text).split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draw_chart(chart: ChartData) -> Any:
    """The matplotlib Figure for ``chart`` (which must have marks)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    sources = chart.sources[:_SOURCES_SHOWN]
    extra_rows = max(0, len(sources) + (len(chart.sources) > _SOURCES_SHOWN) - 6)
    height = HEIGHT + extra_rows * _SOURCE_LINE_PX
    with matplotlib.rc_context({"text.parse_math": False, "font.size": 10,
                                "axes.spines.top": False, "axes.spines.right": False}):
        figure = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI, facecolor="white")
        list_height = (len(sources) + 2 + (len(chart.sources) > _SOURCES_SHOWN)) \
            * _SOURCE_LINE_PX + 30
        bottom = list_height / height
        axes = figure.add_axes((0.07, bottom + 0.06, 0.66, 0.84 - bottom - 0.04))
        figure.text(0.07, 0.97, _cut(_plain(chart.title), 110), fontsize=14,
                    fontweight="bold", va="top")
        if chart.subtitle:
            figure.text(0.07, 0.93, _cut(_plain(chart.subtitle), 140), fontsize=10,
                        color="#555555", va="top")
        first = min(m.start for m in chart.marks)
        last = max(m.end for m in chart.marks)
        pad = max((last - first) / 12, dt.timedelta(days=20))
        top = max(m.value for m in chart.marks) * 1.25 or 1
        near_x = (last - first + 2 * pad).days * 0.035
        placed: list[tuple[float, float]] = []
        for mark in chart.marks:
            x, y = _position(mark, mdates), mark.value
            crowd = sum(1 for px, py in placed if abs(px - x) < near_x and abs(py - y) < top * 0.05)
            placed.append((x, y))
            _draw_mark(figure, axes, mark, mdates, crowd)
        axes.set_ylabel(_plain(chart.unit))
        axes.set_ylim(bottom=0, top=top)
        axes.grid(axis="y", color="#dddddd", linewidth=0.8)
        axes.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=9))
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        axes.set_xlim(mdates.date2num(first - pad), mdates.date2num(last + pad))
        handles = [Line2D([], [], linestyle="none", marker="o", markersize=8,
                          color=_COLOURS["level"], label=_cut(_plain(chart.series["level"]), 40))]
        if "target" in chart.series:
            handles.append(Line2D([], [], linestyle="--", marker="o", markersize=8,
                                  markerfacecolor="white", color=_COLOURS["target"],
                                  label=_cut(_plain(chart.series["target"]), 40)))
        handles += [Line2D([], [], linestyle="none", marker=shape, markersize=7,
                           color="#666666", label=label) for shape, label in _LEGEND_SHAPES]
        handles.append(Line2D([], [], color=_COLOURS["level"], linewidth=6, alpha=0.35,
                              label="count over a period"))
        if chart.disputes:
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=11,
                                  markerfacecolor="none", markeredgecolor=_DISPUTED,
                                  markeredgewidth=2, label="sources differ"))
        axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                    frameon=False, fontsize=9)
        lines = ["Sources:"] + [_cut(_plain(s.line()), 170) for s in sources]
        if len(chart.sources) > _SOURCES_SHOWN:
            lines.append(f"…and {len(chart.sources) - _SOURCES_SHOWN} more source(s).")
        for n, line in enumerate(lines):
            figure.text(0.07, (list_height - 12 - n * _SOURCE_LINE_PX) / height, line,
                        fontsize=9, va="top", color="#222222" if n else "#000000",
                        fontweight="bold" if not n else "normal")
    return figure


def _position(mark: ChartMark, mdates: Any) -> float:
    """Where a mark sits on the date axis: its day, the middle of its month, year or period."""
    start, end = mdates.date2num(mark.start), mdates.date2num(mark.end + dt.timedelta(days=1))
    if mark.kind == "point" and mark.precision == "day":
        return float(start)
    return float(start + (end - start) / 2)


def _draw_mark(figure: Any, axes: Any, mark: ChartMark, mdates: Any, crowd: int) -> None:
    """One figure's artists; a mark beside ``crowd`` earlier ones is nudged right (on screen
    only: its data stay at its date and value) and its label goes higher."""
    from matplotlib.transforms import offset_copy

    colour = _COLOURS.get(mark.series, _COLOURS["level"])
    target = mark.series == "target"
    start, end = mdates.date2num(mark.start), mdates.date2num(mark.end + dt.timedelta(days=1))
    x, y = _position(mark, mdates), mark.value
    nudged = offset_copy(axes.transData, fig=figure, x=11 * crowd, y=0, units="points")
    if mark.kind == "bar":
        axes.plot([start, end], [y, y], color=_DISPUTED if mark.disputed else colour,
                  linewidth=8, alpha=0.45, solid_capstyle="butt", dash_capstyle="butt",
                  linestyle=(0, (3, 1)) if target else "-", gid=mark.figure_id, zorder=2)
    else:
        if mark.precision != "day":
            axes.plot([start, end], [y, y], color=colour, linewidth=1.5, alpha=0.6,
                      linestyle="--" if target else "-", gid=f"{mark.figure_id}#span")
        axes.plot([x], [y], linestyle="none", marker=_MARKERS.get(mark.qualifier, "o"),
                  markersize=9, color=colour, markerfacecolor="white" if target else colour,
                  markeredgewidth=1.8, gid=mark.figure_id, zorder=3, transform=nudged)
    if mark.disputed:
        axes.plot([x], [y], linestyle="none", marker="o", markersize=17, markerfacecolor="none",
                  markeredgecolor=_DISPUTED, markeredgewidth=2, zorder=4,
                  gid=f"{mark.figure_id}#disputed", transform=nudged)
    label = f"{mark.label} [{mark.source}]"
    if mark.disputed:
        label += f" {_cut(_plain(mark.outlet), 24)}"
    axes.annotate(label, (x, y), xytext=(10 + 11 * crowd, 7 + 13 * crowd),
                  textcoords="offset points", fontsize=8.5,
                  color=_DISPUTED if mark.disputed else "#333333", annotation_clip=False)


def render_png(chart: ChartData) -> bytes:
    """The chart as PNG bytes (WIDTH × HEIGHT pixels, taller for a long source list)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = draw_chart(chart)
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, from its header; None for anything else."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height
