"""Index chats.seq: each new chat reads its maximum (was a scan of every chat).
"""

from alembic import op

from services.conversation import tables

revision = 'conversation_0005'
down_revision = 'conversation_0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v5_chats_seq_index(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the conversation store only moves forward; restore a backup to go back")
