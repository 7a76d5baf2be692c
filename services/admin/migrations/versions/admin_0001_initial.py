"""The first schema: every admin table as declared.

Step 1 of the hand-written runner this history replaced (stores it created are stamped here).
"""

from alembic import op

from services.admin import tables

revision = 'admin_0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.metadata.create_all(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the admin store only moves forward; restore a backup to go back")
