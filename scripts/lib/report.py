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


def weather_refresh(doc):
    print(f"  {doc['markets_parsed']} temperature markets parsed; forecasts of {', '.join(doc['cities'])}: "
          f"{doc['forecasts_stored']} stored, {len(doc['failures'])} failures")


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
    print(f"  verdict first (GO, NO_GO, INSUFFICIENT with the events still needed), then by {doc['sort']}")
    print(f"  {'rank':>4} {'id':>3} {'name':<28} {'verdict':<17} {'events':>6} {'equity':>10} {'return':>8} {'total P&L':>9} {'trades':>6} "
          f"{'sells':>5} {'resolved':>8} {'win rate':>8} {'max DD':>7} {'Sharpe':>7}")
    for p in doc["portfolios"]:
        win = "-" if p.get("win_rate") is None else f"{p['win_rate'] * 100:.0f}%"
        sharpe = "-" if p.get("sharpe_daily") is None else f"{p['sharpe_daily']:.2f}"
        verdict = p.get("verdict", "-") + (f" (+{p['events_needed']})" if p.get("events_needed") else "")
        print(f"  {p['rank']:>4} {p['portfolio_id']:>3} {p['name'][:28]:<28} {verdict:<17} {p.get('events', 0):>6} {p['equity']:>10.2f} "
              f"{p['return_pct'] * 100:>7.2f}% {p['total_pnl']:>9.2f} {p['trades']:>6} {p['sells']:>5} {p['resolved_trades']:>8} {win:>8} "
              f"{p['max_drawdown_pct'] * 100:>6.2f}% {sharpe:>7}")


def verdicts(doc, path):
    """The verdict of everything the demo ran: one line per 'label<TAB>answer' of the file at path."""
    print(f"  {'what':<44} {'verdict':<13} {'events':>6} {'trials':>6}  why")
    for line in open(path):
        label, _, body = line.rstrip("\n").partition("\t")
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        if not isinstance(answer.get("verdict"), dict):
            error = answer.get("error")
            error = error.get("message", "no answer") if isinstance(error, dict) else "no answer"
            print(f"  {label[:44]:<44} {'-':<13} {'-':>6} {'-':>6}  {error}")
            continue
        v = answer["verdict"]
        failed = [g["name"] for g in v["gates"] if g.get("pass") is False]
        why = v["reason"] if v["verdict"] != "NO_GO" else "failed " + ", ".join(failed)
        late = answer.get("late_signals_excluded")
        print(f"  {label[:44]:<44} {v['verdict']:<13} {v['events']:>6} {answer['trials']['count']:>6}  {why}"
              + (f" ({late} late signals excluded)" if late else ""))


def scan(doc):
    print(f"  scan {doc['scan_id']}: {doc['markets_scanned']} markets at Level 1, {doc['level2_calls']} more at Level 2, "
          f"{doc['profiles_refreshed']} wallet profiles read ({doc['profile_calls']} Data API calls, {doc['gamma_calls']} Gamma) "
          f"in {doc['duration_ms'] / 1000:.1f} s; the published rate limits allow it in {doc['rate_floor_s']:.1f} s at best")


def top12(doc):
    if not doc["markets"]:
        print("  the Top 12 is empty: no market's trusted money has an edge interval above zero "
              "(no significant edge in this wallet world, so the smart-money portfolio buys nothing)")
        return
    print(f"  {'rank':>4} {'side':<4} {'clarity':>7} {'align':>6} {'trust':>6} {'lower95':>7} {'n_eff':>6} {'wallets':>7} {'priority':>8}  question")
    for m in doc["markets"]:
        print(f"  {m['rank']:>4} {m['side']:<4} {m['clarity']:>7.3f} {m['alignment']:>6.3f} {m['trust']:>6.3f} {m['trust_lower_bound']:>7.4f} "
              f"{m['n_eff']:>6.2f} {m['wallets']:>7} {m['priority_2']:>8.4f}  {m['question'][:60]}")


def wallets(doc):
    print(f"  {'address':<44} {'class':<8} {'resolved':>8} {'win rate':>8} {'edge':>7} {'shrunk':>7} {'z':>6} {'P&L':>10}")
    for w in doc["wallets"]:
        print(f"  {w['address']:<44} {w['wallet_class']:<8} {w['resolved_markets']:>8} {w['win_rate'] * 100:>7.1f}% "
              f"{w['edge']:>7.3f} {w['shrunk_edge']:>7.3f} {w['z_score']:>6.2f} {w['realized_pnl']:>10.2f}")


