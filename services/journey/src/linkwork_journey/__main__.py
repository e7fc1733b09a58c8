"""Run the journey service: `python -m linkwork_journey` (settings from the environment)."""

from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings
from linkwork_runtime.service import serve


def main() -> None:
    serve(create_app, Settings())


if __name__ == "__main__":
    main()
