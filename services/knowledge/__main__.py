"""``python -m services.knowledge``"""

import asyncio

from services.common.config import Settings
from services.common.server import configure_logging
from services.knowledge.app import main

if __name__ == "__main__":
    configure_logging("knowledge")
    asyncio.run(main(Settings.from_env()))
