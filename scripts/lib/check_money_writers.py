#!/usr/bin/env python3
"""Fails when SQL outside the Trading library writes the money tables.

`Shared/Trading` owns the money: no other source under Services/ or Shared/ may insert into,
update, delete from or truncate `portfolio_positions`, `ledger`, `trades`, `settlements` or
`portfolio_history`, insert or delete `portfolios` rows, or set a `portfolios` money column
(balances, cost basis, P&L, fees, the breaker's baseline). Migrations (`Shared/Schema`) are the
schema's history and exempt; tests plant rows as they need. Table names built at run time
(`\(unescaped: table)`) cannot be read here: the Trading library's owner reviews those.
"""
import os
import re
import sys

OWNER = os.path.join("Shared", "Trading")
EXEMPT = [os.path.join("Shared", "Schema")]
# A table name as SQL may spell it: optionally schema-qualified, optionally quoted.
def named(tables):
    return rf'(?:\\?"?\w+\\?"?\s*\.\s*)?\\?"?(?:{tables})\b'
MONEY = named("portfolio_positions|ledger|trades|settlements|portfolio_history")
ANY = named("portfolio_positions|ledger|trades|settlements|portfolio_history|portfolios")
WRITES = [
    re.compile(rf"\bINSERT\s+INTO\s+{ANY}", re.I),
    re.compile(rf"\bUPDATE\s+(?:ONLY\s+)?{MONEY}", re.I),
    re.compile(rf"\bDELETE\s+FROM\s+(?:ONLY\s+)?{ANY}", re.I),
    re.compile(rf"\bTRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?{ANY}", re.I),
    re.compile(rf"\bMERGE\s+INTO\s+(?:ONLY\s+)?{ANY}", re.I),
    re.compile(rf"\bCOPY\s+{ANY}[^;\"]*?\bFROM\b", re.I),
]
# An UPDATE of portfolios, to the end of its string literal (a WHERE inside a subquery does not end it).
PORTFOLIO_UPDATE = re.compile(rf'\bUPDATE\s+(?:ONLY\s+)?{named("portfolios")}(.*?)(?:"""|"\s*\)|$)', re.I | re.S)
MONEY_COLUMN_NAMES = r"current_balance|initial_balance|total_invested|realized_pnl|unrealized_pnl|fees_paid|drawdown_baseline|drawdown_since"
MONEY_COLUMNS = re.compile(rf"\b(?:{MONEY_COLUMN_NAMES})\b\s*[=,)]", re.I)


SELF_TEST = {
    'let a = "INSERT INTO public.ledger (x) VALUES (1)"': True,
    'let b = "UPDATE ONLY portfolio_positions SET shares = 0"': True,
    'let c = "TRUNCATE portfolios RESTART IDENTITY CASCADE"': True,
    'let d = """\nUPDATE portfolios SET status = (SELECT s FROM t WHERE t.id = 1), current_balance = 0 WHERE id = 2\n"""': True,
    'let e = "UPDATE portfolios SET (current_balance, total_invested) = (1, 2) WHERE id = 1"': True,
    'let f = "MERGE INTO \\"ledger\\" USING x ON true"': True,
    'let g = "COPY trades (a, b) FROM STDIN"': True,
    'let h = "DELETE FROM portfolio_history WHERE id = 1"': True,
    'let i = "UPDATE portfolios SET name = \'x\', status = \'active\' WHERE id = 1"': False,
    'let j = "SELECT * FROM ledger JOIN trades ON true"': False,
    'let k = "COPY (SELECT * FROM ledger) TO STDOUT"': False,
}


def findings(text):
    """The money writes in one file's text, as (line, description)."""
    found = []
    for pattern in WRITES:
        for match in pattern.finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1, f"writes a money table ({match.group(0)})"))
    for match in PORTFOLIO_UPDATE.finditer(text):
        if MONEY_COLUMNS.search(match.group(1)):
            found.append((text.count("\n", 0, match.start()) + 1, "sets a portfolios money column outside Trading"))
    return found


def self_test() -> bool:
    """The check flags each planted write and nothing else."""
    wrong = [source for source, flagged in SELF_TEST.items() if bool(findings(source)) != flagged]
    for source in wrong:
        print(f"self-test: {'missed' if SELF_TEST[source] else 'wrongly flagged'}: {source}")
    return not wrong


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    if not self_test():
        return 1
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
                for line, what in findings(text):
                    problems.append(f"{os.path.relpath(path, root)}:{line}: {what}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} write(s) of the money outside Shared/Trading")
        return 1
    print(f"money: only Shared/Trading writes portfolios' money, positions, ledger, trades, settlements and history "
          f"(the check's self-test: {len(SELF_TEST)} planted cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
