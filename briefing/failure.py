"""What a user sees when something other than a `BriefingError` stops a command.

An `OSError` (a file where a folder should be, a read-only folder, a full disk) is explained
with the path and a remedy; anything else is a bug: a short message, and the traceback goes to a
crash log whose path is printed, never to the terminal.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

_REMEDIES = {
    errno.EACCES: "make it writable (chmod u+w) or run as its owner; with -o, choose a folder you can write to",
    errno.EPERM: "make it writable (chmod u+w) or run as its owner; with -o, choose a folder you can write to",
    errno.EROFS: "the file system is read-only: copy the project to a writable place; with -o, choose a folder on a writable one",
    errno.ENOSPC: "the disk is full: free some space (e.g. 'make clean' removes site/ and build/) and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.ENAMETOOLONG: "use a shorter file or folder name",
    errno.EADDRINUSE: "another program uses that port: choose another with --addr 127.0.0.1:8001",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n 4096) and run again",
}


def _blocking_file(path: Path) -> Path | None:
    """The file standing where `path` or one of its parent folders should be."""
    for candidate in (path, *path.parents):
        if candidate.is_file():
            return candidate
    return None


def describe_os_error(exc: OSError) -> str:
    """One message naming the path, what went wrong and what to do."""
    name = exc.filename2 if exc.errno == errno.EXDEV and exc.filename2 else exc.filename
    path = Path(os.fsdecode(name)) if name is not None else None
    what = exc.strerror or exc.__class__.__name__
    if path is not None and exc.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = _blocking_file(path)
        if blocker is not None:
            return (f"{blocker}: a file is where a folder is expected\n"
                    f"  → move or rename {blocker.name}; briefing keeps a folder of that name")
    if path is not None and exc.errno == errno.EISDIR:
        return f"{path}: a folder is where a file is expected\n  → move the folder away or choose another name"
    if path is not None and exc.errno == errno.ENOENT:
        return f"{path}: not found\n  → check the path (and --project); create the folder if it should exist"
    remedy = _REMEDIES.get(exc.errno or 0, "check that the path exists and that you may write there")
    where = f"{path}: " if path is not None else ""
    return f"{where}{what}\n  → {remedy}"


def write_crash_log(exc: BaseException, folder: Path | None) -> Path | None:
    """Write the traceback and versions to `folder`/crash-<UTC time>.log (or the temp folder)."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    text = (f"briefing crashed: {exc.__class__.__name__}: {exc}\n"
            f"command: {' '.join(sys.argv)}\npython {platform.python_version()} on {platform.platform()}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    for place in (folder, Path(tempfile.gettempdir())):
        if place is None:
            continue
        try:
            place.mkdir(parents=True, exist_ok=True)
            path = place / f"crash-{stamp}.log"
            path.write_text(text, encoding="utf-8")  # plain write: the crash may be in briefing.io
            return path
        except OSError:
            continue
    return None


def describe_crash(exc: BaseException, log: Path | None) -> str:
    """The short message for an unexpected exception."""
    where = f"the details are in {log}" if log else "the details could not be written anywhere"
    return (f"unexpected {exc.__class__.__name__}: {str(exc)[:200]}\n"
            f"  → this is a bug in briefing, not in your files; {where}: please attach it to a bug report")
