#!/usr/bin/env python3
"""Calls every public (unauthenticated) read method of py-clob-client's ClobClient against a CLOB
host and prints one JSON object: each method's result, or {"error": "..."} when it raised.

  clob_public_reads.py HOST TOKEN_ID OTHER_TOKEN_ID CONDITION_ID [OUTPUT_FILE]

Used by the simulator's client-compatibility test (PolymarketTests), which checks the answers
against the recorded payloads.
"""
import json
import sys

from py_clob_client.client import ClobClient
from py_clob_client.clob_types import BookParams


def main():
    host, token, other, condition = sys.argv[1:5]
    output = sys.argv[5] if len(sys.argv) > 5 else None
    client = ClobClient(host)
    pair = [BookParams(token_id=token), BookParams(token_id=other)]
    calls = {
        "get_ok": lambda: client.get_ok(),
        "get_server_time": lambda: client.get_server_time(),
        "get_midpoint": lambda: client.get_midpoint(token),
        "get_midpoints": lambda: client.get_midpoints(pair),
        "get_price": lambda: client.get_price(token, "BUY"),
        "get_prices": lambda: client.get_prices([BookParams(token_id=token, side="BUY"), BookParams(token_id=token, side="SELL")]),
        "get_spread": lambda: client.get_spread(token),
        "get_spreads": lambda: client.get_spreads(pair),
        "get_tick_size": lambda: client.get_tick_size(token),
        "get_neg_risk": lambda: client.get_neg_risk(token),
        "get_fee_rate_bps": lambda: client.get_fee_rate_bps(token),
        "get_order_book": lambda: client.get_order_book(token).__dict__,
        "get_order_books": lambda: [book.__dict__ for book in client.get_order_books(pair)],
        "get_last_trade_price": lambda: client.get_last_trade_price(token),
        "get_last_trades_prices": lambda: client.get_last_trades_prices(pair),
        "get_markets": lambda: client.get_markets(),
        "get_simplified_markets": lambda: client.get_simplified_markets(),
        "get_sampling_markets": lambda: client.get_sampling_markets(),
        "get_sampling_simplified_markets": lambda: client.get_sampling_simplified_markets(),
        "get_market": lambda: client.get_market(condition),
        "get_market_trades_events": lambda: client.get_market_trades_events(condition),
    }
    results = {}
    for name, call in calls.items():
        try:
            results[name] = call()
        except Exception as error:  # every failure is reported, none stops the others
            results[name] = {"error": f"{type(error).__name__}: {error}"}
    # The cursor pages through the whole listing as a client would.
    pages, cursor, seen = 0, "MA==", 0
    try:
        while cursor != "LTE=" and pages < 100:
            page = client.get_markets(next_cursor=cursor)
            seen += len(page["data"])
            cursor = page["next_cursor"]
            pages += 1
        results["markets_paged"] = {"pages": pages, "markets": seen, "last_cursor": cursor}
    except Exception as error:
        results["markets_paged"] = {"error": f"{type(error).__name__}: {error}"}
    text = json.dumps(results, default=str)
    if output:
        with open(output, "w") as file:
            file.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
