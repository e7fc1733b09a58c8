"""One bucket as a folder: each object a file, written whole (a temporary file renamed into
place), with conditional writes and listings as S3 has them.

Each write's modification time is later than every earlier one's, to the nanosecond: Tansu
takes a partition's latest record batch to be the listed object modified last, so two
batches in the same second must not tie (S3's own LastModified has whole seconds). The keys
are also kept in memory, in order: Tansu lists a partition's batches on every fetch.
"""

from __future__ import annotations

import bisect
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_TEMPORARY = ".writing-"


class PreconditionFailed(Exception):
    """If-Match or If-None-Match did not hold."""


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    modified_ns: int
    etag: str  # quoted, as S3 sends it


@dataclass(frozen=True)
class Listing:
    objects: list[ObjectInfo]
    prefixes: list[str]
    next_token: str | None


class Bucket:
    """Only this process writes the folder (one server per data directory)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._objects = {info.key: info for info in _found_on_disk(root)}
        self._keys = sorted(self._objects)
        self._last_ns = max((info.modified_ns for info in self._objects.values()), default=0)

    def path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or any(part in ("", ".", "..") for part in parts) or "\0" in key:
            raise ValueError(f"not a key in this bucket: {key!r}")
        return self.root.joinpath(*parts)

    def info(self, key: str) -> ObjectInfo | None:
        return self._objects.get(key)

    def read(self, key: str) -> tuple[ObjectInfo, bytes] | None:
        """The object and the version of it that was read, together."""
        with self._lock:
            info = self._objects.get(key)
            return None if info is None else (info, self.path(key).read_bytes())

    def put(
        self, key: str, body: bytes, if_match: str | None = None, if_none_match: str | None = None
    ) -> ObjectInfo:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=_TEMPORARY)
        with os.fdopen(fd, "wb") as out:
            out.write(body)
        with self._lock:  # the check and the rename as one step
            try:
                _check(self._objects.get(key), if_match, if_none_match)
            except PreconditionFailed:
                os.unlink(temporary)
                raise
            self._last_ns = max(time.time_ns(), self._last_ns + 1)
            os.utime(temporary, ns=(self._last_ns, self._last_ns))
            os.replace(temporary, path)
            info = _info(key, path.stat())
            if key not in self._objects:
                bisect.insort(self._keys, key)
            self._objects[key] = info
        return info

    def delete(self, key: str) -> None:
        path = self.path(key)
        with self._lock:
            path.unlink(missing_ok=True)
            if self._objects.pop(key, None) is not None:
                del self._keys[bisect.bisect_left(self._keys, key)]

    def listing(
        self, prefix: str = "", delimiter: str = "", after: str = "", max_keys: int = 1000
    ) -> Listing:
        objects: list[ObjectInfo] = []
        prefixes: list[str] = []
        with self._lock:
            start = bisect.bisect_right(self._keys, after) if after > prefix else None
            keys = self._keys[start or bisect.bisect_left(self._keys, prefix) :]
            for key in keys:
                if not key.startswith(prefix):
                    break
                if delimiter and delimiter in key[len(prefix) :]:
                    common = key[: key.index(delimiter, len(prefix)) + len(delimiter)]
                    if common not in prefixes and common > after:
                        prefixes.append(common)
                    continue
                objects.append(self._objects[key])
                if len(objects) + len(prefixes) >= max_keys:
                    return Listing(objects, prefixes, key)
        return Listing(objects, prefixes, None)


def matches(condition: str, current: ObjectInfo) -> bool:
    """Whether an If-Match / If-None-Match value names this version (or is `*`)."""
    tags = {tag.strip().strip('"') for tag in condition.split(",")}
    return "*" in tags or current.etag.strip('"') in tags


def _check(current: ObjectInfo | None, if_match: str | None, if_none_match: str | None) -> None:
    if if_none_match is not None and current is not None and matches(if_none_match, current):
        raise PreconditionFailed("the object exists")
    if if_match is not None and (current is None or not matches(if_match, current)):
        raise PreconditionFailed("the object changed")


def _found_on_disk(root: Path) -> list[ObjectInfo]:
    """Every object under `root`; a temporary file a killed server left behind is removed."""
    found: list[ObjectInfo] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        for entry in os.scandir(root / relative):
            key = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append(key)
            elif entry.name.startswith(_TEMPORARY):
                os.unlink(entry.path)
            elif entry.is_file(follow_symlinks=False):
                found.append(_info(key, entry.stat(follow_symlinks=False)))
    return found


def _info(key: str, stat: os.stat_result) -> ObjectInfo:
    # Every write renames a new file into place: its inode and time name that write.
    return ObjectInfo(
        key, stat.st_size, stat.st_mtime_ns, f'"{stat.st_ino:x}-{stat.st_mtime_ns:x}"'
    )
