# Live-tier figures for scripts/bench (sourced; expects BIN, DATABASE_URL, PIDS, wait_live,
# free_port): the decode-and-fold rate on one core (prescient-bench-live), then the whole path —
# the simulator's market channel over a socket, our WebSocket client, the folder and detector,
# snapshot rows in PostgreSQL — with 500 subscribed assets (250 watched markets):
#  1. sustained ticks/s and snapshot rows/s with the default detector, fed (a) by the simulator's
#     channel publishing as fast as it can, the simulated clock a minute ahead at each publication
#     (its book-making is the limit there), and (b) by `prescient-bench-live serve`, a channel
#     that sends documented `price_change` messages as fast as the socket takes them;
#  2. tick-to-signal latency p50/p95 with thresholds low enough that the walk fires the detector
#     often (from the tick handed to the live tier to the signal's row committed).
# shellcheck shell=bash

bench_live() {
  echo "== live tier: market-channel messages decoded and folded into 10-second snapshots (one core)"
  "$BIN/prescient-bench-live" 200000

  psql "$DATABASE_URL" -qc "CREATE DATABASE live_bench"
  local DATABASE_URL="${DATABASE_URL%/*}/live_bench"
  local sim_port sim_clob_port sim_data_port sim_ws_port markets_port live_port
  sim_port=$(free_port); sim_clob_port=$(free_port); sim_data_port=$(free_port); sim_ws_port=$(free_port)
  markets_port=$(free_port); live_port=$(free_port)
  local env_common=(DATABASE_URL="$DATABASE_URL" POLYMARKET_GAMMA_URL="http://127.0.0.1:$sim_port"
    POLYMARKET_CLOB_URL="http://127.0.0.1:$sim_clob_port" POLYMARKET_DATA_URL="http://127.0.0.1:$sim_data_port"
    POLYMARKET_WS_URL="ws://127.0.0.1:$sim_ws_port/ws/market" PRESCIENT_LOG_LEVEL=warning PRESCIENT_CLOCK=simulator
    LIVE_BACKFILL_S=0 LIVE_WATCHLIST_REFRESH_S=1 LIVE_TRADES_POLL_S=0 SCORECARD_INTERVAL_S=0)
  SIMULATOR_PORT=$sim_port SIMULATOR_CLOB_PORT=$sim_clob_port SIMULATOR_DATA_PORT=$sim_data_port SIMULATOR_WS_PORT=$sim_ws_port SIMULATOR_WEATHER_PORT=$(free_port) \
    "$BIN/simulator" --dataset "$PRESCIENT_ROOT/Fixtures/polymarket" >/tmp/prescient-bench-live-sim.log 2>&1 &
  PIDS+=($!)
  env "${env_common[@]}" MARKETS_PORT=$markets_port "$BIN/markets" >/tmp/prescient-bench-live-markets.log 2>&1 &
  PIDS+=($!)
  wait_live "$sim_port"; wait_live "$markets_port"
  curl -fsS "http://127.0.0.1:$markets_port/markets/export-all-markets-db" >/dev/null
  # 250 open two-token markets (500 assets), most liquid first, as if an operator added them.
  psql "$DATABASE_URL" -qc "INSERT INTO live_watchlist (condition_id, note)
    SELECT condition_id, 'bench' FROM (SELECT DISTINCT ON (condition_id) condition_id, liquidity FROM markets
      WHERE passes_quality_filter AND in_open_universe AND yes_token_id IS NOT NULL AND no_token_id IS NOT NULL
      ORDER BY condition_id, liquidity DESC) m ORDER BY liquidity DESC LIMIT 250"

  local live_pid
  live_run() { # extra environment → starts live-signals, waits for its 500 assets
    env "${env_common[@]}" LIVE_SIGNALS_PORT=$live_port "$@" "$BIN/live-signals" >>/tmp/prescient-bench-live.log 2>&1 &
    live_pid=$!
    PIDS+=($live_pid)
    wait_live "$live_port"
    until curl -fsS "http://127.0.0.1:$live_port/live/status" | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s["assets"] >= 500 and s["connects"] >= 1 else 1)' 2>/dev/null; do
      sleep 0.2
    done
  }
  status() { curl -fsS "http://127.0.0.1:$live_port/live/status"; }
  channel() { curl -fsS -X POST "http://127.0.0.1:$sim_port/sim/ws" -H 'Content-Type: application/json' -d "$1" >/dev/null; }
  local seconds="${BENCH_LIVE_SECONDS:-20}"

  sustained() { # label → measures the running live-signals service for $seconds
    local before after
    sleep 2
    before=$(status)
    sleep "$seconds"
    after=$(status)
    python3 - "$before" "$after" "$seconds" "$1" <<'PY'
import json, sys
a, b, seconds, label = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
events = (b["events"] - a["events"]) / seconds
ticks = (b["ticks"] - a["ticks"]) / seconds
rows = (b["snapshots_written"] - a["snapshots_written"]) / seconds
print(f"{label}: {events:,.0f} channel messages/s, {ticks:,.0f} ticks/s (asset updates), {rows:,.0f} snapshot rows/s written "
      f"over {b['assets']} assets on {b['shards']} connection(s); {b['snapshots_pending']} rows waiting at the end, "
      f"{b['store_failures']} store failures (target >= 20,000 messages/s)")
PY
  }

  echo "== live tier: 500 assets through the socket, the client, the folder and detector into snapshot rows (${seconds} s each)"
  channel '{"interval_ms":1000,"advance_seconds":0}'
  live_run
  channel '{"interval_ms":1,"advance_seconds":60}'
  sustained "fed by the simulator"
  channel '{"interval_ms":1000,"advance_seconds":0}'
  kill -TERM "$live_pid" 2>/dev/null || true
  wait "$live_pid" 2>/dev/null || true
  local source_port
  source_port=$(free_port)
  "$BIN/prescient-bench-live" serve "$source_port" >/tmp/prescient-bench-live-source.log 2>&1 &
  local source_pid=$!
  PIDS+=($source_pid)
  live_run POLYMARKET_WS_URL="ws://127.0.0.1:$source_port/ws/market"
  sustained "fed by prescient-bench-live serve"
  kill -TERM "$live_pid" "$source_pid" 2>/dev/null || true
  wait "$live_pid" 2>/dev/null || true

  echo "== live tier: tick-to-signal latency (thresholds lowered so the walk fires the detector; 10 publications/s)"
  live_run LIVE_MIN_VELOCITY=0.00005 LIVE_COOLDOWN_S=600 LIVE_MAX_SPREAD_BPS=20000 LIVE_MIN_DEPTH=0
  channel '{"interval_ms":100,"advance_seconds":60}'
  sleep "$seconds"
  after=$(status)
  channel '{"interval_ms":1000,"advance_seconds":0}'
  python3 - "$after" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
print(f"tick-to-signal over {s['detections']:,} signals: p50 {s['tick_to_signal_p50_ms']} ms, p95 {s['tick_to_signal_p95_ms']} ms "
      f"(target p95 < 1,000 ms; the design accepts 70 s and calls < 15 s premium)")
PY
  kill -TERM "$live_pid" 2>/dev/null || true
  wait "$live_pid" 2>/dev/null || true
}
