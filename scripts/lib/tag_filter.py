#!/usr/bin/env python3
"""Prints a `swift test --filter` pattern naming every suite tagged `.TAG` (Swift Testing's
command line filters by name only): `scripts/test --tag database` runs the suites that need
PostgreSQL, `--tag stack` those that start the services as processes, `--tag browser` the
browser's. Untagged suites run in memory."""
import pathlib
import re
import sys


def suite_attributes(text: str):
    """Yields (arguments, declared type name or None) for each `@Suite(...)` in `text`,
    its arguments read to the matching parenthesis (they may span lines)."""
    for match in re.finditer(r"@Suite\(", text):
        depth, index = 1, match.end()
        while depth and index < len(text):
            depth += {"(": 1, ")": -1}.get(text[index], 0)
            index += 1
        arguments = text[match.end() : index - 1]
        declaration = re.match(
            r"(?:\s|//[^\n]*\n|@\w+(?:\([^)]*\))?)*(?:(?:public|internal|final|private|fileprivate)\s+)*"
            r"(?:struct|class|actor|enum|extension)\s+(\w+)",
            text[index:],
        )
        yield arguments, declaration.group(1) if declaration else None


def suites_tagged(root: pathlib.Path, tag: str) -> list[str]:
    names = []
    for path in sorted((root / "Tests").rglob("*.swift")):
        for arguments, name in suite_attributes(path.read_text(encoding="utf-8")):
            tags = re.search(r"\.tags\(([^)]*)\)", arguments)
            if not tags:
                continue
            if name is None:
                raise SystemExit(f"{path}: a tagged @Suite whose type this script cannot read")
            if f".{tag}" in [t.strip() for t in tags.group(1).split(",")]:
                names.append(name)
    return names


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: tag_filter.py ROOT TAG", file=sys.stderr)
        return 2
    names = suites_tagged(pathlib.Path(sys.argv[1]), sys.argv[2])
    if not names:
        print(f"no suite is tagged .{sys.argv[2]}", file=sys.stderr)
        return 1
    # A test's id is Module.Suite/test() (Module.Outer/Inner/test() when nested).
    print(r"[./](" + "|".join(names) + r")/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
