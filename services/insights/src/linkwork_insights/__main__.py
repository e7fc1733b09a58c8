"""Run the insights service: `linkwork-insights` (or `python -m linkwork_insights`), on the
database the pointer names, caught up first if it was rebuilt; `linkwork-insights rebuild`
builds a fresh one from the topics and switches to it."""

import asyncio
import sys

from linkwork_insights.app import create_app
from linkwork_insights.settings import Settings
from linkwork_runtime.service import serve


def main() -> None:
    if sys.argv[1:2] == ["rebuild"]:
        from linkwork_insights.rebuild.command import main as rebuild

        sys.exit(rebuild(sys.argv[2:]))
    from linkwork_insights.rebuild.replay import ready_to_serve

    serve(create_app, asyncio.run(ready_to_serve(Settings())))


if __name__ == "__main__":
    main()
