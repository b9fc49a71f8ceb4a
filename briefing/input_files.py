"""Reading a project's input files: regular files inside the project, bounded in size.

A file that arrives in seeds/, translations/ or curation/ (by a clone, an unpacked archive, a
colleague's copy) may be a link to /etc/passwd or ~/.ssh, a device such as /dev/zero, or a FIFO
that no one ever writes. `read_input` opens without waiting (a FIFO cannot block the open), looks
at what it opened, and refuses anything but a regular file, and a link that leads out of the
project; it then reads at most `limit` + 1 bytes, whatever size the file claims to have (a
growing file or a special file reports a size that means nothing).

"The project" is the nearest folder above the file that holds `briefing.yml`, `mkdocs.yml` or a
`seeds/` folder (as git finds its repository); a file in no project may not be a link that leaves
its own folder. A file the user names on the command line (`briefing add page.html`,
`briefing tm import sheet.yml`) is theirs to place: it is read with `confine=False`, still only
as a regular file and still bounded.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from briefing.errors import BriefingError, InputError

MAX_EDITOR_BYTES = 16 * 1024 * 1024  # one editor YAML file (a memory of 1,000 segments is ~0.5 MB)
PROJECT_MARKERS = ("briefing.yml", "mkdocs.yml", "seeds")
_CHUNK = 1 << 20
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def project_root_of(path: Path) -> Path | None:
    """The nearest folder above `path` (as written, links not followed) that holds a project
    marker; None when there is none."""
    # on strings (os.path), as Path(...).parents would walk: a build asks for every input file
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        if any(os.path.lexists(os.path.join(folder, marker)) for marker in PROJECT_MARKERS):
            return Path(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def outside_project(path: Path, within: Path | None = None) -> Path | None:
    """Where `path` really leads when that is outside `within` (default: its project, else its
    own folder); None when it stays inside."""
    root = within if within is not None else (project_root_of(path) or Path(os.path.abspath(path)).parent)
    real, inside = os.path.realpath(path), os.path.realpath(root)
    if not (real.startswith("//") or inside.startswith("//")):  # POSIX's '//' root: left to Path
        # both absolute and normalised: inside it is the folder itself or below "folder/"
        below = inside if inside.endswith("/") else inside + "/"
        return None if real == inside or real.startswith(below) else Path(real)
    return None if Path(real) == Path(inside) or Path(inside) in Path(real).parents else Path(real)


def size_text(n: int) -> str:
    """'1 MB', '5.2 MB', '512 KB' for a size in bytes."""
    return f"{n / 1024 / 1024:.3g} MB" if n >= 1024 * 1024 else f"{n / 1024:.3g} KB"


def read_input(path: Path, *, what: str = "file", limit: int = MAX_EDITOR_BYTES,
               within: Path | None = None, confine: bool = True,
               cls: type[BriefingError] = InputError, too_large_hint: str | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit`; `cls` errors naming the file for a
    link out of the project (unless `confine` is off), a folder, a FIFO, device or socket, a link
    to nothing, an unreadable or a larger file. A missing file raises FileNotFoundError as
    `open` does (callers decide whether missing means empty)."""
    path = Path(path)
    is_link = os.path.islink(path)  # FileNotFoundError for a missing path comes from os.open below
    if confine:  # the file or a folder on its way may be a link (seeds/ -> /etc)
        target = outside_project(path, within)
        if target is not None:
            how = "is a link to" if is_link else "leads, through a linked folder, to"
            raise cls(f"the {what} {how} {target}, outside the project: it is not read",
                      path=path, hint="copy the files into the project instead of linking to them, "
                                      "or remove the link")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        if is_link:
            raise cls(f"the {what} is a link to {os.readlink(path)}, which does not exist", path=path,
                      hint="remove the link or put the file it names in place") from None
        raise
    except OSError as exc:
        raise _open_error(exc, path, what, cls) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise cls(f"expected the {what} here, found a folder", path=path,
                      hint="move the folder away; this name is for a file")
        kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
        if kind is not None or not stat.S_ISREG(info.st_mode):
            raise cls(f"the {what} is {kind or 'not a regular file'}, not a file: it is not read",
                      path=path, hint="replace it with a regular file (a copy of the text)")
        if info.st_size > limit:  # a regular file at least this large: refused before reading
            raise cls(f"the {what} is {size_text(info.st_size)}, over the limit of {size_text(limit)}",
                      path=path, hint=too_large_hint or "split it, or remove what does not belong in it")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _open_error(exc, path, what, cls) from None
    finally:
        os.close(fd)
    if total > limit:
        raise cls(f"the {what} is larger than the limit of {size_text(limit)}", path=path,
                  hint=too_large_hint or "split it, or remove what does not belong in it")
    return b"".join(chunks)


def _open_error(exc: OSError, path: Path, what: str, cls: type[BriefingError]) -> BriefingError:
    """A user error for a file that cannot be opened or read."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return cls(f"cannot read the {what}: permission denied", path=path,
                   hint="make it readable (chmod u+r) or run as its owner")
    if exc.errno == errno.ENOTDIR:
        parent = next((p for p in path.parents if p.is_file()), path.parent)
        return cls(f"cannot read the {what}: {parent} is a file, where a folder is expected", path=path,
                   hint=f"move {parent.name} away (a folder of that name holds these files)")
    if exc.errno == errno.ELOOP:
        return cls(f"the {what} is a link that leads back to itself", path=path, hint="remove the link")
    if exc.errno == errno.ENXIO:
        return cls(f"the {what} is a socket or a device with nothing behind it, not a file", path=path,
                   hint="replace it with a regular file")
    return cls(f"cannot read the {what}: {exc.strerror or exc}", path=path,
               hint="check the file and its folder")
