# Backtest figures for scripts/bench (sourced; expects BIN, DATABASE_URL, PIDS, wait_live, free_port):
# a 90-day weather backtest at 30-minute steps over every recorded weather market (London, Munich,
# NYC, Tokyo), through the backtests service: wall time from the request to the result, simulated
# steps a second, and markets × steps a second (target: under 30 s). A speed figure, so it runs on
# the oracle forecast (which trades every city); what the strategy is worth is `bench_evidence`'s.
# shellcheck shell=bash

bench_backtest() {
  psql "$DATABASE_URL" -qc "CREATE DATABASE backtest_bench"
  local DATABASE_URL="${DATABASE_URL%/*}/backtest_bench"
  local port
  port=$(free_port)
  DATABASE_URL="$DATABASE_URL" BACKTESTS_PORT=$port BACKTEST_DATA_DIR="$PRESCIENT_ROOT/Fixtures/polymarket" PRESCIENT_LOG_LEVEL=warning \
    "$BIN/backtests" >/tmp/prescient-bench-backtests.log 2>&1 &
  PIDS+=($!)
  wait_live "$port"
  echo "== backtest: 90 days (2026-03-01 … 05-29) at 30-minute steps over every recorded weather market"
  local started id run
  started=$(date +%s.%N)
  id=$(curl -fsS -X POST "http://127.0.0.1:$port/backtests" -H 'Content-Type: application/json' \
    -d '{"strategy":"weather","from":"2026-03-01","to":"2026-05-29","step_seconds":1800,"forecasts":"oracle"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while true; do
    run=$(curl -fsS "http://127.0.0.1:$port/backtests/$id")
    python3 -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1])["status"] == "running" else 1)' "$run" || break
    sleep 0.2
  done
  python3 - "$run" "$started" "$(date +%s.%N)" "$PRESCIENT_ROOT" <<'PY'
import gzip, json, sys
run, started, ended = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
markets = 0
for city in ["london", "munich", "nyc", "tokyo"]:
    path = f"{sys.argv[4]}/Fixtures/polymarket/clob-prices-history/prices_history_weather_{city}_2026-03-01_to_2026-06-20.json.gz"
    markets += sum(len(m["buckets"]) for m in json.load(gzip.open(path))["markets"] if "2026-03-01" <= m["date"] <= "2026-05-29")
seconds = ended - started
s = run["summary"] or {}
steps = run["steps_total"]
print(f"backtest {run['status']}: {steps:,} steps in {seconds:.2f} s (request to result, history loading included) = {steps / seconds:,.0f} steps/s, "
      f"{markets:,} markets x {steps:,} steps = {markets * steps / seconds:,.0f} market-steps/s (target < 30 s)")
print(f"  {s.get('trades')} trades, return {s.get('return_pct')}%, max drawdown {s.get('max_drawdown_pct')}%, fees {s.get('fees')}, "
      f"hit rate {s.get('hit_rate')}, Brier {s.get('brier')} vs the mids' {s.get('brier_market')} (oracle forecasts, the observed high plus a seeded error: a ceiling, not evidence)")
PY
  echo "== backtest with the real recorded forecasts: 2026-06-20 … 07-03, quotes and touch from the recorded Gamma snapshots"
  id=$(curl -fsS -X POST "http://127.0.0.1:$port/backtests" -H 'Content-Type: application/json' \
    -d '{"strategy":"weather","from":"2026-06-20","to":"2026-07-03","forecasts":"recorded"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while curl -fsS "http://127.0.0.1:$port/backtests/$id" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["status"] == "running" else 1)'; do
    sleep 0.2
  done
  python3 - "$(curl -fsS "http://127.0.0.1:$port/backtests/$id?full=true")" <<'PY'
import json, sys
run = json.loads(sys.argv[1])
r, s = run["result"], run["summary"]
b = r["buckets"]
print(f"recorded forecasts: {s['trades']} trades, {s['settled']} settled (only 9 NYC days resolved in the recording), "
      f"realised P&L after fees {s['realized_pnl']}, fees {s['fees']}, return {s['return_pct']}% (open positions at their last quote)")
print(f"  bucket probabilities on the resolved days: Brier {b.get('brier')} over {b['pairs']} (bucket, step) pairs "
      f"vs the market mids {b.get('brier_market')}: skill {b.get('skill')}; per event {s.get('event_skill')}")
PY
}

# A 50-configuration walk-forward (5 × 5 × 2 grid) over 2026-03-01 … 04-30 with 30 training and 15
# test days (2 windows: 200 backtests), through the backtests service (target: under 10 minutes).
bench_tuner() {
  local port
  port=$(free_port)
  DATABASE_URL="${DATABASE_URL%/*}/backtest_bench" BACKTESTS_PORT=$port BACKTEST_DATA_DIR="$PRESCIENT_ROOT/Fixtures/polymarket" \
    PRESCIENT_LOG_LEVEL=warning "$BIN/backtests" >/tmp/prescient-bench-tuner.log 2>&1 &
  PIDS+=($!)
  wait_live "$port"
  echo "== walk-forward: 50 configurations, 2026-03-01 … 04-30, 30 training + 15 test days"
  local started id run
  started=$(date +%s.%N)
  id=$(curl -fsS -X POST "http://127.0.0.1:$port/tuner-runs" -H 'Content-Type: application/json' -d '{"strategy":"weather","from":"2026-03-01",
    "to":"2026-04-30","train_days":30,"test_days":15,"grid":{"min_edge":[0.02,0.04,0.06,0.08,0.1],"kelly_fraction":[0.1,0.2,0.25,0.35,0.5],
    "max_stake":[100,250]}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while true; do
    run=$(curl -fsS "http://127.0.0.1:$port/tuner-runs/$id")
    python3 -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1])["status"] == "running" else 1)' "$run" || break
    sleep 1
  done
  python3 - "$run" "$started" "$(date +%s.%N)" <<'PY'
import json, sys
run, started, ended = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
s = run["summary"] or {}
print(f"walk-forward {run['status']}: {run['steps_total']} backtests in {ended - started:.1f} s (target < 600 s); "
      f"best {s.get('best')} with deflated Sharpe {s.get('best_deflated_sharpe')}; the procedure's out-of-sample return "
      f"{s.get('procedure_return_pct')}% (recorded forecasts: before June 20 only NYC has them)")
PY
}
