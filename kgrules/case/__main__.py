"""``python -m kgrules.case``: regenerate or print the case schema, or check a case file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from kgrules.case.kinds import KIND_CLASSES
from kgrules.case.model import load_case
from kgrules.case.schema import schema_text, write_schema
from kgrules.errors import CaseError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kgrules.case")
    parser.add_argument(
        "--schema", action="store_true", help="regenerate kgrules/data/case.schema.json"
    )
    parser.add_argument("--print-schema", action="store_true", help="print the schema")
    parser.add_argument("--check", metavar="FILE", help="load a case file and report errors")
    args = parser.parse_args(argv)
    if args.schema:
        print(write_schema())
    if args.print_schema:
        sys.stdout.write(schema_text())
    if args.check:
        try:
            case = load_case(args.check)
        except CaseError as exc:
            print(json.dumps(exc.to_dict(), ensure_ascii=False))
            return 1
        counts = {kind: len(getattr(case, kind)) for kind in KIND_CLASSES}
        print(json.dumps({"ok": True, "records": counts}))
    if not (args.schema or args.print_schema or args.check):
        parser.print_help()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
