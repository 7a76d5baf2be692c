"""``python -m services.admin``"""

from services.admin.app import assemble
from services.common.server import run_service

if __name__ == "__main__":
    run_service("admin", assemble)
