"""``python -m services.auth``"""

import asyncio

from services.auth.app import main
from services.common.config import Settings
from services.common.server import configure_logging

if __name__ == "__main__":
    configure_logging("auth")
    asyncio.run(main(Settings.from_env()))
