"""Run the notifications service: `python -m linkwork_notifications` (settings from env)."""

from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings
from linkwork_runtime.service import serve


def main() -> None:
    serve(create_app, Settings())


if __name__ == "__main__":
    main()
