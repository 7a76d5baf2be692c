"""The knowledge service's own tables."""

from __future__ import annotations

import sqlalchemy as sa

from services.common.jobs import jobs_table

metadata = sa.MetaData()

connections = sa.Table(
    "connections",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("params_enc", sa.Text, nullable=False),  # Fernet-encrypted JSON (secrets included)
    sa.Column("public_json", sa.Text, nullable=False),  # the same params, secrets removed
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("last_synced_at", sa.String(40)),
    sa.Column("status", sa.String(32), nullable=False, server_default="connected"),
    sa.Column("removed", sa.Boolean, nullable=False, server_default=sa.false()),
    # Bumped in the same transaction as every change to what an engine or the guard sees of this
    # connection's catalog (sync, docs, roles, groups, row filters), so caches keyed by it stay true
    # across replicas at the cost of the one row read each request makes anyway.
    sa.Column("catalog_version", sa.Integer, nullable=False, server_default="0"),
)

catalog_tables = sa.Table(
    "catalog_tables",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(500), primary_key=True),  # connection_id.schema.name
    sa.Column("connection_id", sa.String(120), nullable=False, index=True),
    sa.Column("schema", sa.String(200), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("snapshot_json", sa.Text, nullable=False),  # warehouse-derived, replaced by sync
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("description", sa.Text),  # written by people; sync never touches it
    sa.Column("column_docs_json", sa.Text, nullable=False, server_default="{}"),  # people's column docs
    sa.Column("dbt_json", sa.Text),  # attached dbt model/source docs
    sa.Column("lookml_json", sa.Text),  # attached LookML view (fields, labels, explores)
    sa.Column("semantics_json", sa.Text),  # modelers' column roles and synonyms {column: {role, synonyms}}
    sa.Column("row_filter", sa.Text),  # row-level WHERE template
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("use_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

table_groups = sa.Table(
    "table_groups",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("table_id", sa.String(500), primary_key=True),
    sa.Column("group_name", sa.String(120), primary_key=True),
)

external_assets = sa.Table(
    "external_assets",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(500), primary_key=True),
    sa.Column("subtype", sa.String(100), nullable=False),
    sa.Column("doc_json", sa.Text, nullable=False),
    sa.Column("source", sa.String(120), nullable=False, server_default="api"),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

syncs = sa.Table(
    "syncs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("org_id", sa.String(64), nullable=False),
    sa.Column("connection_id", sa.String(120), nullable=False),
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("finished_at", sa.String(40)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("result_json", sa.Text),
    sa.Column("owner", sa.String(200)),  # host:pid:instance of the process running it (stale-run expiry)
)

org_bootstrap = sa.Table(
    "org_bootstrap",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("demo_created_at", sa.String(40)),
)

dbt_artifacts = sa.Table(
    "dbt_artifacts",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("connection_id", sa.String(120), primary_key=True),
    sa.Column("manifest", sa.LargeBinary, nullable=False),
    sa.Column("catalog", sa.LargeBinary),
    sa.Column("uploaded_at", sa.String(40), nullable=False),
)

# The search index over the catalog (services/knowledge/search_index.py): one row per distinct
# (table, field, term); field is n(ame), c(olumn), v(alue) or d(oc). The key leads with the term
# so a search seeks its words (cost bounded by the matches, not the catalog's size).
search_terms = sa.Table(
    "search_terms",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("term", sa.String(100), primary_key=True),
    sa.Column("field", sa.String(1), primary_key=True),
    sa.Column("table_id", sa.String(500), primary_key=True),
    sa.Index("ix_search_terms_table", "org_id", "table_id"),
)

leased_jobs = jobs_table(metadata)  # syncs under leases (migration 6)

LATER_COLUMNS = {("catalog_tables", "lookml_json"), ("syncs", "owner"), ("catalog_tables", "semantics_json"),
                 ("connections", "catalog_version")}
FIRST_RELEASE_TABLES = ("connections", "catalog_tables", "table_groups", "external_assets", "syncs",
                        "org_bootstrap", "dbt_artifacts")


def v1_initial(conn: sa.Connection) -> None:
    """The first schema, as released (without ``lookml_json``)."""
    tables = [t for t in metadata.sorted_tables if t.name in FIRST_RELEASE_TABLES]
    v1 = sa.MetaData()
    for t in tables:
        cols = [c._copy() for c in t.columns if (t.name, c.name) not in LATER_COLUMNS]
        sa.Table(t.name, v1, *cols, *[c._copy() for c in t.constraints if not isinstance(c, sa.PrimaryKeyConstraint)
                                       and not isinstance(c, sa.CheckConstraint)])
    v1.create_all(conn)


def v2_lookml(conn: sa.Connection) -> None:
    """LookML docs attached to warehouse tables."""
    conn.execute(sa.text("ALTER TABLE catalog_tables ADD COLUMN lookml_json TEXT"))


def v3_search_terms(conn: sa.Connection) -> None:
    """The catalog search index, filled from the tables already stored."""
    from services.knowledge.search_index import backfill

    search_terms.create(conn)
    backfill(conn)


def v4_sync_owner(conn: sa.Connection) -> None:
    """Which process runs a sync, so a restart can tell its own dead runs from live ones."""
    conn.execute(sa.text("ALTER TABLE syncs ADD COLUMN owner VARCHAR(200)"))


def v5_semantics(conn: sa.Connection) -> None:
    """Modelers' corrections of column roles and their synonyms."""
    conn.execute(sa.text("ALTER TABLE catalog_tables ADD COLUMN semantics_json TEXT"))


def v6_jobs(conn: sa.Connection) -> None:
    """Background work under leases, so another replica finishes what a dead one started."""
    leased_jobs.create(conn, checkfirst=True)


def v7_catalog_version(conn: sa.Connection) -> None:
    """A per-connection catalog version, so schema and guard caches know when they are stale."""
    conn.execute(sa.text("ALTER TABLE connections ADD COLUMN catalog_version INTEGER NOT NULL DEFAULT 0"))

