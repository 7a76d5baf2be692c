"""Modelers' corrections of column roles and their synonyms.

Step 5 of the hand-written runner this history replaced (stores it created are stamped here).
"""

from alembic import op

from services.knowledge import tables

revision = 'knowledge_0005'
down_revision = 'knowledge_0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v5_semantics(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the knowledge store only moves forward; restore a backup to go back")
