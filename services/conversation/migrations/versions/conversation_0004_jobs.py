"""Background work under leases (jobs), so another replica finishes what a dead one started.
"""

from alembic import op

from services.conversation import tables

revision = 'conversation_0004'
down_revision = 'conversation_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v4_jobs(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the conversation store only moves forward; restore a backup to go back")
