"""The admin service's own tables: org settings and invitations (with their outbox)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

org_settings = sa.Table(
    "org_settings",
    metadata,
    sa.Column("org_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value_json", sa.Text, nullable=False),
)

invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("org_id", sa.String(64), nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("expires_at", sa.String(40), nullable=False),
    sa.Column("accepted_at", sa.String(40)),
    sa.Column("delivery", sa.String(16), nullable=False),  # smtp | outbox
    sa.Column("outbox_body", sa.Text),  # the mail, kept only when no SMTP server is configured
)
