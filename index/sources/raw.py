"""Bytes in: gzip read transparently, size limits enforced, text decoded with its real encoding."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

from charset_normalizer import from_bytes

from index.errors import LoadError

GZIP_MAGIC = b"\x1f\x8b"
# A web page, a wire story or one record file larger than this is refused, not read into memory.
MAX_PAGE_BYTES = 5_000_000
MAX_RECORDS_BYTES = 500_000_000
READ_CHUNK = 1 << 16


def logical_suffix(path: Path) -> str:
    """The suffix that names the format: `page.html.gz` → `.html`."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, decompressed when gzip; LoadError when larger than `limit` after decompression."""
    path = Path(path)
    with path.open("rb") as f:
        head = f.read(2)
        f.seek(0)
        stream = gzip.GzipFile(fileobj=f) if head == GZIP_MAGIC else f
        try:
            data = _read_limited(stream, limit)
        except (OSError, EOFError, zlib.error) as exc:
            raise LoadError(f"{path}: unreadable gzip data ({exc})") from None
    if data is None:
        raise LoadError(f"{path}: too large (more than {limit:,} bytes); refused")
    return data


def limited(data: bytes, limit: int, where: str) -> bytes:
    """`data` (gunzipped when gzip) when within `limit`, else LoadError."""
    if data[:2] == GZIP_MAGIC:
        try:
            data = _read_limited(gzip.GzipFile(fileobj=io.BytesIO(data)), limit)
        except (OSError, EOFError, zlib.error) as exc:
            raise LoadError(f"{where}: unreadable gzip data ({exc})") from None
    if data is None or len(data) > limit:
        raise LoadError(f"{where}: too large (more than {limit:,} bytes); refused")
    return data


def _read_limited(stream, limit: int) -> bytes | None:
    parts, size = [], 0
    while True:
        part = stream.read(READ_CHUNK)
        if not part:
            return b"".join(parts)
        size += len(part)
        if size > limit:
            return None
        parts.append(part)


def decode(data: bytes, declared: str | None = None) -> str:
    """Text of `data`: UTF-8 (with or without BOM) when it is, else the declared encoding when it
    decodes, else charset-normalizer's best guess; never fails (undecodable bytes are replaced)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("utf-8", errors="replace")
