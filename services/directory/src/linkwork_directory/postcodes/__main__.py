"""Load postcode centroids into the directory's database, so searches near a postcode work:

    python -m linkwork_directory.postcodes ONSPD_FEB_2026_UK.csv --prefix LS --prefix BD

Reads the ONS Postcode Directory (or NSPL) CSV, or OS Code-Point Open CSVs (eastings and
northings, converted to WGS84). Settings (MONGODB_URI, MONGODB_DATABASE) from the
environment. Re-loading replaces rows; centroids learnt from imported locations give way.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from linkwork_directory.domain.postcode_file import read_centroids
from linkwork_directory.postcodes import load_centroids
from linkwork_directory.settings import Settings
from linkwork_directory.store import Store
from linkwork_runtime.mongo import connect

app = typer.Typer(add_completion=False, help="Load postcode centroids (ONSPD, Code-Point Open)")


@app.command()
def main(
    files: Annotated[list[Path], typer.Argument(help="ONSPD/NSPL or Code-Point Open CSVs")],
    prefix: Annotated[list[str], typer.Option(help="Only postcodes starting so (e.g. LS)")] = [],  # noqa: B006
) -> None:
    async def run() -> int:
        settings = Settings()
        client = connect(settings.mongodb_uri)
        try:
            postcodes = Store(client[settings.mongodb_database]).postcodes
            total = 0
            wanted = tuple(p.upper() for p in prefix)
            for path in files:
                with path.open(newline="", encoding="utf-8-sig") as lines:
                    rows = (
                        r
                        for r in read_centroids(lines, path.name)
                        if not wanted or r["_id"].startswith(wanted)
                    )
                    total += await load_centroids(postcodes, rows)
            return total
        finally:
            await client.close()

    typer.echo(f"loaded {asyncio.run(run())} postcode centroids")


if __name__ == "__main__":
    app()
