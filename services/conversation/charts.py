"""Charts for query results: pick a chart, describe it as Vega-Lite, render it as PNG.

Engines may hint a chart (``ChartSpec``); the hint is checked against the actual
result, and when it is missing or does not fit, a chart is chosen from the column
kinds. Rendering uses matplotlib's object API (``Figure`` + ``FigureCanvasAgg``) so
no pyplot global state is touched and calls are safe from worker threads.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal, Sequence

from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from services.conversation.engine.types import ChartSpec, QueryResult

MAX_CATEGORIES = 50  # more bars than this are unreadable
MAX_SERIES = 10
MAX_PIE_SLICES = 12
MAX_POINTS = 5000  # inline Vega-Lite data and line/scatter points
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"

Kind = Literal["number", "date", "period", "text", "empty"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?)?$")
_TIME_WORDS = frozenset({"year", "yr", "month", "quarter", "qtr", "week", "day", "hour", "season"})
_VL_TYPES: dict[Kind, str] = {
    "number": "quantitative",
    "date": "temporal",
    "period": "ordinal",  # integer years/months: Vega-Lite would read numbers as epoch ms
    "text": "nominal",
    "empty": "nominal",
}


@dataclass(frozen=True)
class ColumnProfile:
    """What a column holds, as far as charts and summaries care."""

    name: str
    index: int
    kind: Kind
    distinct: int
    nulls: int
    unique: bool  # no repeated non-null value


# ---------------------------------------------------------------- formatting


def format_number(value: float | int | Decimal) -> str:
    """Human format with thousands separators: 1234567 -> '1,234,567', 0.123456 -> '0.1235'."""
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:.4g}"


def format_value(value: Any) -> str:
    """Short display form of one cell (numbers humanized, dates ISO)."""
    if value is None:
        return "(null)"
    if is_number(value):
        return format_number(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def humanize(name: str) -> str:
    """Column name as a label: 'total_revenue' -> 'total revenue'."""
    text = re.sub(r"[_\s]+", " ", name).strip()
    return text or name


def is_number(value: Any) -> bool:
    """True for int/float/Decimal but not bool."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


# ---------------------------------------------------------------- profiling


def _is_time_name(name: str) -> bool:
    tokens = [t for t in re.split(r"[^a-z]+", name.lower()) if t]
    return any(t in _TIME_WORDS or t.endswith("year") for t in tokens)


def _is_id_name(name: str) -> bool:
    low = name.lower()
    return low == "id" or low.endswith("_id") or low.endswith(" id")


def classify(name: str, values: Sequence[Any]) -> Kind:
    """Kind of a column from its name and non-null values."""
    present = [v for v in values if v is not None]
    if not present:
        return "empty"
    if all(isinstance(v, (dt.date, dt.datetime)) for v in present):
        return "date"
    if all(is_number(v) for v in present):
        if _is_id_name(name):
            return "text"  # identifiers are labels, not measures
        if _is_time_name(name) and all(float(v) == int(v) for v in present):
            return "period"
        return "number"
    if all(isinstance(v, str) and _ISO_DATE.match(v) for v in present):
        return "date"
    return "text"


def profile_columns(result: QueryResult) -> list[ColumnProfile]:
    """One profile per result column."""
    profiles = []
    for i, name in enumerate(result.columns):
        values = [row[i] for row in result.rows]
        present = [_hashable(v) for v in values if v is not None]
        distinct = len(set(present))
        profiles.append(
            ColumnProfile(
                name=name,
                index=i,
                kind=classify(name, values),
                distinct=distinct,
                nulls=len(values) - len(present),
                unique=distinct == len(present),
            )
        )
    return profiles


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


# ---------------------------------------------------------------- choosing


