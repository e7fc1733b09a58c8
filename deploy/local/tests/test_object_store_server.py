"""The persistent broker's object store over HTTP, as Tansu's S3 client sees it: conditional
writes refused with 412, reads that answer 304 to the version the client has, ranges,
listings with sub-second times, bulk deletes, and 404 for what is not there."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from linkwork_devstack.object_store.bucket import Bucket
from linkwork_devstack.object_store.server import Handler


@pytest.fixture
def s3(tmp_path: Path) -> Iterator[httpx.Client]:
    Handler.buckets = {"tansu": Bucket(tmp_path / "tansu")}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    with httpx.Client(base_url=f"http://127.0.0.1:{server.server_address[1]}") as client:
        yield client
    server.shutdown()
    server.server_close()


def test_writes_honour_if_none_match_and_if_match(s3: httpx.Client) -> None:
    created = s3.put("/tansu/meta.json", content=b"1", headers={"If-None-Match": "*"})
    assert created.status_code == 200
    again = s3.put("/tansu/meta.json", content=b"2", headers={"If-None-Match": "*"})
    assert again.status_code == 412
    etag = created.headers["ETag"]
    assert s3.put("/tansu/meta.json", content=b"2", headers={"If-Match": etag}).status_code == 200
    stale = s3.put("/tansu/meta.json", content=b"3", headers={"If-Match": etag})
    assert stale.status_code == 412
    assert s3.get("/tansu/meta.json").content == b"2"


def test_a_read_of_the_version_the_client_has_is_304_and_ranges_are_206(s3: httpx.Client) -> None:
    etag = s3.put("/tansu/r/0.batch", content=b"0123456789").headers["ETag"]
    assert s3.get("/tansu/r/0.batch", headers={"If-None-Match": etag}).status_code == 304
    part = s3.get("/tansu/r/0.batch", headers={"Range": "bytes=2-4"})
    assert (part.status_code, part.content) == (206, b"234")
    assert part.headers["Content-Range"] == "bytes 2-4/10"
    head = s3.head("/tansu/r/0.batch")
    assert (head.status_code, head.headers["Content-Length"]) == (200, "10")


def test_a_listing_has_nanosecond_times_in_write_order(s3: httpx.Client) -> None:
    for n in range(3):
        s3.put(f"/tansu/p/records/{n:020}.batch", content=b"r")
    listing = s3.get("/tansu", params={"list-type": "2", "prefix": "p/records/"}).text
    times = [part.split("</LastModified>")[0] for part in listing.split("<LastModified>")[1:]]
    assert len(times) == 3 and times == sorted(set(times))
    assert all(len(time.split(".")[1]) == len("123456789Z") for time in times)


def test_a_bulk_delete_removes_every_key_named(s3: httpx.Client) -> None:
    for key in ("a", "b", "c"):
        s3.put(f"/tansu/t/{key}", content=b"x")
    body = "<Delete><Object><Key>t/a</Key></Object><Object><Key>t/b</Key></Object></Delete>"
    assert s3.post("/tansu", params={"delete": ""}, content=body).status_code == 200
    assert [s3.get(f"/tansu/t/{key}").status_code for key in "abc"] == [404, 404, 200]


def test_what_is_not_there_is_404_and_what_is_not_supported_501(s3: httpx.Client) -> None:
    assert s3.get("/tansu/missing").status_code == 404
    assert s3.put("/other/key", content=b"x").status_code == 404
    multipart = s3.put("/tansu/big", params={"uploadId": "1", "partNumber": "1"}, content=b"x")
    assert multipart.status_code == 501
    assert s3.get("/tansu/big").status_code == 404  # the refused part was not stored
