# Scale figures for scripts/bench (sourced; expects BIN, DATABASE_URL, PIDS, wait_live, free_port):
# five run-alls an hour apart over the full universe moving as a live one (SIM_GAMMA_MOVES) with
# 1,000 portfolios of 1,000 distinct configurations, the same on books 1,000 times deeper (every
# signal can fill), and 10,000 portfolios; each cycle's signals, trades executed and refused; the
# price updater over 100,000 open positions; the PostgreSQL connections in use at peak.
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
    PAPER_TRADING_URL="http://127.0.0.1:$paper_port" PRICE_UPDATE_INTERVAL_S=86400 SERVICE_CALL_TIMEOUT_S=3600
    PRESCIENT_HANDLER_TIMEOUT_S=3600)
  declare -A strategy_ports=()
  for name in momentum mean-reversion arbitrage hybrid; do
    strategy_ports[$name]=$(free_port)
    local var; var=$(echo "$name" | tr 'a-z-' 'A-Z_')
    env_common+=("${var}_URL=http://127.0.0.1:${strategy_ports[$name]}")
  done
  # The simulator as a live universe: Gamma's prices, touch and volumes move with its clock.
  start_scale_simulator() {
    SIM_GAMMA_MOVES=1 SIM_BOOK_DEPTH="$1" SIMULATOR_PORT=$sim_port SIMULATOR_CLOB_PORT=$sim_clob_port SIMULATOR_DATA_PORT=$sim_data_port \
      SIMULATOR_WS_PORT=$(free_port) SIMULATOR_WEATHER_PORT=$(free_port) "$BIN/simulator" --dataset "$PRESCIENT_ROOT/Fixtures/polymarket" \
      >/tmp/prescient-bench-scale-sim.log 2>&1 &
    sim_pid=$!
    PIDS+=("$sim_pid")
  }
  local sim_pid sim_hours=0
  start_scale_simulator 1
  # A restarted simulator starts at the recording: move its clock to where the last one stood.
  resume_clock() {
    if [ "$sim_hours" -gt 0 ]; then
      curl -fsS -X POST "http://127.0.0.1:$sim_port/sim/advance" -d "{\"seconds\":$((sim_hours * 3600))}" >/dev/null
    fi
  }
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
  if [ "${BENCH_SCALE_PROFILE:-0}" = 1 ]; then
    psql "$DATABASE_URL" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 ||
      echo "(pg_stat_statements is not loaded in this cluster: no statement figures)"
  fi

  # Five cycles of every active portfolio, the simulator's clock an hour further before each of
  # cycles 2-5 (Gamma's payloads change, positions are held, exits and settlement run). Each line:
  # the run's time with its shared data, signals, trades executed and refused, positions open.
  run_five_cycles() {
    local label=$1 cycle answer
    for cycle in $(seq 1 "${BENCH_SCALE_CYCLES:-5}"); do
      if [ "$cycle" -gt 1 ]; then
        curl -fsS -X POST "http://127.0.0.1:$sim_port/sim/advance" -d '{"seconds":3600}' >/dev/null
        sim_hours=$((sim_hours + 1))
      fi
      answer=/tmp/prescient-bench-scale-$label-$cycle.json
      curl -fsS -X POST "http://127.0.0.1:$orch_port/trading/run-all-portfolios" -d '' >"$answer"
      python3 - "$answer" "$cycle" "$DATABASE_URL" <<'PY'
import json, subprocess, sys
run, cycle, url = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
counts = subprocess.run(["psql", url, "-tA", "-F", " ", "-c",
    "SELECT count(*) FILTER (WHERE s.status = 'rejected'), count(*) FILTER (WHERE s.status = 'pending'),"
    " (SELECT count(*) FROM portfolio_positions x JOIN portfolios p ON p.id = x.portfolio_id WHERE x.status = 'open' AND p.status <> 'archived')"
    f" FROM trading_signals s JOIN trading_cycles c ON c.id = s.cycle_id WHERE c.run_id = '{run['run_id']}'"],
    capture_output=True, text=True, check=True).stdout.split()
signals = sum(r["signals_generated"] for r in run["results"])
trades = sum(r["trades_executed"] for r in run["results"])
print(f"  cycle {cycle}: {run['duration_ms']/1000:6.2f} s (shared data {run['shared_data']['duration_ms']/1000:.2f} s) for "
      f"{run['portfolios_processed']} portfolios ({run['portfolios_failed']} failed): {signals} signals, {trades} trades executed, "
      f"{counts[0]} refused, {counts[1]} left pending; {counts[2]} positions open")
PY
    done
  }

  echo "== 1,000 portfolios, 1,000 distinct configurations (250 per strategy), five cycles an hour apart (target <= 10 s each for cycles 2-5)"
  python3 "$PRESCIENT_ROOT/scripts/lib/seed_portfolios.py" "$paper_port" 1000 1
  # BENCH_PERF=FILE records every service's stacks during the 1,000-portfolio cycles (perf from
  # Debian's linux-perf; read with `perf report -i FILE --sort comm,sym`).
  if [ -n "${BENCH_PERF:-}" ]; then perf record -e cpu-clock -F 300 -g -o "$BENCH_PERF" -p "$(IFS=,; echo "${PIDS[*]}")" >/dev/null 2>&1 & perfpid=$!; sleep 1; fi
  run_five_cycles 1k
  if [ -n "${BENCH_PERF:-}" ]; then kill -INT $perfpid; wait $perfpid || true; fi
  if [ "${BENCH_SCALE_PROFILE:-0}" = 1 ]; then
    echo "-- CPU seconds per process so far (collection + the cycles)"
    ps -o comm=,times= -p "$(IFS=,; echo "${PIDS[*]}")" | awk '{printf "  %-16s %6.1f s\n", $1, $2}'
    ps -o comm=,times= -C postgres | awk '{s+=$2} END {printf "  %-16s %6.1f s\n", "postgres (all)", s}'
    echo "-- cycle steps of the last run: wall time from the first start to the last finish, and the sum of their durations"
    psql "$DATABASE_URL" -c "SELECT s.step, count(*) AS cycles, round(extract(epoch FROM max(s.finished_at) - min(s.started_at))::numeric, 2) AS wall_s,
      round(extract(epoch FROM sum(s.finished_at - s.started_at))::numeric, 1) AS summed_s, min(s.started_at)::time(2) AS first_start
      FROM cycle_steps s JOIN trading_cycles c ON c.id = s.cycle_id
      WHERE c.run_id = (SELECT run_id FROM trading_cycles ORDER BY started_at DESC LIMIT 1) GROUP BY s.step, s.position ORDER BY s.position"
    echo "-- statements by total time (pg_stat_statements)"
    psql "$DATABASE_URL" -c "SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15" 2>/dev/null || true
  fi

  if [ "${BENCH_SCALE_DEEP:-1}" = 1 ]; then
  echo "== deep books: 1,000 fresh portfolios of the same configurations, every level 1,000 times deeper, five cycles (target <= 20 s each)"
  psql "$DATABASE_URL" -qc "UPDATE portfolios SET status = 'archived' WHERE status <> 'archived'"
  kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null || true
  start_scale_simulator 1000
  wait_live "$sim_port"
  resume_clock
  python3 "$PRESCIENT_ROOT/scripts/lib/seed_portfolios.py" "$paper_port" 1000 1
  run_five_cycles deep
  fi

  if [ "${BENCH_SCALE_MAX:-10000}" -ge 10000 ]; then
    echo "== 10,000 portfolios, 10,000 distinct configurations, five cycles (target <= 90 s each)"
    psql "$DATABASE_URL" -qc "UPDATE portfolios SET status = 'archived' WHERE status <> 'archived'"
    kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null || true
    start_scale_simulator 1
    wait_live "$sim_port"
    resume_clock
    python3 "$PRESCIENT_ROOT/scripts/lib/seed_portfolios.py" "$paper_port" 10000 1
    run_five_cycles 10k
  else
    echo "(10,000-portfolio cycles skipped: BENCH_SCALE_MAX=${BENCH_SCALE_MAX})"
  fi

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
  if [ "${BENCH_SCALE_PROFILE:-0}" = 1 ]; then psql "$DATABASE_URL" -qc "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true; fi
  pass=$(curl -fsS -X POST "http://127.0.0.1:$paper_port/paper-trading/price-updater/run" -d '')
  echo "updater pass: $pass (target <= 2000 ms)"
  if [ "${BENCH_SCALE_PROFILE:-0}" = 1 ]; then
    psql "$DATABASE_URL" -c "SELECT calls, round(total_exec_time) AS total_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 120) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8" 2>/dev/null || true
  fi

  kill "$sampler" 2>/dev/null || true
  echo "== PostgreSQL connections at peak, every service running"
  echo "peak: $(awk 'NF && $1 + 0 > max { max = $1 + 0 } END { print max - 1 }' "$samples") client connections (the server's default max_connections is 100)"
}
