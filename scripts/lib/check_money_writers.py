#!/usr/bin/env python3
"""Fails when SQL outside the Trading library writes the money tables.

`Shared/Trading` owns the money: no other source under Services/ or Shared/ may insert into,
update, delete from or truncate `portfolio_positions`, `ledger`, `trades`, `settlements` or
`portfolio_history`, insert or delete `portfolios` rows, or set a `portfolios` money column
(balances, cost basis, P&L, fees, the breaker's baseline). Migrations (`Shared/Schema`) are the
schema's history and exempt; tests plant rows as they need.
"""
import os
import re
import sys

OWNER = os.path.join("Shared", "Trading")
EXEMPT = [os.path.join("Shared", "Schema")]
TABLES = r"(?:portfolio_positions|ledger|trades|settlements|portfolio_history)"
WRITES = [
    re.compile(rf"\bINSERT\s+INTO\s+{TABLES}\b", re.I),
    re.compile(rf"\bUPDATE\s+{TABLES}\b", re.I),
    re.compile(rf"\bDELETE\s+FROM\s+{TABLES}\b", re.I),
    re.compile(rf"\bTRUNCATE\s+(?:TABLE\s+)?{TABLES}\b", re.I),
    re.compile(r"\bINSERT\s+INTO\s+portfolios\b", re.I),
    re.compile(r"\bDELETE\s+FROM\s+portfolios\b", re.I),
]
PORTFOLIO_UPDATE = re.compile(r"\bUPDATE\s+portfolios\b(.*?)(?:\bWHERE\b|\"\"\"|$)", re.I | re.S)
MONEY_COLUMNS = re.compile(
    r"\b(?:current_balance|initial_balance|total_invested|realized_pnl|unrealized_pnl|fees_paid|drawdown_baseline|drawdown_since)\s*=",
    re.I)


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    problems = []
    for top in ("Services", "Shared"):
        for directory, _, files in os.walk(os.path.join(root, top)):
            relative = os.path.relpath(directory, root)
            if relative.startswith(OWNER) or any(relative.startswith(e) for e in EXEMPT):
                continue
            for name in files:
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(directory, name)
                text = open(path, encoding="utf-8").read()
                for pattern in WRITES:
                    for match in pattern.finditer(text):
                        line = text.count("\n", 0, match.start()) + 1
                        problems.append(f"{os.path.relpath(path, root)}:{line}: writes a money table ({match.group(0)})")
                for match in PORTFOLIO_UPDATE.finditer(text):
                    if MONEY_COLUMNS.search(match.group(1)):
                        line = text.count("\n", 0, match.start()) + 1
                        problems.append(f"{os.path.relpath(path, root)}:{line}: sets a portfolios money column outside Trading")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} write(s) of the money outside Shared/Trading")
        return 1
    print("money: only Shared/Trading writes portfolios' money, positions, ledger, trades, settlements and history")
    return 0


if __name__ == "__main__":
    sys.exit(main())