def choose_chart(result: QueryResult, hint: ChartSpec | None) -> ChartSpec | None:
    """A chart that suits ``result``, preferring a valid ``hint``; None when no chart helps.

    Rules: category + number -> bar; date/period + number -> line; two numbers ->
    scatter. No chart for a single value/row, text-only results, or more than
    ``MAX_CATEGORIES`` categories.
    """
    if len(result.rows) < 2 or len(result.columns) < 2:
        return None
    profiles = profile_columns(result)
    if hint is not None:
        checked = _check_hint(hint, profiles)
        if checked is not None:
            return checked
    return _auto_chart(profiles)


def _find(profiles: list[ColumnProfile], name: str | None) -> ColumnProfile | None:
    if not name:
        return None
    exact = next((p for p in profiles if p.name == name), None)
    return exact or next((p for p in profiles if p.name.lower() == name.lower()), None)


def _check_hint(hint: ChartSpec, profiles: list[ColumnProfile]) -> ChartSpec | None:
    x, y = _find(profiles, hint.x), _find(profiles, hint.y)
    if x is None or y is None or x.name == y.name or y.kind != "number":
        return None
    series = _find(profiles, hint.series)
    if series is not None and (series.name in (x.name, y.name) or series.distinct > MAX_SERIES):
        series = None
    if hint.kind == "scatter" and x.kind != "number":
        return None
    if hint.kind == "bar" and x.distinct > MAX_CATEGORIES:
        return None
    if hint.kind == "pie" and (x.distinct > MAX_PIE_SLICES or not x.unique or series is not None):
        return None
    if x.kind == "empty":
        return None
    spec = ChartSpec(
        kind=hint.kind,
        x=x.name,
        y=y.name,
        series=series.name if series else None,
        title=hint.title,
    )
    return replace(spec, title=hint.title or default_title(spec))


def _auto_chart(profiles: list[ColumnProfile]) -> ChartSpec | None:
    numbers = [p for p in profiles if p.kind == "number"]
    times = [p for p in profiles if p.kind in ("date", "period")]
    texts = [p for p in profiles if p.kind == "text"]
    spec: ChartSpec | None = None
    if times and numbers:
        x = times[0]
        series = _series_for(x, texts)
        if x.unique or series is not None:
            spec = ChartSpec(kind="line", x=x.name, y=numbers[0].name, series=series)
    elif texts and numbers:
        x = next((t for t in texts if t.distinct <= MAX_CATEGORIES), None)
        if x is not None:
            series = _series_for(x, [t for t in texts if t is not x])
            if x.unique or series is not None:
                spec = ChartSpec(kind="bar", x=x.name, y=numbers[0].name, series=series)
    elif len(numbers) >= 2:
        spec = ChartSpec(kind="scatter", x=numbers[0].name, y=numbers[1].name)
    return replace(spec, title=default_title(spec)) if spec else None


def _series_for(x: ColumnProfile, candidates: list[ColumnProfile]) -> str | None:
    """A second category that splits repeated x values into lines/bar groups."""
    if x.unique:
        return None
    series = next((c for c in candidates if c is not x and 1 < c.distinct <= MAX_SERIES), None)
    return series.name if series else None


def default_title(spec: ChartSpec) -> str:
    """'Revenue by region', 'Revenue over month', 'Price vs size'."""
    x, y = humanize(spec.x), humanize(spec.y)
    title = {
        "bar": f"{y} by {x}",
        "pie": f"{y} by {x}",
        "line": f"{y} over {x}",
        "scatter": f"{y} vs {x}",
    }[spec.kind]
    if spec.series:
        title += f" {'by' if spec.kind == 'line' else 'and'} {humanize(spec.series)}"
    return title[:1].upper() + title[1:]


# ---------------------------------------------------------------- data helpers


