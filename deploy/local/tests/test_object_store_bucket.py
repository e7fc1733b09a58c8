"""The persistent broker's bucket on disk: conditional writes as S3 has them, listings in key
order with common prefixes and pages, and write times that never tie."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkwork_devstack.object_store.bucket import Bucket, PreconditionFailed


@pytest.fixture
def bucket(tmp_path: Path) -> Bucket:
    return Bucket(tmp_path)


def test_a_create_only_write_is_refused_once_the_object_exists(bucket: Bucket) -> None:
    bucket.put("meta.json", b"first", if_none_match="*")
    with pytest.raises(PreconditionFailed):
        bucket.put("meta.json", b"second", if_none_match="*")
    assert bucket.path("meta.json").read_bytes() == b"first"


def test_an_update_needs_the_version_it_read(bucket: Bucket) -> None:
    read = bucket.put("watermark.json", b"1")
    newer = bucket.put("watermark.json", b"2", if_match=read.etag)
    with pytest.raises(PreconditionFailed):  # a second writer that read the old version
        bucket.put("watermark.json", b"3", if_match=read.etag)
    with pytest.raises(PreconditionFailed):
        bucket.put("missing.json", b"x", if_match=read.etag)
    bucket.put("watermark.json", b"3", if_match=newer.etag.strip('"'))  # quoted or not
    assert bucket.path("watermark.json").read_bytes() == b"3"


def test_writes_in_the_same_instant_still_have_later_times(bucket: Bucket) -> None:
    times = [bucket.put(f"records/{n:020}.batch", b"r").modified_ns for n in range(50)]
    assert times == sorted(set(times))


def test_a_listing_gives_keys_in_order_with_common_prefixes_and_pages(bucket: Bucket) -> None:
    for key in ("t/b/1", "t/a/2", "t/a/1", "t/c", "u/1"):
        bucket.put(key, b"")
    assert [o.key for o in bucket.listing("t/").objects] == ["t/a/1", "t/a/2", "t/b/1", "t/c"]
    grouped = bucket.listing("t/", delimiter="/")
    assert (grouped.prefixes, [o.key for o in grouped.objects]) == (["t/a/", "t/b/"], ["t/c"])
    first = bucket.listing("t/", max_keys=2)
    rest = bucket.listing("t/", after=first.next_token or "")
    assert [o.key for o in first.objects + rest.objects] == ["t/a/1", "t/a/2", "t/b/1", "t/c"]
    assert rest.next_token is None


def test_a_deleted_object_is_gone_and_a_key_cannot_leave_the_bucket(bucket: Bucket) -> None:
    bucket.put("a/b", b"x")
    bucket.delete("a/b")
    assert bucket.info("a/b") is None
    assert bucket.info("a") is None  # a folder is not an object
    with pytest.raises(ValueError, match="not a key"):
        bucket.put("../outside", b"x")
