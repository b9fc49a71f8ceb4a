#!/usr/bin/env python3
"""Report every character a script round trip changes, for any text files (seeds, realset, ...).

    .venv/bin/python scripts/script_roundtrip.py [--project .] [--setting tw] FILE...

Each file is read whole, its script detected, and converted to the other script and back with
the project's conversion (its briefing.yml setting and glossary names). A Simplified original
must come back unchanged (but for characters it already wrote in Traditional: "mixed"); a
Traditional one may only change characters Simplified merges ("merge"); anything else is a
"fault". Exit status 1 when any file has a fault.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.config import SCRIPT_CONVERSIONS, load_project  # noqa: E402
from briefing.sources.fidelity import KINDS, round_trip_changes  # noqa: E402
from briefing.sources.names import project_conversion  # noqa: E402
from briefing.sources.script import detect_script  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--project", type=Path, default=Path("."), help="project whose glossary names are kept")
    ap.add_argument("--setting", choices=sorted(SCRIPT_CONVERSIONS), help="override briefing.yml")
    ap.add_argument("--quiet", action="store_true", help="one summary line per file")
    args = ap.parse_args(argv)
    project = load_project(args.project)
    if args.setting:
        project = replace(project, script_conversion=args.setting)
    conversion = project_conversion(project)
    faults = 0
    print(f"setting: {conversion.setting}; {len(conversion.names)} glossary name pairs kept")
    for path in args.files:
        text = path.read_text(encoding="utf-8")
        script = detect_script(text)
        changes = round_trip_changes(text, script, conversion)
        bad = [c for c in changes if c.fault]
        faults += len(bad)
        counts = {k: sum(c.kind == k for c in changes) for k in KINDS}
        trip = "hans→hant→hans" if script == "hans" else "hant→hans→hant"
        cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
        print(f"{path.name}: {trip}: {sum(len(c.before) for c in changes)} of {cjk} Chinese characters "
              f"changed ({', '.join(f'{n} {k}' for k, n in counts.items())})")
        if not args.quiet:
            for c in changes:
                print(f"    {c}")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
