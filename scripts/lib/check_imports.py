#!/usr/bin/env python3
"""Fails when a target imports a module that Package.swift does not declare as its dependency.

Reads the manifest through `swift package dump-package` and every Swift file under each target's
path; modules of the toolchain (Foundation, Glibc, Testing, …) need no declaration.
"""
import json
import os
import re
import subprocess
import sys

TOOLCHAIN = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationInternationalization", "Glibc", "Musl",
    "Darwin", "Dispatch", "XCTest", "Testing", "Synchronization", "_Concurrency", "Swift", "os", "libFuzzer",
}
IMPORT = re.compile(r"^\s*(?:@[\w()]+\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][\w]*)", re.M)


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    manifest = json.loads(subprocess.check_output(["swift", "package", "dump-package"], cwd=root))
    problems = []
    for target in manifest["targets"]:
        if target["type"] == "system":
            continue
        declared = set()
        for dependency in target["dependencies"]:
            kind, value = next(iter(dependency.items()))
            declared.add(value[0])
        path = os.path.join(root, target.get("path") or f"Sources/{target['name']}")
        excluded = [os.path.join(path, e) for e in target.get("exclude", [])]
        imported = {}
        for directory, _, files in os.walk(path):
            if any(directory.startswith(e) for e in excluded):
                continue
            for name in files:
                if name.endswith(".swift"):
                    text = open(os.path.join(directory, name), encoding="utf-8").read()
                    for module in IMPORT.findall(text):
                        imported.setdefault(module, os.path.join(directory, name))
        for module, where in sorted(imported.items()):
            if module not in declared and module not in TOOLCHAIN and module != target["name"]:
                problems.append(f"{target['name']}: imports {module} ({where}) without declaring it in Package.swift")
        if "@_exported" in "".join(open(os.path.join(d, f), encoding="utf-8").read() for d, _, fs in os.walk(path) for f in fs if f.endswith(".swift")):
            problems.append(f"{target['name']}: uses @_exported import; declare and import each module instead")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} undeclared import(s)")
        return 1
    print(f"imports: every module a target imports is declared ({len(manifest['targets'])} targets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
