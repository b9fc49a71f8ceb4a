"""The one place files are written: atomically (temp file + rename), optionally only when changed.

Readers never see half a file, and an interrupted run leaves the old file in place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _umask() -> int:
    """The process umask, read without leaving it changed (os.umask can only be read by setting it)."""
    try:  # Linux: read it from /proc without touching it
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write via a temp file in the same folder + rename: readers never see half a file.
    `durable=False` skips the fsync, for files a build regenerates (pages in docs/): after a
    power cut such a file may be empty, and the next build, which checks it, writes it again;
    what an editor or a run cannot remake (seeds, the memory, manifests) stays fsynced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a plain write would not
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """`write_bytes_atomic` for UTF-8 text with LF line ends."""
    write_bytes_atomic(path, text.encode("utf-8"), durable=durable)


def write_if_changed(path: Path, text: str, *, durable: bool = True) -> bool:
    """Write `text` atomically unless the file already holds exactly it; True when written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError, IsADirectoryError, NotADirectoryError):
        pass
    write_text_atomic(path, text, durable=durable)
    return True
