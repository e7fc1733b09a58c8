"""Run the notifications service: `python -m linkwork_notifications` (settings from env)."""

import uvicorn

from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings


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
