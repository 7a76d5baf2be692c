"""Chats keyed per owner (org, chat id, owner); older rows get their owner.

Step 3 of the hand-written runner this history replaced (stores it created are stamped here).
"""

from alembic import op

from services.conversation import tables

revision = 'conversation_0003'
down_revision = 'conversation_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.owner_scoped_chats(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the conversation store only moves forward; restore a backup to go back")
