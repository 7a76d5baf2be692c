"""``python -m services.conversation``"""

from services.common.server import run_service
from services.conversation.app import assemble

if __name__ == "__main__":
    run_service("conversation", assemble)