def jsonable(value: Any) -> Any:
    """A cell as JSON data (Vega-Lite values, stored chart payloads)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def _column(result: QueryResult, name: str) -> int:
    return result.columns.index(name)


def _plot_rows(result: QueryResult, spec: ChartSpec) -> list[tuple[Any, float, Any]]:
    """(x, y, series) triples with a numeric y, capped for the chart kind."""
    xi, yi = _column(result, spec.x), _column(result, spec.y)
    si = _column(result, spec.series) if spec.series else None
    rows = []
    for row in result.rows:
        y = row[yi]
        if not is_number(y) or not math.isfinite(float(y)):
            continue
        rows.append((row[xi], float(y), row[si] if si is not None else None))
    limit = MAX_CATEGORIES * (MAX_SERIES if spec.series else 1) if spec.kind in ("bar", "pie") else MAX_POINTS
    return rows[:limit]


def _field(name: str) -> str:
    """Vega-Lite field reference: dots and brackets would mean nested access."""
    return re.sub(r"([.\[\]\\])", r"\\\1", name)


def _vl_type(result: QueryResult, name: str, spec: ChartSpec) -> str:
    kind = classify(name, [row[_column(result, name)] for row in result.rows])
    if spec.kind in ("bar", "pie") and name == spec.x and kind == "number":
        return "nominal"
    if spec.kind == "line" and name == spec.x and kind == "text":
        return "ordinal"
    return _VL_TYPES[kind]


# ---------------------------------------------------------------- Vega-Lite


def vega_lite_spec(result: QueryResult, spec: ChartSpec) -> dict[str, Any]:
    """A self-contained Vega-Lite v5 spec with the plotted columns inline."""
    used = [c for c in dict.fromkeys([spec.x, spec.y, spec.series]) if c]
    values = [
        {name: jsonable(x if name == spec.x else y if name == spec.y else s) for name in used}
        for x, y, s in _plot_rows(result, spec)
    ]
    x_enc = {"field": _field(spec.x), "type": _vl_type(result, spec.x, spec), "title": humanize(spec.x)}
    y_enc = {"field": _field(spec.y), "type": "quantitative", "title": humanize(spec.y), "axis": {"format": ",~r"}}
    body: dict[str, Any] = {
        "$schema": VEGA_LITE_SCHEMA,
        "title": spec.title or default_title(spec),
        "description": interpretation(result, spec),
        "data": {"values": values},
        "width": "container",
        "height": 300,
    }
    color = {"field": _field(spec.series), "type": "nominal", "title": humanize(spec.series)} if spec.series else None
    if spec.kind == "pie":
        body["mark"] = {"type": "arc", "tooltip": True}
        body["encoding"] = {
            "theta": {"field": _field(spec.y), "type": "quantitative", "title": humanize(spec.y)},
            "color": {"field": _field(spec.x), "type": "nominal", "title": humanize(spec.x), "sort": None},
        }
        return body
    if spec.kind == "bar":
        x_enc["sort"] = None  # keep the query's ORDER BY
        x_enc["axis"] = {"labelAngle": -45, "labelLimit": 160}
        if color:
            y_enc["stack"] = None
            body["encoding"] = {"x": x_enc, "y": y_enc, "color": color, "xOffset": {"field": color["field"]}}
        else:
            body["encoding"] = {"x": x_enc, "y": y_enc}
        body["mark"] = {"type": "bar", "tooltip": True}
        return body
    mark = {"line": {"type": "line", "point": True, "tooltip": True}, "scatter": {"type": "point", "tooltip": True}}
    body["mark"] = mark[spec.kind]
    body["encoding"] = {"x": x_enc, "y": y_enc, **({"color": color} if color else {})}
    return body


# ---------------------------------------------------------------- PNG


def render_png(result: QueryResult, spec: ChartSpec, *, width_in: float = 9.0, height_in: float = 5.0) -> bytes:
    """PNG bytes of the chart, rendered with matplotlib's Agg canvas (no pyplot)."""
    fig = Figure(figsize=(width_in, height_in), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    rows = _plot_rows(result, spec)
    kind = spec.kind
    if kind == "pie" and any(y < 0 for _, y, _ in rows):
        kind = "bar"  # negative shares cannot be drawn as a pie
    if kind == "pie":
        _draw_pie(ax, rows)
    elif kind == "bar":
        _draw_bars(ax, rows, bool(spec.series))
    elif kind == "line":
        _draw_lines(ax, rows, result, spec)
    else:
        ax.scatter([float(x) for x, _, _ in rows if is_number(x)], [y for x, y, _ in rows if is_number(x)], s=18)
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: format_number(v)))
    if kind != "pie":
        ax.set_xlabel(humanize(spec.x))
        ax.set_ylabel(humanize(spec.y))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: format_number(v)))
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
    if spec.series and kind != "pie":
        ax.legend(title=humanize(spec.series), fontsize=8, title_fontsize=8, frameon=False)
    fig.suptitle(spec.title or default_title(spec), fontsize=13)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _key(value: Any) -> str:
    """Full display text of a category (grouping must not depend on truncation)."""
    return format_value(value) if not is_number(value) else str(value)


