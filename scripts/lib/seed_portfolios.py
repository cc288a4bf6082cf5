#!/usr/bin/env python3
"""Creates portfolios through the paper trading API, an equal share per strategy (for scripts/bench).

  seed_portfolios.py PORT COUNT [FIRST]   names them "bench <strategy> <n>", n from FIRST
"""
import http.client, json, sys

STRATEGIES = ["momentum", "mean_reversion", "arbitrage", "hybrid"]

def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for n in range(first, first + count):
        strategy = STRATEGIES[n % len(STRATEGIES)]
        body = json.dumps({"name": f"bench {strategy} {n}", "strategy_type": strategy, "initial_balance": 10000,
                           "strategy_config": {"min_liquidity": 1000 * (1 + n % 25)}})
        connection.request("POST", "/portfolios", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        answer = response.read()
        if response.status != 201:
            sys.exit(f"creating portfolio {n} failed: {response.status} {answer[:200]!r}")

if __name__ == "__main__":
    main()
