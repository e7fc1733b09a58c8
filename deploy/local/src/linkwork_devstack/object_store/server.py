"""The S3 requests Tansu's object-store engine makes, over HTTP on loopback: objects (PUT with
If-Match / If-None-Match, copy, GET with a range or If-None-Match, HEAD, DELETE), ListObjectsV2
and the bulk delete. Anything else answers 501. No authentication: it listens on 127.0.0.1.

    python -m linkwork_devstack.object_store.server --port 9000 --data .run/data/objects
"""

from __future__ import annotations

import argparse
import functools
import html
import re
import time
from collections.abc import Callable
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from linkwork_devstack.object_store.bucket import (
    Bucket,
    Listing,
    ObjectInfo,
    PreconditionFailed,
    matches,
)

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
_KEY = re.compile(r"<Key>(.*?)</Key>", re.DOTALL)


class S3Error(Exception):
    def __init__(self, status: HTTPStatus, code: str) -> None:
        super().__init__(code)
        self.status, self.code = status, code


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the broker sends many small requests
    disable_nagle_algorithm = True  # else each answer waits ~40 ms for the client's ACK
    buckets: dict[str, Bucket] = {}

    def do_GET(self) -> None:
        self._answer(self._get)

    def do_HEAD(self) -> None:
        self._answer(self._get)

    def do_PUT(self) -> None:
        self._answer(self._put)

    def do_DELETE(self) -> None:
        self._answer(self._delete)

    def do_POST(self) -> None:
        self._answer(self._delete_many)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would outgrow every other log

    def _answer(self, action: Callable[[Bucket, str], None]) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        self.query = {name: values[0] for name, values in query.items()}
        name, _, key = unquote(url.path).lstrip("/").partition("/")
        # Read whatever happens: a body left unread would be taken for the next request.
        self.body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            if name not in self.buckets:
                raise S3Error(HTTPStatus.NOT_FOUND, "NoSuchBucket")
            action(self.buckets[name], key)
        except S3Error as error:
            self._error(error.status, error.code)
        except PreconditionFailed:
            self._error(HTTPStatus.PRECONDITION_FAILED, "PreconditionFailed")
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "InvalidArgument")
        except OSError:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "InternalError")

    def _get(self, bucket: Bucket, key: str) -> None:
        if not key:
            return self._list(bucket) if self.command == "GET" else self._send(HTTPStatus.OK)
        found = bucket.read(key)
        if found is None:
            raise S3Error(HTTPStatus.NOT_FOUND, "NoSuchKey")
        info, data = found
        if (condition := self.headers.get("If-Match")) and not matches(condition, info):
            raise PreconditionFailed(key)
        if (condition := self.headers.get("If-None-Match")) and matches(condition, info):
            return self._send(HTTPStatus.NOT_MODIFIED, _object_headers(info))
        status, headers = HTTPStatus.OK, _object_headers(info)
        if wanted := _range(self.headers.get("Range"), len(data)):
            start, end = wanted
            status, data = HTTPStatus.PARTIAL_CONTENT, data[start : end + 1]
            headers["Content-Range"] = f"bytes {start}-{end}/{info.size}"
        self._send(status, headers, data)

    def _list(self, bucket: Bucket) -> None:
        listing = bucket.listing(
            prefix=self.query.get("prefix", ""),
            delimiter=self.query.get("delimiter", ""),
            after=self.query.get("continuation-token") or self.query.get("start-after", ""),
            # Pages as large as S3's 1000 would cost Tansu a round trip per 1000 batches.
            max_keys=int(self.query.get("max-keys", 100_000)),
        )
        self._xml(_listing_xml(listing, self.query.get("prefix", "")))

    def _put(self, bucket: Bucket, key: str) -> None:
        if not key:
            return self._send(HTTPStatus.OK)  # the bucket exists already
        if "uploadId" in self.query:  # multipart uploads: Tansu writes objects whole
            raise S3Error(HTTPStatus.NOT_IMPLEMENTED, "NotImplemented")
        body = self.body
        source = self.headers.get("x-amz-copy-source")
        if source:
            _, _, source_key = unquote(source).lstrip("/").partition("/")
            copied = bucket.read(source_key)
            if copied is None:
                raise S3Error(HTTPStatus.NOT_FOUND, "NoSuchKey")
            body = copied[1]
        info = bucket.put(
            key, body, self.headers.get("If-Match"), self.headers.get("If-None-Match")
        )
        if source:
            result = f"<ETag>{html.escape(info.etag)}</ETag>"
            return self._xml(f"<CopyObjectResult>{result}</CopyObjectResult>")
        self._send(HTTPStatus.OK, {"ETag": info.etag})

    def _delete(self, bucket: Bucket, key: str) -> None:
        bucket.delete(key)
        self._send(HTTPStatus.NO_CONTENT)

    def _delete_many(self, bucket: Bucket, key: str) -> None:
        if key or "delete" not in self.query:
            raise S3Error(HTTPStatus.NOT_IMPLEMENTED, "NotImplemented")
        deleted = ""
        for found in _KEY.findall(self.body.decode()):
            bucket.delete(html.unescape(found))
            deleted += f"<Deleted><Key>{found}</Key></Deleted>"
        self._xml(f"<DeleteResult>{deleted}</DeleteResult>")

    def _xml(self, document: str) -> None:
        data = f'<?xml version="1.0" encoding="UTF-8"?>\n{document}'.encode()
        self._send(HTTPStatus.OK, {"Content-Type": "application/xml"}, data)

    def _error(self, status: HTTPStatus, code: str) -> None:
        document = (
            f"<Error><Code>{code}</Code><Resource>{html.escape(self.path)}</Resource></Error>"
        )
        self._send(status, {"Content-Type": "application/xml"}, document.encode())

    def _send(
        self,
        status: HTTPStatus,
        headers: dict[str, str] | None = None,
        data: bytes = b"",
    ) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data and self.command != "HEAD":  # HEAD: the length of what GET would send
            self.wfile.write(data)


