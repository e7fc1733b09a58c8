"""Run the directory service: `python -m linkwork_directory` (settings from the environment)."""

from linkwork_directory.app import create_app
from linkwork_directory.settings import Settings
from linkwork_runtime.service import serve


def main() -> None:
    serve(create_app, Settings())


if __name__ == "__main__":
    main()
