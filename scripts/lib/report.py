"""Formats the JSON answers of the services for scripts/demo. Reads one JSON document on stdin."""
import json
import sys


def created(doc):
    print(f"  portfolio {doc['id']}: {doc['name']} ({doc['strategy_type']})")


def run(doc):
    shared = doc["shared_data"]
    print(f"  run {doc['status']} in {doc['duration_ms'] / 1000:.1f} s; shared data: "
          f"{shared.get('events_exported')} events, {shared.get('markets_exported')} markets in {shared['duration_ms'] / 1000:.1f} s")
    for r in doc["results"]:
        line = (f"  portfolio {r['portfolio_id']:>3} {r['strategy_type']:<15} {r['status']:<10} "
                f"signals {r['signals_generated']:>3}  trades {r['trades_executed']:>3}")
        if r.get("error"):
            line += f"  error: {r['error']}"
        print(line)


def updater(doc):
    print(f"  price updater: {doc['tokens']} tokens, {doc['positions_updated']} positions, "
          f"{doc['failures']} failures, {doc['duration_ms']} ms")


def summary(doc):
    print(f"  {'id':>3} {'name':<28} {'strategy':<15} {'trades':>6} {'open':>5} {'balance':>10} {'invested':>9} "
          f"{'realised':>9} {'unrealised':>10} {'fees':>7} {'total P&L':>9}")
    for p in doc["portfolios"]:
        print(f"  {p['portfolio_id']:>3} {p['name'][:28]:<28} {p['strategy_type']:<15} {p['trades']:>6} {p['open_positions']:>5} "
              f"{p['balance']:>10.2f} {p['total_invested']:>9.2f} {p['realized_pnl']:>9.2f} {p['unrealized_pnl']:>10.2f} "
              f"{p['fees_paid']:>7.4f} {p['total_pnl']:>9.2f}")


def settled(doc):
    print(f"  settlement: {doc['positions_settled']} position(s) settled, payout {doc['payout']}, "
          f"{doc['positions_pending']} awaiting resolution, {doc['markets_checked']} markets checked")


def reconcile(doc):
    print(f"  portfolio {doc['portfolio_id']:>3}: {doc['status']:<8} cash {doc['cash']:.4f} = ledger {doc['ledger_sum']:.4f} "
          f"over {doc['ledger_entries']} entries; {doc['open_positions']} positions, cost basis {doc['cost_basis']:.4f}")
    for d in doc["differences"]:
        print(f"      {d['check']}: expected {d['expected']}, found {d['actual']}")


def quote(doc):
    print(f"  {doc['side']} {doc['requested']} on token {doc['token_id'][:12]}…: {doc['shares']} shares at avg {doc['average_price']} "
          f"(best {doc['best_price']}, slippage {doc['slippage']}), notional {doc['notional']}, taker fee {doc['fee']}, "
          f"{len(doc['levels'])} level(s)")


def leaderboard(doc):
    print(f"  sorted by {doc['sort']}")
    print(f"  {'rank':>4} {'id':>3} {'name':<28} {'equity':>10} {'return':>8} {'total P&L':>9} {'trades':>6} "
          f"{'sells':>5} {'resolved':>8} {'win rate':>8} {'max DD':>7} {'Sharpe':>7}")
    for p in doc["portfolios"]:
        win = "-" if p.get("win_rate") is None else f"{p['win_rate'] * 100:.0f}%"
        sharpe = "-" if p.get("sharpe_daily") is None else f"{p['sharpe_daily']:.2f}"
        print(f"  {p['rank']:>4} {p['portfolio_id']:>3} {p['name'][:28]:<28} {p['equity']:>10.2f} {p['return_pct'] * 100:>7.2f}% "
              f"{p['total_pnl']:>9.2f} {p['trades']:>6} {p['sells']:>5} {p['resolved_trades']:>8} {win:>8} "
              f"{p['max_drawdown_pct'] * 100:>6.2f}% {sharpe:>7}")


if __name__ == "__main__":
    globals()[sys.argv[1]](json.load(sys.stdin))
