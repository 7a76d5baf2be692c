"""LookML docs attached to warehouse tables.

Step 2 of the hand-written runner this history replaced (stores it created are stamped here).
"""

from alembic import op

from services.knowledge import tables

revision = 'knowledge_0002'
down_revision = 'knowledge_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v2_lookml(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the knowledge store only moves forward; restore a backup to go back")
