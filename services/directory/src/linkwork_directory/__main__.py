"""Run the directory service: `python -m linkwork_directory` (settings from the environment)."""

import uvicorn

from linkwork_directory.app import create_app
from linkwork_directory.settings import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
