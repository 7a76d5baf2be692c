"""Evaluations, scheduled reports and verified queries (tables missing from older stores).

Step 2 of the hand-written runner this history replaced (stores it created are stamped here).
"""

from alembic import op

from services.conversation import tables

revision = 'conversation_0002'
down_revision = 'conversation_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.metadata.create_all(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the conversation store only moves forward; restore a backup to go back")
