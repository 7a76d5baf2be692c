"""Turn an engine's ``AnalystAnswer`` into Dot's assistant message (contract §3.6).

The message references dataframes and charts by asset key; the bytes behind the
download URLs (full CSV, PNG) are returned separately as ``StoredAsset`` so the
service decides where they live and which routes serve them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Literal, Sequence
from urllib.parse import quote

from services.common.csv_safe import neutralise_cell
from services.conversation import charts
from services.conversation.engine.types import AnalystAnswer, AnswerPart, ChartSpec, QueryResult

PREVIEW_ROWS = 20
PREVIEW_CELL_CHARS = 200  # keeps one huge text cell from flooding the terminal
SUMMARY_COLUMNS = 20
CSV_CHUNK_ROWS = 1000
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
PNG_CONTENT_TYPE = "image/png"
# Charts are stored as data + spec and rendered to PNG on first download (keeps answers fast).
CHART_PAYLOAD_CONTENT_TYPE = "application/vnd.dot.chart+json"

AssetKind = Literal["dataframe", "chart"]
# (asset key, asset kind) -> absolute download URL; the service owns the routes.
AssetUrlBuilder = Callable[[str, str], str]


@dataclass(frozen=True)
class StoredAsset:
    """Bytes the service must keep so the asset's download URL can serve them."""

    key: str  # the key in additional_data.assets, e.g. "df_3_1_revenue_by_month"
    kind: AssetKind
    content: bytes  # full CSV (dataframe) or PNG (chart)
    content_type: str

    @property
    def filename(self) -> str:
        """What the Dot CLI names the download (``<key>.csv`` / ``<key>.png``)."""
        return f"{self.key}.{'csv' if self.kind == 'dataframe' else 'png'}"


# ---------------------------------------------------------------- CSV

NUMBER_TYPES = (int, float, Decimal)  # bool is an int: written as true/false, never formula-like


def csv_cell(value: Any) -> str:
    """One value as CSV text: None empty, dates ISO, Decimals exact, bools lower-case."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # exact digits, never scientific notation
    if isinstance(value, float):
        # shortest round-tripping text, at 15 significant digits
        # (1149910.7750000001 -> 1149910.775)
        if not math.isfinite(value):
            return repr(value)
        text = format(value, ".15g")  # 15 significant digits: exact for decimal data, no sum noise
        return text if any(ch in text for ch in ".en") else text + ".0"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return "\\x" + raw.hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def iter_csv(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, chunk_rows: int = CSV_CHUNK_ROWS
) -> Iterator[bytes]:
    """RFC 4180 CSV (CRLF, minimal quoting) as UTF-8 chunks, for streaming responses.

    Text cells (and column names) are neutralised against spreadsheet formulas; typed numbers
    are written as they are.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise_cell(str(c)) for c in columns])
    pending = 1
    for row in rows:
        writer.writerow([csv_cell(v) if isinstance(v, NUMBER_TYPES) else neutralise_cell(csv_cell(v)) for v in row])
        pending += 1
        if pending >= chunk_rows:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
            pending = 0
    if pending or buf.tell():
        yield buf.getvalue().encode("utf-8")


def result_to_csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The whole CSV at once (see ``iter_csv``)."""
    return b"".join(iter_csv(columns, rows))


# ---------------------------------------------------------------- dataframe asset


def text_preview(result: QueryResult, max_rows: int = PREVIEW_ROWS) -> str:
    """CSV header plus the first rows, newline-separated (what the CLI prints)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows[:max_rows]:
        writer.writerow([_short(csv_cell(v)) for v in row])
    return buf.getvalue().rstrip("\n")


def _short(text: str) -> str:
    return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"


def text_summary(result: QueryResult) -> str:
    """One line of per-column statistics, e.g. ``total — mean: 41,675, min: 38,120, max: 45,231 | region — 2 unique``."""
    if not result.rows:
        return "No rows."
    profiles = charts.profile_columns(result)
    pieces = [_column_summary(result, p) for p in profiles[:SUMMARY_COLUMNS]]
    if len(profiles) > SUMMARY_COLUMNS:
        pieces.append(f"… {len(profiles) - SUMMARY_COLUMNS} more columns")
    line = " | ".join(pieces)
    if result.truncated:
        line += f" (first {len(result.rows):,} rows; result truncated)"
    return line


def _column_summary(result: QueryResult, profile: charts.ColumnProfile) -> str:
    values = [row[profile.index] for row in result.rows if row[profile.index] is not None]
    name = profile.name
    if profile.kind == "empty":
        return f"{name} — all null"
    if profile.kind == "number":
        nums = [float(v) for v in values]
        text = (
            f"{name} — mean: {charts.format_number(sum(nums) / len(nums))}, "
            f"min: {charts.format_number(min(values))}, max: {charts.format_number(max(values))}"
        )
    elif profile.kind == "period":
        text = f"{name} — {int(min(values))} to {int(max(values))}"
    elif profile.kind == "date":
        ordered = sorted(csv_cell(v) for v in values)
        text = f"{name} — {ordered[0]} to {ordered[-1]}"
    else:
        text = f"{name} — {profile.distinct:,} unique"
    if profile.nulls:
        text += f", {profile.nulls:,} null"
    return text


