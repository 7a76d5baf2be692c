"""Read a LookML project: views and their fields, explores with joins, and dashboards.

Views tell the analyst what business names (labels, descriptions, measures) mean in SQL;
explores tell it how tables join; LookML dashboards become external assets (contract §3.3)
that Dot recommends. Model/view/explore files are LookML (parsed with ``lkml``);
``*.dashboard.lookml`` files are YAML. Sources implement ``LookerSource`` so the service can
read a checked-out project directory today and the Looker API where ``looker-sdk`` exists.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import lkml
import yaml

from services.common.errors import InvalidArgument, Unavailable

FIELD_KINDS = ("dimension", "dimension_group", "measure")
DASHBOARD_SUBTYPE = "looker_dashboard"
_MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(slots=True)
class LookMLField:
    """A dimension, dimension group or measure of a view."""

    name: str
    kind: str  # dimension | dimension_group | measure
    type: str = ""
    label: str = ""
    description: str = ""
    sql: str = ""
    primary_key: bool = False
    hidden: bool = False
    timeframes: list[str] = field(default_factory=list)
    group_label: str = ""


@dataclass(slots=True)
class LookMLView:
    """A view: the table (or derived SQL) it reads, and its fields."""

    name: str
    sql_table_name: str = ""
    derived_table_sql: str = ""
    label: str = ""
    description: str = ""
    fields: list[LookMLField] = field(default_factory=list)
    file: str = ""  # path relative to the project root

    def table_ref(self) -> tuple[str | None, str] | None:
        """(schema, table) of sql_table_name without quotes; None for derived/templated ones."""
        raw = self.sql_table_name.strip().rstrip(";").strip()
        if not raw or "$" in raw or " " in raw:
            return None
        parts = [p.strip('`"[]') for p in raw.split(".")]
        return (parts[-2] if len(parts) >= 2 else None, parts[-1])


@dataclass(slots=True)
class LookMLJoin:
    name: str
    from_view: str  # the view joined (``from`` or the join name)
    sql_on: str = ""
    relationship: str = ""
    type: str = ""
    foreign_key: str = ""


@dataclass(slots=True)
class LookMLExplore:
    """An explore: its base view and the views it joins, and how."""

    name: str
    model: str | None
    view_name: str  # base view
    label: str = ""
    description: str = ""
    joins: list[LookMLJoin] = field(default_factory=list)
    sql_always_where: str = ""


@dataclass(slots=True)
class LookMLDashboard:
    """A LookML (YAML) dashboard with its tiles."""

    name: str
    model: str | None
    title: str = ""
    description: str = ""
    elements: list[dict[str, Any]] = field(default_factory=list)
    filters: list[dict[str, Any]] = field(default_factory=list)
    file: str = ""

    @property
    def looker_id(self) -> str:
        """Looker's id for LookML dashboards: ``model::dashboard``."""
        return f"{self.model}::{self.name}" if self.model else self.name


@dataclass(slots=True)
class LookMLProject:
    views: list[LookMLView] = field(default_factory=list)
    explores: list[LookMLExplore] = field(default_factory=list)
    dashboards: list[LookMLDashboard] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)  # model name -> connection

    def view(self, name: str) -> LookMLView | None:
        return next((v for v in self.views if v.name == name), None)


class LookerSource(Protocol):
    """Where Looker knowledge comes from (a LookML checkout or the Looker API)."""

    def load(self) -> LookMLProject:
        """Views, explores and dashboards."""
        ...

    def dashboards(self) -> list[dict[str, Any]]:
        """Dashboards as external-asset dicts (the 10 fields of contract §3.3)."""
        ...


# --------------------------------------------------------------------------- sources


class LookMLDirectorySource:
    """A LookML project checked out on disk (e.g. a git clone)."""

    def __init__(self, root: Path, *, base_url: str | None = None) -> None:
        if not root.is_dir():
            raise InvalidArgument(f"LookML project directory {str(root)!r} does not exist")
        self.root = root
        self.base_url = base_url

    def load(self) -> LookMLProject:
        return parse_lookml_project(self.root)

    def dashboards(self) -> list[dict[str, Any]]:
        return [dashboard_asset(d, base_url=self.base_url) for d in self.load().dashboards]


