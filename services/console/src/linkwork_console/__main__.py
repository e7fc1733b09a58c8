"""Run the console: `python -m linkwork_console` (settings from the environment)."""

import uvicorn

from linkwork_console.app import create_app
from linkwork_console.settings import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # structlog owns the log format
        access_log=False,
    )


if __name__ == "__main__":
    main()
