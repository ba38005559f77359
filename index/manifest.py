"""The manifest: which segments make up the index, and which of their documents are deleted.

`manifest.json` in the index directory is the only mutable file. A write builds its segment
first, then replaces the manifest atomically (write a temporary file, fsync it, rename it over
the old one, fsync the directory), so readers see either the old index or the new one.

    {"format": 2, "encoder": "onnx-int8", "dimension": 384, "generation": 7,
     "segments": [{"name": "00000003-1a2b3c4d", "documents": 120, "chunks": 410}, ...],
     "deleted": {"00000003-1a2b3c4d": ["doc-17"]},
     "retired": ["00000001-..."]}

A segment named in `segments` is self-contained (texts, vectors, keyword postings, its own
segment.json), so the manifest is also a shard map: a reader can serve any subset of segments.
`retired` lists segments the last write dropped (merged away); they are deleted by a later
write, so a reader that read the previous manifest a moment ago can still open them.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.encoders import ENV_VAR, EncoderMismatch

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
SEGMENTS = "segments"
LEGACY_POINTER = "CURRENT"  # format 1: whole-index snapshots


class IndexFormatError(RuntimeError):
    """The directory holds an index this version cannot read."""


@dataclass(frozen=True)
class SegmentEntry:
    name: str
    documents: int
    chunks: int


@dataclass(frozen=True)
class Manifest:
    encoder: str
    dimension: int
    generation: int = 0
    segments: tuple[SegmentEntry, ...] = ()
    deleted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    retired: tuple[str, ...] = ()
    format: int = FORMAT_VERSION
    created: float = 0.0

    def to_json(self) -> str:
        data = asdict(self)
        data["deleted"] = {k: list(v) for k, v in self.deleted.items() if v}
        return json.dumps(data, indent=1)

    @classmethod
    def from_json(cls, text: str, where: Path) -> "Manifest":
        data = json.loads(text)
        if data.get("format") != FORMAT_VERSION:
            raise IndexFormatError(f"{where}: index format {data.get('format')}, this version reads {FORMAT_VERSION}; "
                                   "rebuild it: remove the directory and run `newsdesk index`")
        return cls(
            encoder=data["encoder"], dimension=data["dimension"], generation=data["generation"],
            segments=tuple(SegmentEntry(**s) for s in data["segments"]),
            deleted={k: tuple(v) for k, v in data.get("deleted", {}).items()},
            retired=tuple(data.get("retired", ())), created=data.get("created", 0.0),
        )

    def check_encoder(self, encoder: str) -> None:
        """Vectors of two encoder backends never share an index: cosines across them are not comparable."""
        if self.segments and encoder != self.encoder:
            raise EncoderMismatch(
                f"this index was built with the {self.encoder} encoder and this process encodes with {encoder}; "
                f"set {ENV_VAR}={self.encoder} to add to it, or build a new index directory")

    def tombstones(self, segment: str) -> frozenset[str]:
        return frozenset(self.deleted.get(segment, ()))


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_manifest(index_dir: Path) -> Manifest | None:
    """The live manifest, or None when the directory holds no index yet."""
    path = Path(index_dir) / MANIFEST
    try:
        text = path.read_text()
    except FileNotFoundError:
        if (Path(index_dir) / LEGACY_POINTER).exists():
            raise IndexFormatError(f"{index_dir}: an index of format 1 (whole snapshots); this version reads format "
                                   f"{FORMAT_VERSION} (segments): rebuild it: remove the directory and run `newsdesk index`")
        return None
    return Manifest.from_json(text, path)


def manifest_stamp(index_dir: Path) -> tuple[int, int] | None:
    """Changes whenever the manifest is replaced: one stat, no read."""
    try:
        st = (Path(index_dir) / MANIFEST).stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically and durably."""
    index_dir = Path(index_dir)
    tmp = index_dir / f".{MANIFEST}.{os.getpid()}.{uuid.uuid4().hex}.tmp"
    try:
        with tmp.open("w") as f:
            f.write(manifest.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, index_dir / MANIFEST)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(index_dir)


def next_manifest(current: Manifest, segments: list[SegmentEntry], deleted: dict[str, set[str]],
                  retired: list[str]) -> Manifest:
    live = {s.name for s in segments}
    return Manifest(
        encoder=current.encoder, dimension=current.dimension, generation=current.generation + 1,
        segments=tuple(segments), deleted={k: tuple(sorted(v)) for k, v in deleted.items() if v and k in live},
        retired=tuple(retired), created=time.time(),
    )
