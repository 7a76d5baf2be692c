"""The auth service's own tables (nobody else reads them)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

orgs = sa.Table(
    "orgs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("org_id", sa.String(64), sa.ForeignKey("orgs.id"), nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("realname", sa.String(200), nullable=False, server_default=""),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(200)),
    sa.Column("status", sa.String(16), nullable=False),  # active | invited | deleted
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("last_active_at", sa.String(40)),
    sa.UniqueConstraint("email", name="uq_users_email"),
)

user_groups = sa.Table(
    "user_groups",
    metadata,
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("group_name", sa.String(120), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
)

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(120), primary_key=True),
    sa.Column("created_at", sa.String(40), nullable=False),
)

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # the JWT's jti
    sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # api | legacy
    sa.Column("name", sa.String(200), nullable=False, server_default=""),
    sa.Column("description", sa.String(1000), nullable=False, server_default=""),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("expires_at", sa.String(40)),
    sa.Column("last_used_at", sa.String(40)),
    sa.Column("revoked_at", sa.String(40)),
)

embedded_cutoffs = sa.Table(  # migration 2
    "embedded_cutoffs",
    metadata,
    sa.Column("org_id", sa.String(64), sa.ForeignKey("orgs.id"), primary_key=True),
    # embedded tokens issued at or before this time (unix milliseconds) are refused: embedded login was disabled
    sa.Column("cutoff_ms", sa.BigInteger, nullable=False),
)


def v2_embedded_cutoffs(conn: sa.Connection) -> None:
    embedded_cutoffs.create(conn, checkfirst=True)