def profile(doc):
    omega = "-" if doc.get("omega") is None else f"{doc['omega']:.2f}"
    print(f"  {doc['address']} ({doc['wallet_class']}, smart money: {doc['smart_money']}), as of {doc['as_of']}")
    print(f"  {doc['resolved_markets']} resolved markets, {doc['wins']} won (win rate {doc['win_rate'] * 100:.1f}%, "
          f"Wilson lower bound {doc['win_rate_lower_bound'] * 100:.1f}%); edge {doc['edge']:.3f}, shrunk {doc['shrunk_edge']:.3f}, "
          f"z {doc['z_score']:.2f}; realised P&L {doc['realized_pnl']:.2f}, ROI {doc['roi'] * 100:.1f}%, omega {omega}")
    cats = ", ".join(f"{c['category']} ${c['volume']:.0f}" for c in doc["top_categories"])
    ind = doc["indicators"]
    print(f"  top categories: {cats}; indicators: both sides {ind['both_sides_share']:.2f}, liquidity income "
          f"{ind['liquidity_income_share']:.2f}, zero-cost {ind['zero_cost_share']:.2f}, {ind['trades']} fills")


def detected(doc):
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(doc["alerts_new"].items())) or "none new"
    print(f"  {doc['markets']} markets, {doc['trades']} trades read in {doc['duration_ms'] / 1000:.1f} s; alerts: {kinds}")


def alerts(doc):
    for a in doc["alerts"]:
        wallets = ", ".join(w[:10] + "…" for w in a["wallets"][:3]) + (f" +{len(a['wallets']) - 3}" if len(a["wallets"]) > 3 else "")
        print(f"  {a['kind']:<13} {a['side']:<8} ${a['notional']:>9.2f} conf {a['confidence']:.2f}  {wallets}")
        print(f"                {a['summary'][:110]}  ({(a.get('question') or '')[:50]})")


def watchlist(doc):
    print(f"  {len(doc['markets'])} markets watched, {doc['assets']} assets subscribed")
    for m in doc["markets"][:6]:
        why = ", ".join(w for w, on in (("held", m["held"]), ("Top 12", m["top12"]), ("operator", m["operator_added"])) if on)
        print(f"    {m['condition_id'][:14]}… {m['question'][:60]:<60} ({why})")


def live_signals(doc):
    if not doc["signals"]:
        print("  no live signal yet")
    for s in doc["signals"]:
        print(f"  #{s['id']} {s['detected_at']} {s['direction']:<4} {s['confidence']:<6} v {s['velocity']:+.5f}/s "
              f"implied {s['implied_probability']:.3f}  asset {s['asset_id'][:12]}…")
        print(f"      {s['reason'][:150]}")
        for w in s["elite_wallets"]:
            omega = "-" if w.get("omega") is None else f"{w['omega']:.2f}"
            print(f"      elite {w['wallet']}: {w['trades']} trade(s), {w['shares']} shares, ${w['notional']:.2f} "
                  f"(shrunk edge {w['shrunk_edge']:.3f}, omega {omega}, {w['resolved_markets']} resolved)")


def live_status(doc):
    p50, p95 = doc.get("tick_to_signal_p50_ms"), doc.get("tick_to_signal_p95_ms")
    print(f"  feed: {doc['assets']} assets on {doc['shards']} connection(s), {doc['events']} messages, {doc['ticks']} ticks, "
          f"{doc['snapshots_written']} snapshot rows, {doc['detections']} signals, tick-to-signal p50 {p50} ms p95 {p95} ms, "
          f"{len(doc['outages'])} outage(s)")


def cycle(doc):
    r = doc["result"]
    print(f"  portfolio {r['portfolio_id']} {r['strategy_type']}: {r['status']}, signals {r['signals_generated']}, "
          f"trades {r['trades_executed']}, balance {r.get('new_balance')}")


