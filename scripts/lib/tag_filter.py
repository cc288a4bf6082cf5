#!/usr/bin/env python3
"""Prints a `swift test --filter` pattern naming every suite tagged `.TAG` (Swift Testing's
command line filters by name only): `scripts/test --tag database` runs the suites that need
PostgreSQL, `--tag stack` those that start the services as processes, `--tag browser` the
browser's. Untagged suites run in memory."""
import pathlib
import re
import sys


def suites_tagged(root: pathlib.Path, tag: str) -> list[str]:
    names = []
    for path in sorted((root / "Tests").rglob("*.swift")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"@Suite\(([^\n]*)\)\s*\n(?:\s*@[^\n]*\n)*\s*(?:final\s+)?(?:struct|class|actor|enum)\s+(\w+)", text):
            tags = re.search(r"\.tags\(([^)]*)\)", match.group(1))
            if tags and f".{tag}" in [t.strip() for t in tags.group(1).split(",")]:
                names.append(match.group(2))
    return names


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: tag_filter.py ROOT TAG", file=sys.stderr)
        return 2
    names = suites_tagged(pathlib.Path(sys.argv[1]), sys.argv[2])
    if not names:
        print(f"no suite is tagged .{sys.argv[2]}", file=sys.stderr)
        return 1
    print(r"\.(" + "|".join(names) + r")/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
