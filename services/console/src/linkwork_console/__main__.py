"""Run the console: `python -m linkwork_console` (settings from the environment)."""

import sys

import uvicorn

from linkwork_console.app import create_app
from linkwork_console.settings import Settings
from linkwork_runtime.service import RefusedToStart


def main() -> None:
    settings = Settings()
    try:
        app = create_app(settings)
    except RefusedToStart as refused:
        sys.exit(str(refused))
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # structlog owns the log format
        access_log=False,
    )


if __name__ == "__main__":
    main()