def _object_headers(info: ObjectInfo) -> dict[str, str]:
    return {
        "ETag": info.etag,
        "Last-Modified": formatdate(info.modified_ns / 1e9, usegmt=True),
        "Accept-Ranges": "bytes",
        "Content-Type": "application/octet-stream",
    }


def _range(header: str | None, size: int) -> tuple[int, int] | None:
    found = _RANGE.match(header or "")
    if not found or size == 0:
        return None
    first, last = found.groups()
    if not first:  # the last N bytes
        return max(0, size - int(last)), size - 1
    return int(first), min(size - 1, int(last)) if last else size - 1


def _listing_xml(listing: Listing, prefix: str) -> str:
    contents = "".join(map(_contents_xml, listing.objects))
    prefixes = "".join(
        f"<CommonPrefixes><Prefix>{html.escape(p)}</Prefix></CommonPrefixes>"
        for p in listing.prefixes
    )
    token = listing.next_token
    more = f"<NextContinuationToken>{html.escape(token)}</NextContinuationToken>" if token else ""
    count = len(listing.objects) + len(listing.prefixes)
    return (
        '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        f"<Prefix>{html.escape(prefix)}</Prefix><KeyCount>{count}</KeyCount>"
        f"<IsTruncated>{'true' if token else 'false'}</IsTruncated>{more}"
        f"{contents}{prefixes}</ListBucketResult>"
    )


@functools.lru_cache(maxsize=100_000)
def _contents_xml(info: ObjectInfo) -> str:
    """One object's entry in a listing, made once per version: Tansu lists a partition's
    batches on every fetch, and parses them all, so an entry carries only what it reads."""
    return (
        f"<Contents><Key>{html.escape(info.key)}</Key><LastModified>{_iso(info.modified_ns)}"
        f"</LastModified><Size>{info.size}</Size></Contents>"
    )


def _iso(ns: int) -> str:
    """RFC 3339 to the nanosecond (S3 itself gives whole seconds)."""
    seconds, fraction = divmod(ns, 1_000_000_000)
    return f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(seconds))}.{fraction:09d}Z"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", type=Path, required=True, help="a folder per bucket")
    parser.add_argument("--bucket", action="append", default=[], help="create it if missing")
    args = parser.parse_args()
    for name in args.bucket:
        (args.data / name).mkdir(parents=True, exist_ok=True)
    Handler.buckets = {path.name: Bucket(path) for path in args.data.iterdir() if path.is_dir()}
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"serving buckets {sorted(Handler.buckets)} of {args.data} on :{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
