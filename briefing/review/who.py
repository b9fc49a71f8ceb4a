"""Who saves: the name recorded with each review save (`by` in the memory).

In order: `briefing review --editor NAME`, the environment variable BRIEFING_EDITOR, git's
`user.name` in the project folder, the login name.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import signal
import subprocess
from pathlib import Path
from typing import Callable, Mapping

from briefing.review.save import clean_name

ENV_NAME = "BRIEFING_EDITOR"
GIT_TIMEOUT = 5.0  # seconds: a git that hangs (a credential prompt, a network home) must not stop review


def editor_name(option: str | None, environ: Mapping[str, str], git_name: Callable[[], str]) -> str:
    """The first of --editor, $BRIEFING_EDITOR, git's user.name and the login name that is set."""
    for value in (option, environ.get(ENV_NAME)):
        if value and clean_name(value):
            return clean_name(value)
    name = clean_name(git_name())
    if name:
        return name
    try:
        return clean_name(getpass.getuser()) or "editor"
    except (KeyError, OSError):
        return "editor"


def git_user_name(folder: Path) -> str:
    """`git config user.name` as seen from `folder`; "" when git, or the setting, is missing, or
    when git has not answered within GIT_TIMEOUT seconds: it runs in a session of its own, ended
    with everything it started (a wrapper's children too), so nothing is left behind."""
    try:
        proc = subprocess.Popen(["git", "config", "user.name"], cwd=folder, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                start_new_session=True)
    except OSError:
        return ""
    try:
        out, _ = proc.communicate(timeout=GIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        return ""
    finally:
        if proc.returncode is None:  # timed out, or Ctrl-C meanwhile
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    return out.strip() if proc.returncode == 0 else ""
