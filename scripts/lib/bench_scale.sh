# Scale figures for scripts/bench (sourced; expects BIN, DATABASE_URL, PIDS, wait_live, free_port):
# run-all with 1,000 and 10,000 portfolios over the full universe, the price updater over 100,000
# open positions, and the PostgreSQL connections in use at peak with every service running.
# shellcheck shell=bash

bench_scale() {
  psql "$DATABASE_URL" -qc "CREATE DATABASE scale"
  local DATABASE_URL="${DATABASE_URL%/*}/scale"
  local sim_port sim_clob_port sim_data_port events_port markets_port orch_port paper_port
  sim_port=$(free_port); sim_clob_port=$(free_port); sim_data_port=$(free_port)
  events_port=$(free_port); markets_port=$(free_port); orch_port=$(free_port); paper_port=$(free_port)
  local env_common=(DATABASE_URL="$DATABASE_URL" POLYMARKET_GAMMA_URL="http://127.0.0.1:$sim_port" POLYMARKET_CLOB_URL="http://127.0.0.1:$sim_clob_port"
    POLYMARKET_DATA_URL="http://127.0.0.1:$sim_data_port" PRESCIENT_LOG_LEVEL=warning PRESCIENT_CLOCK=simulator
    EVENTS_URL="http://127.0.0.1:$events_port" MARKETS_URL="http://127.0.0.1:$markets_port"
    PAPER_TRADING_URL="http://127.0.0.1:$paper_port" PRICE_UPDATE_INTERVAL_S=86400 SERVICE_CALL_TIMEOUT_S=3600)
  declare -A strategy_ports=()
  for name in momentum mean-reversion arbitrage hybrid; do
    strategy_ports[$name]=$(free_port)
    local var; var=$(echo "$name" | tr 'a-z-' 'A-Z_')
    env_common+=("${var}_URL=http://127.0.0.1:${strategy_ports[$name]}")
  done
  SIMULATOR_PORT=$sim_port SIMULATOR_CLOB_PORT=$sim_clob_port SIMULATOR_DATA_PORT=$sim_data_port SIMULATOR_WS_PORT=$(free_port) SIMULATOR_WEATHER_PORT=$(free_port) "$BIN/simulator" --dataset "$PRESCIENT_ROOT/Fixtures/polymarket" >/tmp/prescient-bench-scale-sim.log 2>&1 &
  PIDS+=($!)
  env "${env_common[@]}" EVENTS_PORT=$events_port "$BIN/events" >/tmp/prescient-bench-scale-events.log 2>&1 &
  PIDS+=($!)
  env "${env_common[@]}" MARKETS_PORT=$markets_port "$BIN/markets" >/tmp/prescient-bench-scale-markets.log 2>&1 &
  PIDS+=($!)
  env "${env_common[@]}" PAPER_TRADING_PORT=$paper_port "$BIN/paper-trading" >/tmp/prescient-bench-scale-paper.log 2>&1 &
  PIDS+=($!)
  for name in momentum mean-reversion arbitrage hybrid; do
    local var; var=$(echo "$name" | tr 'a-z-' 'A-Z_')
    env "${env_common[@]}" "${var}_PORT=${strategy_ports[$name]}" "$BIN/$name" >"/tmp/prescient-bench-scale-$name.log" 2>&1 &
    PIDS+=($!)
  done
  env "${env_common[@]}" ORCHESTRATOR_PORT=$orch_port "$BIN/orchestrator" >/tmp/prescient-bench-scale-orchestrator.log 2>&1 &
  PIDS+=($!)
  for port in $sim_port $events_port $markets_port $paper_port $orch_port "${strategy_ports[@]}"; do wait_live "$port"; done

  # Connections in use, sampled every 100 ms while the runs go on by one psql session
  # (`\watch`), which counts itself: a new psql per sample cost a tenth of this machine's CPU.
  local samples=/tmp/prescient-bench-scale-connections
  psql "$DATABASE_URL" -tA >"$samples" 2>/dev/null <<'SQL' &
SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' \watch 0.1
SQL
  local sampler=$!
  PIDS+=("$sampler")

  log "first data collection (full universe)"
  curl -fsS -X POST "http://127.0.0.1:$orch_port/trading/run-all-portfolios" -d '' >/dev/null
  echo "== run-all-portfolios with 1,000 portfolios (250 per strategy) over the full universe"
  python3 "$PRESCIENT_ROOT/scripts/lib/seed_portfolios.py" "$paper_port" 1000 1
  if [ "${BENCH_SCALE_PROFILE:-0}" = 1 ]; then
    psql "$DATABASE_URL" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null
  fi
  local run1k=/tmp/prescient-bench-scale-run1k.json run10k=/tmp/prescient-bench-scale-run10k.json
  # BENCH_PERF=FILE records every service's stacks during the 1,000-portfolio run (perf from
  # Debian's linux-perf; read with `perf report -i FILE --sort comm,sym`).
  if [ -n "${BENCH_PERF:-}" ]; then perf record -e cpu-clock -F 300 -g -o "$BENCH_PERF" -p "$(IFS=,; echo "${PIDS[*]}")" >/dev/null 2>&1 & perfpid=$!; sleep 1; fi
  curl -fsS -X POST "http://127.0.0.1:$orch_port/trading/run-all-portfolios" -d '' >"$run1k"
  if [ -n "${BENCH_PERF:-}" ]; then kill -INT $perfpid; wait $perfpid || true; fi
  if [ "${BENCH_SCALE_PROFILE:-0}" = 1 ]; then
    echo "-- statements by total time in the 1,000-portfolio run (pg_stat_statements)"
    echo "-- CPU seconds per process so far (collection + the run)"
    ps -o comm=,times= -p "$(IFS=,; echo "${PIDS[*]}")" | awk '{printf "  %-16s %6.1f s\n", $1, $2}'
    ps -o comm=,times= -C postgres | awk '{s+=$2} END {printf "  %-16s %6.1f s\n", "postgres (all)", s}'
    echo "-- cycle steps of the run: wall time from the first start to the last finish, and the sum of their durations"
    psql "$DATABASE_URL" -c "SELECT s.step, count(*) AS cycles, round(extract(epoch FROM max(s.finished_at) - min(s.started_at))::numeric, 2) AS wall_s,
      round(extract(epoch FROM sum(s.finished_at - s.started_at))::numeric, 1) AS summed_s, min(s.started_at)::time(2) AS first_start
      FROM cycle_steps s JOIN trading_cycles c ON c.id = s.cycle_id
      WHERE c.run_id = (SELECT run_id FROM trading_cycles ORDER BY started_at DESC LIMIT 1) GROUP BY s.step, s.position ORDER BY s.position"
    psql "$DATABASE_URL" -c "SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15"
  fi
  if [ "${BENCH_SCALE_MAX:-10000}" -ge 10000 ]; then
    echo "== run-all-portfolios with 10,000 portfolios (2,500 per strategy)"
    python3 "$PRESCIENT_ROOT/scripts/lib/seed_portfolios.py" "$paper_port" 9000 1001
    curl -fsS -X POST "http://127.0.0.1:$orch_port/trading/run-all-portfolios" -d '' >"$run10k"
  else
    echo "(10,000-portfolio run skipped: BENCH_SCALE_MAX=${BENCH_SCALE_MAX})"
    echo '{}' >"$run10k"
  fi
  python3 - "$run1k" "$run10k" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def line(r):
    trades = sum(x["trades_executed"] for x in r["results"])
    return (f"{r['duration_ms']/1000:.2f} s for {r['portfolios_processed']} portfolios ({r['portfolios_failed']} failed, "
            f"{trades} trades), of which shared data {r['shared_data']['duration_ms']/1000:.2f} s")
print(f"1,000:  {line(a)} (target <= 10 s in all)")
if not b:
    sys.exit(0)
print(f"10,000: {line(b)}")
marginal = (b["duration_ms"] - b["shared_data"]["duration_ms"] - a["duration_ms"] + a["shared_data"]["duration_ms"]) / 9000
print(f"marginal cost per portfolio: {marginal:.2f} ms (from 1,000 to 10,000, shared data excluded)")
PY

  echo "== price updater: one pass over 100,000 open positions"
  psql "$DATABASE_URL" -qc "
  UPDATE portfolio_positions SET status = 'closed', closed_at = now() WHERE status = 'open';
  INSERT INTO portfolio_positions (portfolio_id, market_id, token_id, outcome, shares, cost_basis)
  SELECT p.id, m.id, m.yes_token_id, 'YES', 100, 50
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM portfolios ORDER BY id LIMIT 1000) p
  JOIN LATERAL (SELECT id, yes_token_id FROM markets WHERE passes_quality_filter
                ORDER BY id OFFSET ((p.k - 1) * 100) % 8000 LIMIT 100) m ON TRUE;"
  echo "positions: $(psql "$DATABASE_URL" -tAc "SELECT count(*) || ' open, ' || count(DISTINCT token_id) || ' tokens, ' || count(DISTINCT portfolio_id) || ' portfolios' FROM portfolio_positions WHERE status = 'open'")"
  local pass
  [ "${BENCH_SCALE_PROFILE:-0}" = 1 ] && psql "$DATABASE_URL" -qc "SELECT pg_stat_statements_reset()" >/dev/null
  pass=$(curl -fsS -X POST "http://127.0.0.1:$paper_port/paper-trading/price-updater/run" -d '')
  echo "updater pass: $pass (target <= 2000 ms)"
  if [ "${BENCH_SCALE_PROFILE:-0}" = 1 ]; then
    psql "$DATABASE_URL" -c "SELECT calls, round(total_exec_time) AS total_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 120) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8"
  fi

  kill "$sampler" 2>/dev/null || true
  echo "== PostgreSQL connections at peak, every service running"
  echo "peak: $(awk 'NF && $1 + 0 > max { max = $1 + 0 } END { print max - 1 }' "$samples") client connections (the server's default max_connections is 100)"
}
