"""Per-org cutoff for embedded tokens (embedded login switched off).

Step 2 of the hand-written runner this history replaced (stores it created are stamped here).
"""

from alembic import op

from services.auth import tables

revision = 'auth_0002'
down_revision = 'auth_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables.v2_embedded_cutoffs(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the auth store only moves forward; restore a backup to go back")