def scorecards(doc):
    def pct(value):
        return "-" if value is None else f"{value * 100:.0f}%"

    def num(value, digits=4):
        return "-" if value is None else f"{value:.{digits}f}"

    print(f"  {'group':<22} {'signals':>7} {'@15m':>5} {'hit':>5} {'95% CI':>11} {'mk 5m':>8} {'mk 15m':>8} {'mk 60m':>8} "
          f"{'resolved':>8} {'Brier':>7} {'market':>7} {'BSS':>7} {'P&L':>9}")
    for title, groups in (("strategy", doc["by_strategy"]), ("detector", doc["by_detector"]), ("portfolio", doc["by_portfolio"])):
        for g in groups:
            c = g["scorecard"]
            ci = "-" if c.get("hit_rate_ci_low") is None else f"{c['hit_rate_ci_low'] * 100:.0f}-{c['hit_rate_ci_high'] * 100:.0f}%"
            print(f"  {(title + ' ' + g['key'])[:22]:<22} {c['signals']:>7} {c['scored_15m']:>5} {pct(c.get('hit_rate_15m')):>5} {ci:>11} "
                  f"{num(c.get('mean_markout_5m')):>8} {num(c.get('mean_markout_15m')):>8} {num(c.get('mean_markout_60m')):>8} "
                  f"{c['resolved']:>8} {num(c.get('brier'), 3):>7} {num(c.get('brier_market'), 3):>7} {num(c.get('brier_skill'), 3):>7} "
                  f"{c['realized_pnl']:>9.2f}")
    for m in doc["mutes"]:
        print(f"  muted: portfolio {m['portfolio_id']} by {m['muted_by']}: {m['reason']}")


def backtest(doc, picture=None):
    """A backtest's summary (and its equity curve as an SVG when a file is named)."""
    s = doc["summary"] or {}
    settings = doc["settings"]
    print(f"  run {doc['id']} ({doc['strategy']}, {settings['from']} … {settings['to']}, {settings['step_seconds']} s steps): {doc['status']}"
          + (" — ORACLE forecasts (observed high + seeded error): a ceiling made from the outcome, not evidence" if (doc.get("result") or {}).get("modelled") else ""))
    def fmt(value, digits=3):
        return "-" if value is None else f"{value:.{digits}f}"
    print(f"  {'return':>9} {'max DD':>8} {'Sharpe':>7} {'Sortino':>8} {'trades':>6} {'hit':>6} {'Brier':>6} {'mids':>6} {'fees':>9} {'turnover':>10}")
    print(f"  {s.get('return_pct', 0):>8.2f}% {s.get('max_drawdown_pct', 0):>7.2f}% {fmt(s.get('sharpe_daily'), 2):>7} "
          f"{fmt(s.get('sortino_daily'), 2):>8} {s.get('trades', 0):>6} {fmt(s.get('hit_rate'), 2):>6} {fmt(s.get('brier')):>6} "
          f"{fmt(s.get('brier_market')):>6} {s.get('fees', 0):>9.2f} {s.get('turnover', 0):>10.2f}")
    buckets = (doc.get("result") or {}).get("buckets") or {}
    if buckets.get("pairs"):
        print(f"  skill against the market on the resolved days: bucket Brier {fmt(buckets.get('brier'), 4)} vs the market mids' "
              f"{fmt(buckets.get('brier_market'), 4)} over {buckets['pairs']} (bucket, step) pairs: BSS {fmt(buckets.get('skill'), 3)}; "
              f"{s.get('settled', 0)} of {s.get('trades', 0)} trades settled, realised P&L after fees {s.get('realized_pnl', 0):.2f}")
    skill = s.get("event_skill") or {}
    if skill.get("events"):
        low, high = skill.get("ci95_low"), skill.get("ci95_high")
        verdict = ("too few events for an interval" if low is None else "fewer than 30 events: insufficient" if skill["events"] < 30
                   else "skill over the market" if low > 0 else "worse than the market" if high < 0 else "no significant edge")
        print(f"  per event: Brier skill vs the market mid {fmt(skill.get('brier_skill'), 3)}, 95% interval "
              f"[{fmt(low, 3)}, {fmt(high, 3)}] over {skill['events']} events in {skill.get('blocks', 0)} blocks of a city's week: {verdict}")
    curve = (doc.get("result") or {}).get("curve") or []
    if picture and curve:
        width, height = 800, 240
        times = [p["time"] for p in curve]
        values = [float(p["equity"]) for p in curve]
        low, high = min(values), max(values)
        span_t, span_v = max(1, times[-1] - times[0]), max(1e-9, high - low)
        points = " ".join(f"{(t - times[0]) / span_t * (width - 20) + 10:.1f},{height - 10 - (v - low) / span_v * (height - 40):.1f}"
                          for t, v in zip(times, values))
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
               f'<rect width="100%" height="100%" fill="white"/>'
               f'<text x="10" y="18" font-family="sans-serif" font-size="13">equity {low:,.0f} … {high:,.0f} '
               f'({doc["settings"]["from"]} … {doc["settings"]["to"]})</text>'
               f'<polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="{points}"/></svg>')
        with open(picture, "w") as out:
            out.write(svg)
        print(f"  equity curve: {picture}")


