"""Read dbt artifacts (manifest.json + optional catalog.json) into documentation facts.

What the knowledge service needs from dbt: which warehouse relation each model, seed,
snapshot and source builds, its description, column descriptions, tags, meta, lineage
(upstream/downstream node ids), accepted values declared by tests, and the semantic layer
(metrics and semantic models). Manifests v4 (dbt 0.21) to v12 (dbt 1.8+) share this shape;
older ones lack it and are refused with a clear message. Parsing keeps only the small
fields it needs, so a 50 MB manifest costs one json.load and no further copies.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.common.errors import InvalidArgument

logger = logging.getLogger(__name__)

RELATION_TYPES = ("model", "seed", "snapshot", "source")
MIN_MANIFEST_VERSION = 4
MAX_KNOWN_MANIFEST_VERSION = 12
_VERSION_RE = re.compile(r"/(manifest|catalog)/v(\d+)\.json$")
_AGG_SQL = {"average": "avg"}  # dbt aggregation names that differ from SQL
_TYPE_PRIORITY = {"model": 0, "snapshot": 1, "seed": 2, "source": 3}

Artifact = Path | str | bytes | Mapping[str, Any]


@dataclass(slots=True)
class DbtNode:
    """A dbt resource that is a warehouse relation. ``name`` is the relation name."""

    unique_id: str
    resource_type: str  # model | seed | snapshot | source
    database: str | None
    schema: str
    name: str  # alias (models/seeds/snapshots) or identifier (sources)
    description: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # column -> description
    tags: list[str] = field(default_factory=list)
    upstream: list[str] = field(default_factory=list)
    downstream: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    dbt_name: str = ""  # model name, or "source_name.table" for sources
    package_name: str = ""
    materialized: str | None = None
    column_types: dict[str, str] = field(default_factory=dict)  # from catalog.json
    accepted_values: dict[str, list[str]] = field(default_factory=dict)  # from tests

    @property
    def relation(self) -> str:
        """database.schema.name as dbt would render it (without quoting)."""
        return ".".join(p for p in (self.database, self.schema, self.name) if p)


@dataclass(slots=True)
class DbtMetric:
    """A semantic-layer metric. ``expression`` is SQL-ish text an analyst can reuse."""

    unique_id: str
    name: str
    label: str = ""
    description: str = ""
    type: str = ""  # simple | ratio | derived | cumulative | conversion | sum | count ...
    expression: str = ""  # e.g. "sum(order_total)" or "revenue / orders"
    measure: str | None = None
    filter: str = ""
    model_refs: list[str] = field(default_factory=list)  # unique ids of models it reads
    time_grains: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DbtSemanticModel:
    """A MetricFlow semantic model (manifest v10+): entities, measures and dimensions."""

    unique_id: str
    name: str
    description: str = ""
    model: str | None = None  # unique id of the dbt model it describes
    entities: list[dict[str, str]] = field(default_factory=list)
    measures: list[dict[str, str]] = field(default_factory=list)
    dimensions: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class DbtProject:
    """Everything read from one set of dbt artifacts."""

    nodes: list[DbtNode] = field(default_factory=list)
    metrics: list[DbtMetric] = field(default_factory=list)
    semantic_models: list[DbtSemanticModel] = field(default_factory=list)
    manifest_version: int = 0
    dbt_version: str = ""
    adapter_type: str = ""

    def node(self, unique_id: str) -> DbtNode | None:
        return next((n for n in self.nodes if n.unique_id == unique_id), None)


# --------------------------------------------------------------------------- loading


def load_dbt_project(manifest: Artifact, catalog: Artifact | None = None) -> DbtProject:
    """Parse a manifest (path, JSON text/bytes or already-loaded dict) and optional catalog."""
    m = _load_json(manifest, "manifest.json")
    c = _load_json(catalog, "catalog.json") if catalog is not None else None
    return parse_manifest(m, c)


def _load_json(source: Artifact, label: str) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        data: Any = source
    else:
        try:
            if isinstance(source, Path):
                with source.open("rb") as fh:
                    data = json.load(fh)
            else:
                data = json.loads(source)
        except FileNotFoundError as exc:
            raise InvalidArgument(f"{label}: file not found") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidArgument(f"{label}: not valid JSON ({exc})") from exc
    if not isinstance(data, Mapping):
        raise InvalidArgument(f"{label}: expected a JSON object at the top level")
    return data


def artifact_version(data: Mapping[str, Any], kind: str, label: str) -> int:
    """The vN of metadata.dbt_schema_version; InvalidArgument if it is not a ``kind``."""
    meta = data.get("metadata")
    if not isinstance(meta, Mapping):
        raise InvalidArgument(f"{label}: missing 'metadata' object; is this a dbt {kind}.json?")
    url = meta.get("dbt_schema_version")
    match = _VERSION_RE.search(url) if isinstance(url, str) else None
    if match is None:
        raise InvalidArgument(f"{label}: metadata.dbt_schema_version {url!r} is not a dbt schema URL")
    if match.group(1) != kind:
        raise InvalidArgument(
            f"{label}: metadata.dbt_schema_version says this is a {match.group(1)}.json, expected {kind}.json"
        )
    return int(match.group(2))


# --------------------------------------------------------------------------- parsing


def parse_manifest(manifest: Mapping[str, Any], catalog: Mapping[str, Any] | None = None) -> DbtProject:
    """Build a DbtProject; raises InvalidArgument naming the field that was wrong."""
    version = artifact_version(manifest, "manifest", "manifest.json")
    if version < MIN_MANIFEST_VERSION:
        raise InvalidArgument(
            f"manifest.json: schema v{version} is not supported (need v{MIN_MANIFEST_VERSION} or newer, dbt >= 0.21)"
        )
    if version > MAX_KNOWN_MANIFEST_VERSION:
        logger.warning("dbt manifest v%s is newer than v%s; reading it best-effort", version, MAX_KNOWN_MANIFEST_VERSION)
    meta = manifest["metadata"]
    nodes = _section(manifest, "nodes", required=True)
    sources = _section(manifest, "sources", required=False)
    out: dict[str, DbtNode] = {}
    for uid, raw in nodes.items():
        node = _relation_node(uid, raw, f"nodes[{uid!r}]")
        if node is not None:
            out[uid] = node
    for uid, raw in sources.items():
        node = _relation_node(uid, raw, f"sources[{uid!r}]")
        if node is not None:
            out[uid] = node
    _add_tests(nodes, out)
    _link_downstream(out)
    if catalog is not None:
        _apply_catalog(catalog, out)
    semantic = _semantic_models(_section(manifest, "semantic_models", required=False))
    metrics = _metrics(_section(manifest, "metrics", required=False), semantic)
    return DbtProject(
        nodes=list(out.values()),
        metrics=metrics,
        semantic_models=list(semantic.values()),
        manifest_version=version,
        dbt_version=str(meta.get("dbt_version") or ""),
        adapter_type=str(meta.get("adapter_type") or ""),
    )


def _section(manifest: Mapping[str, Any], key: str, *, required: bool) -> Mapping[str, Any]:
    value = manifest.get(key)
    if value is None:
        if required:
            raise InvalidArgument(f"manifest.json: missing '{key}' object")
        return {}
    if not isinstance(value, Mapping):
        raise InvalidArgument(f"manifest.json: '{key}' must be an object keyed by unique_id")
    return value


def _str(raw: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise InvalidArgument(f"manifest.json: {where}.{key} is missing")
        return ""
    if not isinstance(value, str):
        raise InvalidArgument(f"manifest.json: {where}.{key} must be a string, got {type(value).__name__}")
    return value


def _relation_node(uid: str, raw: Any, where: str) -> DbtNode | None:
    """A DbtNode for models/seeds/snapshots/sources; None for tests, analyses, etc."""
    if not isinstance(raw, Mapping):
        raise InvalidArgument(f"manifest.json: {where} must be an object")
    rtype = _str(raw, "resource_type", where, required=True)
    if rtype not in RELATION_TYPES:
        return None
    config = raw.get("config") if isinstance(raw.get("config"), Mapping) else {}
    if config.get("enabled") is False:
        return None
    name = _str(raw, "name", where, required=True)
    relation = (_str(raw, "identifier", where) if rtype == "source" else _str(raw, "alias", where)) or name
    dbt_name = f"{_str(raw, 'source_name', where)}.{name}" if rtype == "source" else name
    return DbtNode(
        unique_id=uid,
        resource_type=rtype,
        database=_str(raw, "database", where) or None,
        schema=_str(raw, "schema", where, required=True),
        name=relation,
        description=_str(raw, "description", where),
        columns=_columns(raw.get("columns"), where),
        tags=_str_list(raw.get("tags"), f"{where}.tags"),
        upstream=_dedupe(_depends_on(raw, where)),
        meta=dict(raw.get("meta") or {}),
        dbt_name=dbt_name,
        package_name=_str(raw, "package_name", where),
        materialized=config.get("materialized") if isinstance(config.get("materialized"), str) else None,
    )


def _columns(raw: Any, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise InvalidArgument(f"manifest.json: {where}.columns must be an object")
    out = {}
    for key, col in raw.items():
        if not isinstance(col, Mapping):
            raise InvalidArgument(f"manifest.json: {where}.columns[{key!r}] must be an object")
        out[str(col.get("name") or key)] = str(col.get("description") or "")
    return out


def _str_list(raw: Any, where: str) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if not isinstance(raw, list):
        raise InvalidArgument(f"manifest.json: {where} must be a list")
    return [str(x) for x in raw]


def _depends_on(raw: Mapping[str, Any], where: str) -> list[str]:
    dep = raw.get("depends_on")
    if dep is None:
        return []
    if not isinstance(dep, Mapping):
        raise InvalidArgument(f"manifest.json: {where}.depends_on must be an object")
    return _str_list(dep.get("nodes"), f"{where}.depends_on.nodes")


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _link_downstream(nodes: dict[str, DbtNode]) -> None:
    """Invert upstream edges (only between relation nodes; tests are not lineage)."""
    for node in nodes.values():
        node.upstream = [u for u in node.upstream if u in nodes]
        for up in node.upstream:
            if node.unique_id not in nodes[up].downstream:
                nodes[up].downstream.append(node.unique_id)


def _add_tests(raw_nodes: Mapping[str, Any], out: dict[str, DbtNode]) -> None:
    """accepted_values tests tell the analyst every legal value of a column."""
    for raw in raw_nodes.values():
        if not isinstance(raw, Mapping) or raw.get("resource_type") != "test":
            continue
        meta = raw.get("test_metadata")
        if not isinstance(meta, Mapping) or meta.get("name") != "accepted_values":
            continue
        kwargs = meta.get("kwargs") if isinstance(meta.get("kwargs"), Mapping) else {}
        column, values = kwargs.get("column_name"), kwargs.get("values")
        target = raw.get("attached_node") or next(iter(_depends_on(raw, "test")), None)
        if isinstance(column, str) and isinstance(values, list) and target in out:
            out[target].accepted_values[column] = [str(v) for v in values]


def _apply_catalog(catalog: Mapping[str, Any], nodes: dict[str, DbtNode]) -> None:
    """Column types (and missing column names) from catalog.json, matched by unique_id."""
    artifact_version(catalog, "catalog", "catalog.json")
    for section in ("nodes", "sources"):
        entries = catalog.get(section) or {}
        if not isinstance(entries, Mapping):
            raise InvalidArgument(f"catalog.json: '{section}' must be an object keyed by unique_id")
        for uid, entry in entries.items():
            node = nodes.get(uid)
            if node is None or not isinstance(entry, Mapping):
                continue
            cols = entry.get("columns") or {}
            if not isinstance(cols, Mapping):
                raise InvalidArgument(f"catalog.json: {section}[{uid!r}].columns must be an object")
            for key, col in sorted(cols.items(), key=lambda kv: _index(kv[1])):
                name = str(col.get("name") or key) if isinstance(col, Mapping) else str(key)
                node.column_types[name] = str(col.get("type") or "") if isinstance(col, Mapping) else ""
            comment = (entry.get("metadata") or {}).get("comment") if isinstance(entry.get("metadata"), Mapping) else None
            if comment and not node.description:
                node.description = str(comment)


def _index(col: Any) -> int:
    return int(col.get("index") or 0) if isinstance(col, Mapping) else 0


# --------------------------------------------------------------------------- semantic layer


def _semantic_models(raw: Mapping[str, Any]) -> dict[str, DbtSemanticModel]:
    out: dict[str, DbtSemanticModel] = {}
    for uid, sm in raw.items():
        where = f"semantic_models[{uid!r}]"
        if not isinstance(sm, Mapping):
            raise InvalidArgument(f"manifest.json: {where} must be an object")
        models = [n for n in _depends_on(sm, where) if n.startswith("model.")]
        out[uid] = DbtSemanticModel(
            unique_id=uid,
            name=_str(sm, "name", where, required=True),
            description=_str(sm, "description", where),
            model=models[0] if models else None,
            entities=_named_items(sm.get("entities"), f"{where}.entities", ("type", "expr", "description")),
            measures=_named_items(sm.get("measures"), f"{where}.measures", ("agg", "expr", "description", "label")),
            dimensions=_named_items(sm.get("dimensions"), f"{where}.dimensions", ("type", "expr", "description", "label")),
        )
    return out


def _named_items(raw: Any, where: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidArgument(f"manifest.json: {where} must be a list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise InvalidArgument(f"manifest.json: {where}[{i}] must be an object with a 'name'")
        out.append({"name": item["name"], **{k: str(item.get(k) or "") for k in keys}})
    return out


def _metrics(raw: Mapping[str, Any], semantic: dict[str, DbtSemanticModel]) -> list[DbtMetric]:
    measures = {m["name"]: (sm, m) for sm in semantic.values() for m in sm.measures}
    out: dict[str, DbtMetric] = {}
    uses: dict[str, list[str]] = {}  # metric -> metrics it is computed from
    for uid, metric in raw.items():
        where = f"metrics[{uid!r}]"
        if not isinstance(metric, Mapping):
            raise InvalidArgument(f"manifest.json: {where} must be an object")
        if isinstance(metric.get("type_params"), Mapping):
            out[uid] = _metric_v10(uid, metric, where, measures)
        else:
            out[uid] = _metric_legacy(uid, metric, where)
        uses[uid] = [d for d in _depends_on(metric, where) if d.startswith("metric.")]
    for _ in range(5):  # ratio/derived metrics read the models of the metrics they combine
        grew = False
        for uid, parents in uses.items():
            inherited = [r for p in parents if p in out for r in out[p].model_refs]
            merged = _dedupe(out[uid].model_refs + inherited)
            if merged != out[uid].model_refs:
                out[uid].model_refs, grew = merged, True
        if not grew:
            break
    return list(out.values())


def _metric_base(uid: str, metric: Mapping[str, Any], where: str) -> DbtMetric:
    return DbtMetric(
        unique_id=uid,
        name=_str(metric, "name", where, required=True),
        label=_str(metric, "label", where),
        description=_str(metric, "description", where),
        type=_str(metric, "type", where) or _str(metric, "calculation_method", where),
    )


def _metric_legacy(uid: str, metric: Mapping[str, Any], where: str) -> DbtMetric:
    """dbt 1.0-1.5 metrics: calculation_method/expression (1.3+) or type/sql (earlier)."""
    m = _metric_base(uid, metric, where)
    m.expression = _agg_expression(m.type, _str(metric, "expression", where) or _str(metric, "sql", where))
    filters = metric.get("filters") or []
    if isinstance(filters, list):
        m.filter = " and ".join(
            f"{f.get('field')} {f.get('operator')} {f.get('value')}" for f in filters if isinstance(f, Mapping)
        )
    model_uid = metric.get("model_unique_id")
    deps = [d for d in _depends_on(metric, where) if d.startswith(("model.", "seed.", "snapshot."))]
    m.model_refs = _dedupe(([model_uid] if isinstance(model_uid, str) else []) + deps)
    m.time_grains = _str_list(metric.get("time_grains"), f"{where}.time_grains")
    m.dimensions = _str_list(metric.get("dimensions"), f"{where}.dimensions")
    return m


def _agg_expression(agg: str, expr: str) -> str:
    """'sum' + 'amount' -> 'sum(amount)'; derived/expression metrics keep their expression."""
    if not expr or agg in ("", "derived", "expression"):
        return expr
    if agg == "count_distinct":
        return f"count(distinct {expr})"
    if agg == "sum_boolean":
        return f"sum(case when {expr} then 1 else 0 end)"
    return f"{_AGG_SQL.get(agg, agg)}({expr})"


def _metric_v10(
    uid: str,
    metric: Mapping[str, Any],
    where: str,
    measures: dict[str, tuple[DbtSemanticModel, dict[str, str]]],
) -> DbtMetric:
    """MetricFlow metrics (manifest v10+): simple/cumulative on a measure, ratio, derived."""
    m = _metric_base(uid, metric, where)
    tp = metric["type_params"]
    measure = tp.get("measure")
    m.measure = measure.get("name") if isinstance(measure, Mapping) else (measure if isinstance(measure, str) else None)
    if m.measure and m.measure in measures:
        _, meas = measures[m.measure]
        m.expression = _agg_expression(meas["agg"], meas["expr"] or m.measure)
    elif m.type == "ratio":
        m.expression = f"{_ref_name(tp.get('numerator'))} / {_ref_name(tp.get('denominator'))}"
    elif isinstance(tp.get("expr"), str):
        m.expression = tp["expr"]
    flt = metric.get("filter")
    if isinstance(flt, Mapping):
        wheres = flt.get("where_filters") or []
        m.filter = " and ".join(str(w.get("where_sql_template", "")) for w in wheres if isinstance(w, Mapping))
    elif isinstance(flt, str):
        m.filter = flt
    sms = [d for d in _depends_on(metric, where) if d.startswith("semantic_model.")]
    models = [sm.model for sm, _ in measures.values() if sm.unique_id in sms and sm.model]
    if m.measure in measures and measures[m.measure][0].model:
        models.insert(0, measures[m.measure][0].model)
    m.model_refs = _dedupe(x for x in models if x)
    return m


def _ref_name(ref: Any) -> str:
    if isinstance(ref, Mapping):
        return str(ref.get("name") or "")
    return str(ref or "")


# --------------------------------------------------------------------------- matching


def match_nodes_to_tables(
    project: DbtProject, tables: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], DbtNode]:
    """Map catalog (schema, name) pairs to dbt nodes, case-insensitively.

    A catalog schema may be bare ("analytics") or carry the database ("prod.analytics",
    BigQuery's "project.dataset"); both match a node in that schema. When several nodes
    build the same relation (a seed that is also declared as a source), the documented one
    wins, then model > snapshot > seed > source.
    """
    by_schema: dict[tuple[str, str], list[DbtNode]] = {}
    by_full: dict[tuple[str, str], list[DbtNode]] = {}
    for node in project.nodes:
        schema, name = node.schema.lower(), node.name.lower()
        by_schema.setdefault((schema, name), []).append(node)
        if node.database:
            by_full.setdefault((f"{node.database.lower()}.{schema}", name), []).append(node)
    out: dict[tuple[str, str], DbtNode] = {}
    for schema, name in tables:
        key = (schema.lower(), name.lower())
        candidates = by_full.get(key) or by_schema.get(key)
        if not candidates and "." in key[0]:
            candidates = by_schema.get((key[0].rsplit(".", 1)[1], key[1]))
        if candidates:
            out[(schema, name)] = min(candidates, key=_preference)
    return out


def _preference(node: DbtNode) -> tuple[int, int, str]:
    documented = bool(node.description or any(node.columns.values()))
    return (0 if documented else 1, _TYPE_PRIORITY.get(node.resource_type, 9), node.unique_id)
