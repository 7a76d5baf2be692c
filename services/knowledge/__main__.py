"""``python -m services.knowledge``"""

from services.common.server import run_service
from services.knowledge.app import assemble

if __name__ == "__main__":
    run_service("knowledge", assemble)
