"""Run a renderer on a site folder made of hard links to the last site's files, never changing them.

An incremental build (publish/incremental.py) starts from the last site: a copy in which every
file is a hard link to site/'s (a link costs one directory entry; copying the ~200 MB of a
1,000-article site cost more than the renderer's own work after an add). MkDocs writes its pages
and copies its assets by opening the existing file for writing, which would change site/'s file
too, while site/ is still being served and must stay whole if the build fails. So the renderer
runs here, in a process where every file under the folder that is opened for writing is made its
own first: unlinked when the open truncates it (a new file is made), copied when it appends to or
updates it. Files not opened for writing stay links. Nothing else is changed in the renderer.

    python -m briefing.publish.copy_on_write FOLDER MODULE [ARG...]   # runs `python -m MODULE ARG...`
"""

from __future__ import annotations

import builtins
import io
import os
import runpy
import shutil
import stat
import sys
from typing import Any, Callable

_WRITING = frozenset("wax+")


def own(path: str, mode: str) -> None:
    """Make the file at `path` no longer shared with another link, before it is opened in `mode`
    ('w': unlinked, a new file is made; 'a', 'r+': copied to a file of its own)."""
    try:
        st = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISREG(st.st_mode) or st.st_nlink < 2:
        return
    if "w" in mode:
        os.unlink(path)
        return
    tmp = f"{path}.own.tmp"
    shutil.copy2(path, tmp)  # opened for reading, and a file that is not there: not shared
    os.replace(tmp, path)


def guard(folder: str, opener: Callable[..., Any]) -> Callable[..., Any]:
    """`opener` (open) that first makes a file under `folder` opened for writing its own."""
    root = os.path.realpath(folder) + os.sep

    def guarded(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, bytes, os.PathLike)) and _WRITING & set(mode):
            path = os.path.realpath(os.fsdecode(file))
            if path.startswith(root):
                own(path, mode)
        return opener(file, mode, *args, **kwargs)
    return guarded


def main(argv: list[str]) -> None:
    folder, module, *args = argv
    builtins.open = io.open = guard(folder, builtins.open)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
