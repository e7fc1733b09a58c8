"""The postcode loader command fills the directory's postcode centroids from an ONSPD or
Code-Point Open file, keeping only the asked-for areas."""

from __future__ import annotations

from pathlib import Path

import pytest
from pymongo import MongoClient
from typer.testing import CliRunner

from linkwork_directory.postcodes.__main__ import app
from linkwork_directory.settings import Settings


def test_loader_reads_onspd_and_code_point_files_for_the_chosen_areas(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    onspd = tmp_path / "ONSPD_sample.csv"
    onspd.write_text(
        "pcd,pcds,lat,long\nBD1 1AA,BD1 1AA,53.7935,-1.7520\n"
        "LS1 1UR,LS1 1UR,53.8018,-1.5486\nM1 1AE,M1 1AE,53.4800,-2.2400\n"
    )
    code_point = tmp_path / "ls.csv"
    code_point.write_text('"LS2 9JT",10,429500,434900,"E92000001","","E08000035","E05001420"\n')
    monkeypatch.setenv("MONGODB_URI", settings.mongodb_uri)
    monkeypatch.setenv("MONGODB_DATABASE", settings.mongodb_database)
    result = CliRunner().invoke(
        app, [str(onspd), str(code_point), "--prefix", "LS", "--prefix", "BD"]
    )
    client: MongoClient[dict[str, object]] = MongoClient(settings.mongodb_uri)
    try:
        rows = {r["_id"]: r for r in client[settings.mongodb_database]["postcodes"].find()}
    finally:
        client.close()
    assert result.exit_code == 0, result.output
    assert "loaded 3 postcode centroids" in result.output
    assert set(rows) == {"BD1 1AA", "LS1 1UR", "LS2 9JT"}  # Manchester left out
    assert rows["LS2 9JT"]["district"] == "LS2" and rows["LS2 9JT"]["source"] == "ls.csv"
