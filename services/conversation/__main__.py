"""``python -m services.conversation``"""

import asyncio

from services.common.config import Settings
from services.common.server import configure_logging
from services.conversation.app import main

if __name__ == "__main__":
    configure_logging("conversation")
    asyncio.run(main(Settings.from_env()))
