"""``python -m services.auth``"""

from services.common.server import run_service
from services.auth.app import assemble

if __name__ == "__main__":
    run_service("auth", assemble)