def _label(value: Any, limit: int = 28) -> str:
    """Display label; long ones keep both ends so 'Region North 1' and '… 2' stay apart."""
    text = _key(value)
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head].rstrip() + "…" + text[-(limit - 1 - head) :].lstrip()


def _draw_bars(ax: Any, rows: list[tuple[Any, float, Any]], grouped: bool) -> None:
    categories = list(dict.fromkeys(_key(x) for x, _, _ in rows))[:MAX_CATEGORIES]
    position = {c: i for i, c in enumerate(categories)}
    if grouped:
        series = list(dict.fromkeys(_key(s) for _, _, s in rows))
        width = 0.8 / max(len(series), 1)
        for k, name in enumerate(series):
            pts = [(position[_key(x)], y) for x, y, s in rows if _key(s) == name and _key(x) in position]
            offset = (k - (len(series) - 1) / 2) * width
            ax.bar([p + offset for p, _ in pts], [y for _, y in pts], width, label=_label(name))
    else:
        pts = [(position[_key(x)], y) for x, y, _ in rows if _key(x) in position]
        ax.bar([p for p, _ in pts], [y for _, y in pts], 0.7, color="#4C78A8")
    labels = [_label(c) for c in categories]
    long_labels = len(labels) > 8 or max((len(c) for c in labels), default=0) > 10
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(
        labels,
        rotation=45 if long_labels else 0,
        ha="right" if long_labels else "center",
        rotation_mode="anchor",
        fontsize=7 if len(labels) > 25 else 9,
    )
    ax.set_xlim(-0.6, len(labels) - 0.4)


def _to_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        if re.fullmatch(r"\d{4}-\d{2}", text):
            text += "-01"
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def _draw_lines(ax: Any, rows: list[tuple[Any, float, Any]], result: QueryResult, spec: ChartSpec) -> None:
    kind = classify(spec.x, [r[_column(result, spec.x)] for r in result.rows])
    groups: dict[str, list[tuple[Any, float]]] = {}
    for x, y, s in rows:
        if x is None:
            continue
        if kind == "date":
            x = _to_datetime(x)
            if x is None:
                continue
        elif kind not in ("number", "period"):
            x = _label(x, 40)
        groups.setdefault(_key(s) if spec.series else "", []).append((x, y))
    for name, pts in groups.items():
        if kind in ("date", "number", "period"):
            pts.sort(key=lambda p: p[0])
        ax.plot(
            [p[0] for p in pts],
            [p[1] for p in pts],
            marker="o" if len(pts) <= 40 else None,
            markersize=3,
            label=_label(name) if name else None,
        )
    if kind == "date":
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    elif kind == "period":
        ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: str(int(v))))  # no "2,024"
    elif kind == "text":
        ax.tick_params(axis="x", labelrotation=45)


def _draw_pie(ax: Any, rows: list[tuple[Any, float, Any]]) -> None:
    rows = rows[:MAX_PIE_SLICES]
    ax.pie(
        [y for _, y, _ in rows],
        labels=[_label(x) for x, _, _ in rows],
        autopct="%1.0f%%",
        startangle=90,
        counterclock=False,
        textprops={"fontsize": 9},
    )
    ax.axis("equal")


# ---------------------------------------------------------------- words


