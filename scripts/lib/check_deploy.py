#!/usr/bin/env python3
"""Checks compose/docker-compose.yml offline (no Docker engine here): it parses, every service a
URL names exists and listens on that port, host ports are unique, and the replicas the design
asks for are there (two orchestrators, two of each strategy service).
"""
import re
import sys

import yaml


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    compose = yaml.safe_load(open(f"{root}/compose/docker-compose.yml"))
    services = compose["services"]
    problems = []
    ports = {}
    for name, service in services.items():
        for mapping in service.get("ports", []):
            host = mapping.rsplit(":", 1)[0]
            if host in ports:
                problems.append(f"host port {host} published by both {ports[host]} and {name}")
            ports[host] = name
        for key, value in (service.get("environment") or {}).items():
            match = re.fullmatch(r"http://([a-z0-9-]+):(\d+)", str(value))
            if key.endswith("_URL") and match:
                target, port = match.groups()
                if target not in services:
                    problems.append(f"{name}: {key} names service {target}, which compose does not define")
                elif target != "postgres":
                    listens = {str(v) for k, v in (services[target].get("environment") or {}).items() if k.endswith("_PORT")}
                    if port not in listens:
                        problems.append(f"{name}: {key} uses port {port}, but {target} listens on {sorted(listens)}")
    # Safe by default: every service gets the token from the environment (required, never a
    # literal) and answers only for the names the stack calls it by.
    for name, service in services.items():
        if name == "postgres":
            continue
        env = service.get("environment") or {}
        token = str(env.get("PRESCIENT_API_TOKEN", ""))
        if not token.startswith("${PRESCIENT_API_TOKEN:?"):
            problems.append(f"{name}: PRESCIENT_API_TOKEN must be required from the environment (${{PRESCIENT_API_TOKEN:?…}}), got {token!r}")
        allowed = str(env.get("PRESCIENT_ALLOWED_HOSTS", "")).split(",")
        missing = [other for other in services if other not in ("postgres",) and other not in allowed]
        if missing:
            problems.append(f"{name}: PRESCIENT_ALLOWED_HOSTS misses {missing}")
    orchestrators = [n for n, s in services.items() if s.get("command") == ["orchestrator"]]
    if len(orchestrators) < 2:
        problems.append(f"two orchestrators expected, found {orchestrators}")
    for strategy in ["momentum", "mean-reversion", "arbitrage", "hybrid", "smart-money", "live-momentum"]:
        if services.get(strategy, {}).get("deploy", {}).get("replicas", 1) < 2:
            problems.append(f"{strategy}: two replicas expected")
    # Kubernetes: the token comes from a Secret created apart, never from a literal in a manifest.
    import glob
    for path in sorted(glob.glob(f"{root}/compose/kubernetes/*.yaml")):
        for document in yaml.safe_load_all(open(path)):
            if not document:
                continue
            if document.get("kind") == "Secret":
                problems.append(f"{path}: a Secret with literal values; create it with kubectl (see the file's header)")
            data = document.get("data") or {}
            if "PRESCIENT_API_TOKEN" in data:
                problems.append(f"{path}: PRESCIENT_API_TOKEN as a literal")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"compose: {len(services)} services, {len(orchestrators)} orchestrators, strategies with 2 replicas each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