class LookerApiSource:
    """The Looker instance's API via ``looker-sdk`` (optional dependency).

    Built from a looker connection's params, the body of ``/api/connect_looker``:
    ``{"url", "client_id", "client_secret"}``.
    """

    def __init__(self, params: Mapping[str, Any]) -> None:
        try:
            import looker_sdk  # noqa: F401 - presence check for the optional extra
        except ImportError as exc:
            raise Unavailable("Looker API sync needs the looker extra: install dot-server[looker]") from exc
        base_url = str(params.get("url") or "")
        if not base_url.startswith(("http://", "https://")):
            raise InvalidArgument("Looker url must start with http:// or https://")
        if not params.get("client_id") or not params.get("client_secret"):
            raise InvalidArgument("Looker client_id and client_secret are required")
        self.base_url = base_url.rstrip("/")
        self._client_id = str(params["client_id"])
        self._client_secret = str(params["client_secret"])

    def load(self) -> LookMLProject:
        raise Unavailable("reading LookML through the Looker API is not available yet; sync a LookML directory")

    def dashboards(self) -> list[dict[str, Any]]:
        raise Unavailable("reading dashboards through the Looker API is not available yet; sync a LookML directory")


# --------------------------------------------------------------------------- parsing


def parse_lookml_project(root: Path) -> LookMLProject:
    """Parse every ``*.lkml`` and ``*.dashboard.lookml`` file under ``root``."""
    project = LookMLProject()
    includes: dict[str, list[str]] = {}
    pending: list[tuple[str, dict[str, Any]]] = []
    for path in _project_files(root, "*.lkml"):
        rel = path.relative_to(root).as_posix()
        parsed = _load_lkml(path, rel)
        if rel.endswith(".model.lkml"):
            model = path.name[: -len(".model.lkml")]
            project.models[model] = str(parsed.get("connection") or "")
            includes[model] = [str(i) for i in parsed.get("includes") or []]
            project.explores.extend(_explore(e, model) for e in parsed.get("explores") or [])
        else:
            pending.append((rel, parsed))
    refinements: list[LookMLView] = []
    for rel, parsed in pending:
        owner = _including_model(rel, includes)
        project.explores.extend(_explore(e, owner) for e in parsed.get("explores") or [])
        for raw in parsed.get("views") or []:
            view = _view(raw, rel)
            (refinements if view.name.startswith("+") else project.views).append(view)
    for ref in refinements:
        _refine(project, ref)
    for path in _project_files(root, "*.dashboard.lookml"):
        rel = path.relative_to(root).as_posix()
        project.dashboards.extend(_dashboards(path, rel, _including_model(rel, includes)))
    return project


def _project_files(root: Path, pattern: str) -> list[Path]:
    """Files under ``root`` matching ``pattern``; a symlink leading out of the project is skipped
    (it could name a server file outside the directories the operator allowed)."""
    real_root = root.resolve()
    return [p for p in sorted(root.rglob(pattern)) if p.resolve().is_relative_to(real_root)]


def _load_lkml(path: Path, rel: str) -> dict[str, Any]:
    text = _read_text(path, rel)
    try:
        parsed = lkml.load(text)
    except SyntaxError as exc:
        raise InvalidArgument(f"{rel}: LookML syntax error: {exc}") from exc
    return parsed if isinstance(parsed, dict) else {}