def interpretation(result: QueryResult, spec: ChartSpec) -> str:
    """One factual sentence about what the chart shows, computed from the data."""
    rows = _plot_rows(result, spec)
    y, x = humanize(spec.y), humanize(spec.x)
    if not rows:
        return f"{_kind_name(spec.kind)} of {y} by {x} with no plottable values."
    if spec.kind == "scatter":
        return _scatter_sentence(rows, x, y)
    if spec.kind == "line":
        return _line_sentence(rows, result, spec)
    top = max(rows, key=lambda r: r[1])
    low = min(rows, key=lambda r: r[1])
    where = f" ({format_value(top[2])})" if spec.series else ""
    if spec.kind == "pie":
        total = sum(r[1] for r in rows)
        share = f" with {top[1] / total:.0%} of the total" if total > 0 else ""
        return f"Pie chart of {y} by {x}; {format_value(top[0])} is the largest slice at {format_number(top[1])}{share}."
    sentence = f"Bar chart of {y} by {x}; {format_value(top[0])}{where} is highest at {format_number(top[1])}"
    if len(rows) > 1 and low is not top:
        low_where = f" ({format_value(low[2])})" if spec.series else ""
        sentence += f" and {format_value(low[0])}{low_where} is lowest at {format_number(low[1])}"
    return sentence + "."


def _kind_name(kind: str) -> str:
    return {"bar": "Bar chart", "line": "Line chart", "scatter": "Scatter plot", "pie": "Pie chart"}[kind]


def _line_sentence(rows: list[tuple[Any, float, Any]], result: QueryResult, spec: ChartSpec) -> str:
    y, x = humanize(spec.y), humanize(spec.x)
    kind = classify(spec.x, [r[_column(result, spec.x)] for r in result.rows])
    ordered = sorted(rows, key=lambda r: _sort_key(r[0])) if kind in ("date", "period", "number") else rows
    first, last = ordered[0], ordered[-1]
    peak = max(ordered, key=lambda r: r[1])
    if spec.series:
        n = len({_key(r[2]) for r in rows})
        return (
            f"Line chart of {y} over {x} for {n} {humanize(spec.series)} values from {format_value(first[0])} "
            f"to {format_value(last[0])}; the peak is {format_number(peak[1])} "
            f"({format_value(peak[2])}, {format_value(peak[0])})."
        )
    change = ""
    if first[1] != 0:
        change = f" ({(last[1] - first[1]) / abs(first[1]):+.0%})"
    return (
        f"Line chart of {y} over {x} from {format_value(first[0])} to {format_value(last[0])}; "
        f"it went from {format_number(first[1])} to {format_number(last[1])}{change}, "
        f"peaking at {format_number(peak[1])} in {format_value(peak[0])}."
    )


def _sort_key(value: Any) -> Any:
    if is_number(value):
        return (0, float(value), "")
    parsed = _to_datetime(value)
    if parsed is not None:
        return (1, parsed.replace(tzinfo=None).timestamp(), "")
    return (2, 0.0, str(value))


def _scatter_sentence(rows: list[tuple[Any, float, Any]], x: str, y: str) -> str:
    pts = [(float(a), b) for a, b, _ in rows if is_number(a)]
    sentence = f"Scatter plot of {y} against {x} over {len(pts)} points"
    if len(pts) >= 3:
        r = _pearson(pts)
        if r is not None:
            strength = "strong" if abs(r) >= 0.7 else "moderate" if abs(r) >= 0.4 else "weak"
            direction = "positive" if r > 0 else "negative"
            sentence += f"; the correlation is {strength} and {direction} (r = {r:.2f})"
    return sentence + "."


def _pearson(pts: list[tuple[float, float]]) -> float | None:
    n = len(pts)
    mx = sum(p[0] for p in pts) / n
    my = sum(p[1] for p in pts) / n
    sxy = sum((a - mx) * (b - my) for a, b in pts)
    sxx = sum((a - mx) ** 2 for a, _ in pts)
    syy = sum((b - my) ** 2 for _, b in pts)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)
