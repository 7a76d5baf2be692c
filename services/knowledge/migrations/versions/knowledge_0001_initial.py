"""The first schema, as released.

Step 1 of the hand-written runner this history replaced (stores it created are stamped here).
"""

from alembic import op

from services.knowledge import tables

revision = 'knowledge_0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v1_initial(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the knowledge store only moves forward; restore a backup to go back")
