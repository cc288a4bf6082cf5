#!/usr/bin/env python3
"""Creates portfolios through the paper trading API, an equal share per strategy (for scripts/bench).

  seed_portfolios.py PORT COUNT [FIRST]   names them "bench <strategy> <n>", n from FIRST

Each portfolio's configuration is distinct, as real users' are: lookbacks, thresholds, liquidity
and volume floors, categories, sizing (fixed, percent of equity, Kelly) and exits vary with n; the
volume floor alone differs for every n, so no two portfolios share a market filter.
"""
import http.client, json, sys

STRATEGIES = ["momentum", "mean_reversion", "arbitrage", "hybrid"]
CATEGORIES = [None, ["politics"], ["sports"], ["crypto"], ["politics", "economics"], ["sports", "culture"]]
SIZING = ["fixed", "percent_of_equity", "kelly"]


def config(n, strategy):
    """A configuration for portfolio n: every key a function of n, so no two of 10,000 agree."""
    c = {
        "min_liquidity": 500 * (1 + n % 20),
        # The batch memo shares a candidate set between portfolios whose market filters agree: a
        # volume floor of its own gives every portfolio its own filter, as distinct users' are.
        "min_volume": 1000 + n,
        "sizing": SIZING[n % 3],
        "per_trade_amount": round(20 + (n % 10007) / 100, 2),
        "sizing_pct": round(0.005 + (n % 9) * 0.0025, 4),
        "stop_loss_pct": round(0.05 + (n % 7) * 0.05, 2),
        "take_profit_pct": round(0.05 + (n % 5) * 0.10, 2),
    }
    if CATEGORIES[n % len(CATEGORIES)]:
        c["categories"] = CATEGORIES[n % len(CATEGORIES)]
    if strategy == "momentum":
        c.update(lookback_hours=6 + n % 43, min_conviction=round(0.01 + (n // 4 % 10) * 0.01, 2))
    elif strategy == "mean_reversion":
        c.update(extreme_price_threshold=round(0.75 + (n // 4 % 20) * 0.01, 2),
                 spike_threshold=round(0.02 + (n // 4 % 8) * 0.01, 2))
    elif strategy == "hybrid":
        c.update(min_score=round(0.1 + (n // 4 % 8) * 0.05, 2),
                 momentum_weight=round(0.2 + (n % 9) * 0.1, 1))
    else:
        c.update(max_spread=round(0.02 + (n // 4 % 10) * 0.01, 2), fee_buffer=round(0.002 * (n // 4 % 10), 3))
    return c


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for n in range(first, first + count):
        strategy = STRATEGIES[n % len(STRATEGIES)]
        body = json.dumps({"name": f"bench {strategy} {n}", "strategy_type": strategy, "initial_balance": 10000,
                           "strategy_config": config(n, strategy)})
        connection.request("POST", "/portfolios", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        answer = response.read()
        if response.status != 201:
            sys.exit(f"creating portfolio {n} failed: {response.status} {answer[:200]!r}")

if __name__ == "__main__":
    main()
