"""A per-connection catalog version, so schema and guard caches know when they are stale.
"""

from alembic import op

from services.knowledge import tables

revision = 'knowledge_0007'
down_revision = 'knowledge_0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v7_catalog_version(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the knowledge store only moves forward; restore a backup to go back")
