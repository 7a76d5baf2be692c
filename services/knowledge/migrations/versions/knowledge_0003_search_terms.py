"""The catalog search index, filled from the tables already stored.

Step 3 of the hand-written runner this history replaced (stores it created are stamped here).
"""

from alembic import op

from services.knowledge import tables

revision = 'knowledge_0003'
down_revision = 'knowledge_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v3_search_terms(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the knowledge store only moves forward; restore a backup to go back")