def dataframe_asset(result: QueryResult, *, csv_url: str) -> dict[str, Any]:
    """The dataframe asset of §3.6 for one query result."""
    return {
        "sql_query": result.sql,
        "text_preview": text_preview(result),
        "text_summary": text_summary(result),
        "shape": [len(result.rows), len(result.columns)],
        "csv_download_url": csv_url,
    }


# ---------------------------------------------------------------- message


def _slug(title: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    return slug[:limit].rstrip("_")


def asset_key(prefix: str, message_position: int, n: int, title: str = "") -> str:
    """Stable key, unique within a chat: ``<prefix>_<message position>_<n>[_<slug>]``."""
    slug = _slug(title)
    return f"{prefix}_{message_position}_{n}" + (f"_{slug}" if slug else "")


def _fallback_content(answer: AnalystAnswer) -> str:
    """Text when the engine gave only results: the CLI shows ``content`` if nothing else."""
    results = [p for p in answer.parts if p.kind == "query" and p.result is not None]
    if not results:
        return "I have no answer to show."
    first = results[0].result
    assert first is not None
    title = results[0].title or "The query"
    return f"{title} returned {len(first.rows):,} row{'s' if len(first.rows) != 1 else ''}."


def assistant_message(
    answer: AnalystAnswer,
    *,
    chat_id: str,
    base_url: str,
    asset_urls: AssetUrlBuilder,
    message_position: int = 0,
) -> tuple[dict[str, Any], list[StoredAsset]]:
    """Dot's assistant message for ``answer`` plus the asset bytes the service must store.

    ``asset_urls(key, kind)`` returns the absolute download URL of an asset
    (``kind`` is "dataframe" or "chart"). ``message_position`` is the index of this
    message in the chat and makes asset keys unique within it. Rendering PNGs is
    CPU-bound: call this from a worker thread in async code.
    """
    formatted: list[dict[str, str]] = []
    parts = list(answer.parts)
    first_text = next((i for i, p in enumerate(parts) if p.kind == "text" and p.text.strip()), None)
    if first_text:  # lead with the answer sentence, as Dot does, then data and charts
        parts.insert(0, parts.pop(first_text))
    assets: dict[str, dict[str, Any]] = {}
    stored: list[StoredAsset] = []
    texts: list[str] = []
    n = 0
    for part in parts:
        if part.kind == "text" and part.text.strip():
            texts.append(part.text.strip())
            formatted.append({"type": "text", "data": part.text.strip()})
        elif part.kind == "query" and part.result is not None:
            n += 1
            _add_query_part(part, part.result, message_position, n, asset_urls, formatted, assets, stored)
    if answer.assumptions:
        note = "Assumptions: " + "; ".join(a.strip().rstrip(".") for a in answer.assumptions if a.strip()) + "."
        texts.append(note)
        formatted.append({"type": "text", "data": note})
    message = {
        "role": "assistant",
        "content": "\n\n".join(texts) if texts else _fallback_content(answer),
        "additional_data": {
            "formatted_result": formatted,
            "assets": assets,
            "dot_url": f"{base_url.rstrip('/')}/?c={quote(chat_id, safe='')}",
            "chat_id": chat_id,
        },
        "suggested_follow_ups": [f for f in answer.suggested_follow_ups if f.strip()],
    }
    return message, stored


def _add_query_part(
    part: AnswerPart,
    result: QueryResult,
    position: int,
    n: int,
    asset_urls: AssetUrlBuilder,
    formatted: list[dict[str, str]],
    assets: dict[str, dict[str, Any]],
    stored: list[StoredAsset],
) -> None:
    spec = charts.choose_chart(result, part.chart)
    title = part.title or (spec.title if spec else "")
    df_key = asset_key("df", position, n, title)
    assets[df_key] = dataframe_asset(result, csv_url=asset_urls(df_key, "dataframe"))
    stored.append(StoredAsset(df_key, "dataframe", result_to_csv_bytes(result.columns, result.rows), CSV_CONTENT_TYPE))
    formatted.append({"type": "dataframe", "data": df_key})
    if spec is None:
        return
    viz_key = asset_key("viz", position, n, title)
    assets[viz_key] = {
        "interpretation": charts.interpretation(result, spec),
        "chart_download_url": asset_urls(viz_key, "chart"),
        "vega_lite": charts.vega_lite_spec(result, spec),
    }
    stored.append(StoredAsset(viz_key, "chart", chart_payload(result, spec), CHART_PAYLOAD_CONTENT_TYPE))
    formatted.append({"type": "chart", "data": viz_key})


def chart_payload(result: QueryResult, spec: charts.ChartSpec) -> bytes:
    """What a chart download needs to render its PNG later: the rows and the spec."""
    return json.dumps({"sql": result.sql, "columns": list(result.columns),
                       "rows": [[charts.jsonable(v) for v in r] for r in result.rows],
                       "spec": {"kind": spec.kind, "x": spec.x, "y": spec.y, "series": spec.series,
                                "title": spec.title}}).encode()


def render_chart_payload(payload: bytes) -> bytes:
    """PNG bytes for a stored chart payload (CPU-bound: call from a worker thread)."""
    doc = json.loads(payload)
    result = QueryResult(sql=doc.get("sql", ""), columns=tuple(doc["columns"]),
                         rows=tuple(tuple(r) for r in doc["rows"]))
    s = doc["spec"]
    return charts.render_png(result, ChartSpec(kind=s["kind"], x=s["x"], y=s["y"], series=s.get("series"),
                                               title=s.get("title") or ""))