def _read_text(path: Path, rel: str) -> str:
    if path.stat().st_size > _MAX_FILE_BYTES:
        raise InvalidArgument(f"{rel}: file is larger than {_MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidArgument(f"{rel}: not UTF-8 text") from exc


def _including_model(rel: str, includes: dict[str, list[str]]) -> str | None:
    """The model whose include patterns match this file (Looker's ``include:`` globs)."""
    for model, patterns in sorted(includes.items()):
        for pattern in patterns:
            pat = pattern.lstrip("/")
            # A bare pattern ("*.view") is relative to the model's folder; compare basenames.
            target = rel.rsplit("/", 1)[-1] if "/" not in pattern else rel
            candidates = (pat, pat + ".lkml", pat + ".lookml")
            if any(fnmatch.fnmatchcase(target, c.replace("**/", "*")) for c in candidates):
                return model
    return None


def _yes(value: Any) -> bool:
    return str(value).lower() == "yes"


def _field(raw: dict[str, Any], kind: str) -> LookMLField:
    return LookMLField(
        name=str(raw.get("name", "")),
        kind=kind,
        type=str(raw.get("type") or ""),
        label=str(raw.get("label") or ""),
        description=str(raw.get("description") or ""),
        sql=str(raw.get("sql") or "").strip(),
        primary_key=_yes(raw.get("primary_key")),
        hidden=_yes(raw.get("hidden")),
        timeframes=[str(t) for t in raw.get("timeframes") or []],
        group_label=str(raw.get("group_label") or ""),
    )


def _view(raw: dict[str, Any], rel: str) -> LookMLView:
    derived = raw.get("derived_table") or {}
    fields = [
        _field(f, kind)
        for kind in FIELD_KINDS
        for f in raw.get(f"{kind}s") or []
    ]
    return LookMLView(
        name=str(raw.get("name", "")),
        sql_table_name=str(raw.get("sql_table_name") or "").strip(),
        derived_table_sql=str(derived.get("sql") or "").strip() if isinstance(derived, dict) else "",
        label=str(raw.get("label") or ""),
        description=str(raw.get("description") or ""),
        fields=fields,
        file=rel,
    )


def _refine(project: LookMLProject, ref: LookMLView) -> None:
    """Apply a ``view: +name`` refinement: its fields add to or replace the base's."""
    base = project.view(ref.name[1:])
    if base is None:
        return
    by_name = {f.name: i for i, f in enumerate(base.fields)}
    for f in ref.fields:
        if f.name in by_name:
            base.fields[by_name[f.name]] = f
        else:
            base.fields.append(f)
    base.sql_table_name = ref.sql_table_name or base.sql_table_name
    base.derived_table_sql = ref.derived_table_sql or base.derived_table_sql
    base.label = ref.label or base.label
    base.description = ref.description or base.description


def _explore(raw: dict[str, Any], model: str | None) -> LookMLExplore:
    name = str(raw.get("name", ""))
    return LookMLExplore(
        name=name,
        model=model,
        view_name=str(raw.get("from") or raw.get("view_name") or name),
        label=str(raw.get("label") or ""),
        description=str(raw.get("description") or ""),
        sql_always_where=str(raw.get("sql_always_where") or "").strip(),
        joins=[
            LookMLJoin(
                name=str(j.get("name", "")),
                from_view=str(j.get("from") or j.get("name", "")),
                sql_on=str(j.get("sql_on") or "").strip(),
                relationship=str(j.get("relationship") or ""),
                type=str(j.get("type") or ""),
                foreign_key=str(j.get("foreign_key") or ""),
            )
            for j in raw.get("joins") or []
        ],
    )


def _dashboards(path: Path, rel: str, model: str | None) -> list[LookMLDashboard]:
    try:
        data = yaml.safe_load(_read_text(path, rel))
    except yaml.YAMLError as exc:
        raise InvalidArgument(f"{rel}: dashboard YAML is malformed: {exc}") from exc
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("dashboard"):
            raise InvalidArgument(f"{rel}: item {i} has no 'dashboard:' name")
        elements = [e for e in item.get("elements") or [] if isinstance(e, dict)]
        dash_model = model or next((str(e["model"]) for e in elements if e.get("model")), None)
        out.append(
            LookMLDashboard(
                name=str(item["dashboard"]),
                model=dash_model,
                title=str(item.get("title") or item["dashboard"]),
                description=str(item.get("description") or ""),
                elements=elements,
                filters=[f for f in item.get("filters") or [] if isinstance(f, dict)],
                file=rel,
            )
        )
    return out


# --------------------------------------------------------------------------- assets


def dashboard_asset(dash: LookMLDashboard, *, base_url: str | None = None) -> dict[str, Any]:
    """The external-asset dict (contract §3.3) for one LookML dashboard."""
    folder = dash.file.rsplit("/", 1)[0] if "/" in dash.file else None
    return {
        "id": dash.looker_id,
        "subtype": DASHBOARD_SUBTYPE,
        "folder": folder,
        "name": dash.title,
        "description": dash.description or None,
        "url": f"{base_url.rstrip('/')}/dashboards/{dash.looker_id}" if base_url else None,
        "active": True,
        "view_count": 0,
        "last_accessed_at": None,
        "dot_description": dashboard_markdown(dash),
    }


def dashboard_markdown(dash: LookMLDashboard) -> str:
    """LLM-facing rendering: title, description, filters, then each tile's query."""
    lines = [f"# {dash.title}"]
    if dash.description:
        lines += ["", dash.description]
    if dash.filters:
        names = [f"{f.get('title') or f.get('name')}" + (f" ({f['field']})" if f.get("field") else "") for f in dash.filters]
        lines += ["", "Dashboard filters: " + ", ".join(names)]
    for el in dash.elements:
        lines += ["", *_element_markdown(el)]
    return "\n".join(lines).strip() + "\n"


def _element_markdown(el: dict[str, Any]) -> list[str]:
    title = el.get("title") or el.get("title_text") or el.get("name") or "Untitled tile"
    lines = [f"## {title}"]
    kind = el.get("type")
    if kind == "text":
        body = el.get("body_text") or el.get("subtitle_text") or ""
        return lines + ([str(body).strip()] if body else [])
    if kind:
        lines.append(f"- type: {kind}")
    if el.get("explore"):
        lines.append(f"- explore: {el['explore']}" + (f" (model {el['model']})" if el.get("model") else ""))
    for key in ("fields", "pivots", "sorts"):
        if el.get(key):
            lines.append(f"- {key}: " + ", ".join(str(v) for v in _as_list(el[key])))
    if isinstance(el.get("filters"), dict) and el["filters"]:
        lines.append("- filters: " + ", ".join(f"{k} = {v}" for k, v in el["filters"].items()))
    if el.get("note_text"):
        lines.append(f"- note: {el['note_text']}")
    return lines


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
