"""The one place files are written: atomically (temp file + rename), optionally only when changed.

Readers never see half a file, and an interrupted run leaves the old file in place.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path


_TEMP_NAMES = itertools.count()  # with the pid: a temp name no other writer uses at once


def _open_temp(path: Path) -> tuple[int, Path]:
    """A new file beside `path` (same folder, so the rename is atomic), open for writing, with
    the mode a plain write gives (0o666 less the umask: the kernel applies it). Named
    ".<name>.<pid><n>.tmp": unique in this process, and O_EXCL refuses a leftover of another."""
    while True:
        tmp = path.with_name(f".{path.name}.{os.getpid():x}{next(_TEMP_NAMES):x}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write via a temp file in the same folder + rename: readers never see half a file.
    `durable=False` skips the fsync, for files a build regenerates (pages in docs/): after a
    power cut such a file may be empty, and the next build, which checks it, writes it again;
    what an editor or a run cannot remake (seeds, the memory, manifests) stays fsynced."""
    try:  # the folder usually exists: made only when the file cannot be created without it
        fd, tmp = _open_temp(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_temp(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
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
