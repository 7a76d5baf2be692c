"""Background work under leases (jobs), so another replica finishes what a dead one started.
"""

from alembic import op

from services.knowledge import tables

revision = 'knowledge_0006'
down_revision = 'knowledge_0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v6_jobs(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the knowledge store only moves forward; restore a backup to go back")
