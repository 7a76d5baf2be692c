"""``python -m services.admin``"""

import asyncio

from services.admin.app import main
from services.common.config import Settings
from services.common.server import configure_logging

if __name__ == "__main__":
    configure_logging("admin")
    asyncio.run(main(Settings.from_env()))
