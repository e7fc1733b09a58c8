"""Run the referral service: `python -m linkwork_referral` (settings from the environment)."""

from linkwork_referral.app import create_app
from linkwork_referral.settings import Settings
from linkwork_runtime.service import serve


def main() -> None:
    serve(create_app, Settings())


if __name__ == "__main__":
    main()
