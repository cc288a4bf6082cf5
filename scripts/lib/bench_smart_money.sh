# Smart-money figures for scripts/bench (sourced; expects BIN, DATABASE_URL, PIDS, wait_live,
# free_port): one scanner pass (69 markets, Level 1 + Level 2) and a refresh of every wallet of
# the simulated population, both against the simulator with Polymarket's published rate limits
# enforced (a request beyond them is refused with 429) and the client pacing itself at them.
# shellcheck shell=bash

bench_smart_money() {
  psql "$DATABASE_URL" -qc "CREATE DATABASE smart_money"
  local DATABASE_URL="${DATABASE_URL%/*}/smart_money"
  local sim_port sim_clob_port sim_data_port markets_port wallets_port
  sim_port=$(free_port); sim_clob_port=$(free_port); sim_data_port=$(free_port); markets_port=$(free_port); wallets_port=$(free_port)
  local env_common=(DATABASE_URL="$DATABASE_URL" POLYMARKET_GAMMA_URL="http://127.0.0.1:$sim_port" POLYMARKET_CLOB_URL="http://127.0.0.1:$sim_clob_port"
    POLYMARKET_DATA_URL="http://127.0.0.1:$sim_data_port" PRESCIENT_LOG_LEVEL=warning PRESCIENT_CLOCK=simulator PRESCIENT_HANDLER_TIMEOUT_S=3600
    WALLETS_REFRESH_INTERVAL_S=0 SEER_SCAN_INTERVAL_S=0 SERVICE_CALL_TIMEOUT_S=3600)
  SIM_RATE_LIMITS=1 SIMULATOR_PORT=$sim_port SIMULATOR_CLOB_PORT=$sim_clob_port SIMULATOR_DATA_PORT=$sim_data_port SIMULATOR_WS_PORT=$(free_port) SIMULATOR_WEATHER_PORT=$(free_port) \
    "$BIN/simulator" --dataset "$PRESCIENT_ROOT/Fixtures/polymarket" >/tmp/prescient-bench-sm-sim.log 2>&1 &
  PIDS+=($!)
  env "${env_common[@]}" MARKETS_PORT=$markets_port "$BIN/markets" >/tmp/prescient-bench-sm-markets.log 2>&1 &
  PIDS+=($!)
  env "${env_common[@]}" WALLETS_PORT=$wallets_port "$BIN/wallets" >/tmp/prescient-bench-sm-wallets.log 2>&1 &
  PIDS+=($!)
  wait_live "$sim_port"; wait_live "$markets_port"; wait_live "$wallets_port"
  curl -fsS "http://127.0.0.1:$markets_port/markets/export-all-markets-db" >/dev/null
  # The limits' windows start empty after the export.
  sleep 10

  echo "== smart money: one scanner pass at Polymarket's published rate limits (simulator refusing beyond them)"
  local scan
  scan=$(curl -fsS -X POST "http://127.0.0.1:$wallets_port/smart-money/scan" -d '')
  python3 - "$scan" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
seconds = s["duration_ms"] / 1000
floor = s["rate_floor_s"]
print(f"scan: {s['markets_scanned']} markets at Level 1 ({s['level1_calls']} /v1/market-positions), {s['level2_calls']} more at Level 2, "
      f"{s['profiles_refreshed']} profiles read ({s['profile_calls']} /activity, {s['gamma_calls']} Gamma) in {seconds:.2f} s")
print(f"      rate budget floor (calls / published rate, per family, phase after phase) {floor:.2f} s; "
      f"pass = {seconds / floor:.2f}x the floor (target <= 1.20x)")
PY

  echo "== smart money: profile refresh throughput (every wallet of the population, read again)"
  local addresses refresh
  addresses=$(curl -fsS "http://127.0.0.1:$sim_port/sim/wallets/truth" | python3 -c 'import json,sys; print(json.dumps({"addresses":[w["address"] for w in json.load(sys.stdin)["wallets"]]}))')
  sleep 10
  refresh=$(curl -fsS -X POST "http://127.0.0.1:$wallets_port/wallets/refresh" -H 'Content-Type: application/json' -d "$addresses")
  python3 - "$refresh" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
seconds = r["duration_ms"] / 1000
floor = r["data_calls"] / 100 + r["gamma_calls"] / 30
print(f"refresh: {r['refreshed']} wallets ({r['fills']} fills, {r['data_calls']} Data API + {r['gamma_calls']} Gamma calls, "
      f"{len(r['failed'])} failed) in {seconds:.2f} s = {r['refreshed'] / seconds:.0f} wallets/s; "
      f"the Data API's 1,000 requests per 10 s allow {r['refreshed'] / max(floor, 1e-9):.0f} wallets/s at most")
PY
  echo "429s the simulator answered: $(curl -fsS "http://127.0.0.1:$sim_port/metrics" | awk '/http_requests_total/ && /status="429"/ {s += $2} END {print s + 0}')"
}
