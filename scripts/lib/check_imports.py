#!/usr/bin/env python3
"""Fails when a target imports a module that Package.swift does not declare as its dependency, or
when a service's library depends on another service's library (shared code belongs in Shared/).

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
    services = {t["name"] for t in manifest["targets"] if (t.get("path") or "").startswith("Services/") and t["type"] == "regular"}
    for target in manifest["targets"]:
        if target["name"] not in services:
            continue
        for dependency in target["dependencies"]:
            kind, value = next(iter(dependency.items()))
            if value[0] in services:
                problems.append(f"{target['name']}: depends on the service library {value[0]}; move what it needs to Shared/")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) with imports")
        return 1
    print(f"imports: every module a target imports is declared ({len(manifest['targets'])} targets); "
          f"no service library depends on another ({len(services)} service libraries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
