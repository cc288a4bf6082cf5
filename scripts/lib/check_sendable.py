#!/usr/bin/env python3
"""Fails when an `@unchecked Sendable` type does not say why it is safe.

The reason is a comment starting `// Safe because` in the first lines of the type's body, as
sqlite-nio writes it beside its raw handle.
"""
import os
import sys


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    missing, checked = [], 0
    for folder in ("Shared", "Services", "Tests"):
        for directory, _, files in os.walk(os.path.join(root, folder)):
            for name in files:
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(directory, name)
                lines = open(path, encoding="utf-8").read().split("\n")
                for number, line in enumerate(lines):
                    if "@unchecked Sendable" in line and not line.lstrip().startswith("//"):
                        checked += 1
                        if not any("// Safe because" in following for following in lines[number + 1:number + 4]):
                            missing.append(f"{path}:{number + 1}: @unchecked Sendable without a '// Safe because …' comment")
    for problem in missing:
        print(problem)
    if missing:
        return 1
    print(f"sendable: all {checked} @unchecked Sendable types say why they are safe")
    return 0


if __name__ == "__main__":
    sys.exit(main())