def compare(doc, ids, verdicts_path=None):
    """The demo's backtests side by side (GET /backtests, those whose ids are listed, comma-separated),
    each with the independent events its figures rest on and its verdict (from the demo's verdict file)."""
    wanted = ids.split(",")
    runs = {r["id"]: r for r in doc["runs"] if r["id"] in wanted}
    judged = {}
    for line in open(verdicts_path) if verdicts_path else []:
        label, _, body = line.rstrip("\n").partition("\t")
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {}
        v = answer.get("verdict") if isinstance(answer, dict) else None
        for run_id in wanted:
            if f"({run_id})" in label and isinstance(v, dict):
                judged[run_id] = (v.get("events", "-"), v.get("verdict", "-"))
    def fmt(value, digits=3):
        return "-" if value is None else f"{value:.{digits}f}"
    print(f"  {'strategy':<15} {'period':<23} {'events':>6} {'verdict':<12} {'return':>8} {'max DD':>7} {'Sharpe':>7} {'Brier':>6} {'mids':>6} {'trades':>6} {'hit':>5} {'fees':>8}  note")
    for run_id in wanted:
        r = runs.get(run_id)
        if not r:
            continue
        s, st = r.get("summary") or {}, r["settings"]
        note = "ORACLE forecasts (a ceiling)" if r["strategy"] == "weather" and st.get("forecasts") in ("oracle", "modelled") else (
            "recorded forecasts" if r["strategy"] == "weather" else "live code path")
        events, verdict = judged.get(run_id, ("-", "-"))
        print(f"  {r['strategy']:<15} {st['from'] + ' … ' + st['to']:<23} {events:>6} {verdict:<12} {s.get('return_pct', 0):>7.2f}% {s.get('max_drawdown_pct', 0):>6.2f}% "
              f"{fmt(s.get('sharpe_daily'), 2):>7} {fmt(s.get('brier')):>6} {fmt(s.get('brier_market')):>6} {s.get('trades', 0):>6} "
              f"{fmt(s.get('hit_rate'), 2):>5} {s.get('fees', 0):>8.2f}  {note}{'' if r['status'] == 'succeeded' else ' (' + r['status'] + ')'}")


def config_history(doc):
    for c in doc["changes"]:
        new = c["new_config"]
        print(f"  {c['changed_at']} {c['source']:<8} {c.get('tuner_run_id') or '':<16} min_edge {new.get('min_edge')}, "
              f"kelly {new.get('kelly_fraction')}, max_stake {new.get('max_stake')}  {c['note']}")


def tuner(doc):
    result = doc.get("result") or {}
    print(f"  tuner run {doc['id']}: {doc['status']}, {result.get('configurations_tried')} configurations, "
          f"{len(result.get('windows', []))} windows; the procedure's out-of-sample return {result.get('procedure_return_pct')}%"
          + (" (ORACLE forecasts)" if result.get("modelled") else ""))
    for w in result.get("windows", []):
        c = w["chosen"]
        print(f"    train {w['train_from']} … {w['train_to']} → chose min_edge {c['min_edge']}, kelly {c['kelly_fraction']}, "
              f"max ${c['max_stake']}; test {w['test_from']} … {w['test_to']}: {w['test_return_pct']:.2f}%")
    print(f"  {'min_edge':>8} {'kelly':>6} {'max $':>6} {'OOS Sharpe':>10} {'OOS return':>10} {'trades':>6} {'deflated':>9}")
    for r in result.get("ranking", []):
        c = r["configuration"]
        sharpe = "-" if r.get("oos_sharpe") is None else f"{r['oos_sharpe']:.3f}"
        deflated = "-" if r.get("deflated_sharpe") is None else f"{r['deflated_sharpe']:.3f}"
        print(f"  {c['min_edge']:>8} {c['kelly_fraction']:>6} {c['max_stake']:>6} {sharpe:>10} {r['oos_return_pct']:>9.2f}% "
              f"{r['trades']:>6} {deflated:>9}")


if __name__ == "__main__":
    document = json.load(sys.stdin)
    if len(sys.argv) > 2 and sys.argv[1] == "compare":
        compare(document, *sys.argv[2:4])
    elif len(sys.argv) > 2:
        globals()[sys.argv[1]](document, *sys.argv[2:])
    else:
        globals()[sys.argv[1]](document)
