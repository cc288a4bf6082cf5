# Starting and stopping the local stack in the background. Source after common.sh.
# shellcheck shell=bash

DATA_DIR="$PRESCIENT_ROOT/.data"
STACK_PG_PORT="${PRESCIENT_PG_PORT:-55432}"

# Service name → "executable port-variable port" (see ports.md).
stack_services() {
  cat <<LIST
simulator SIMULATOR_PORT ${SIMULATOR_PORT:-8900}
events EVENTS_PORT ${EVENTS_PORT:-8000}
markets MARKETS_PORT ${MARKETS_PORT:-8001}
momentum MOMENTUM_PORT ${MOMENTUM_PORT:-8002}
paper-trading PAPER_TRADING_PORT ${PAPER_TRADING_PORT:-8003}
orchestrator ORCHESTRATOR_PORT ${ORCHESTRATOR_PORT:-8004}
mean-reversion MEAN_REVERSION_PORT ${MEAN_REVERSION_PORT:-8005}
arbitrage ARBITRAGE_PORT ${ARBITRAGE_PORT:-8006}
hybrid HYBRID_PORT ${HYBRID_PORT:-8007}
wallets WALLETS_PORT ${WALLETS_PORT:-8008}
smart-money SMART_MONEY_PORT ${SMART_MONEY_PORT:-8009}
live-signals LIVE_SIGNALS_PORT ${LIVE_SIGNALS_PORT:-8010}
live-momentum LIVE_MOMENTUM_PORT ${LIVE_MOMENTUM_PORT:-8011}
weather WEATHER_PORT ${WEATHER_PORT:-8013}
backtests BACKTESTS_PORT ${BACKTESTS_PORT:-8012}
dashboard DASHBOARD_PORT ${DASHBOARD_PORT:-8015}
LIST
}

# Starts (or reuses) the database: DATABASE_URL if given, else a private cluster.
stack_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "using DATABASE_URL"
    return
  fi
  local dir
  dir=$(private_pg_dir stack)
  if ! as_db_owner "$(pg_bin_dir)/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    log "starting a private PostgreSQL on 127.0.0.1:$STACK_PG_PORT ($dir)"
    start_private_postgres "$dir" "$STACK_PG_PORT"
  fi
  psql -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='prescient'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres -qc "CREATE DATABASE prescient"
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$STACK_PG_PORT/prescient"
}

# start_service NAME PORTVAR PORT [ARGS...]: runs the release binary in the background.
start_service() {
  local name="$1" var="$2" port="$3"
  shift 3
  local bin
  bin="$(bin_path)/$name"
  mkdir -p "$DATA_DIR/logs" "$DATA_DIR/pids"
  if [ -f "$DATA_DIR/pids/$name.pid" ] && kill -0 "$(cat "$DATA_DIR/pids/$name.pid")" 2>/dev/null; then
    log "$name already running (pid $(cat "$DATA_DIR/pids/$name.pid"))"
    return
  fi
  env "$var=$port" \
    POLYMARKET_GAMMA_URL="${POLYMARKET_GAMMA_URL:-http://127.0.0.1:${SIMULATOR_PORT:-8900}}" \
    POLYMARKET_CLOB_URL="${POLYMARKET_CLOB_URL:-http://127.0.0.1:${SIMULATOR_CLOB_PORT:-8901}}" \
    POLYMARKET_DATA_URL="${POLYMARKET_DATA_URL:-http://127.0.0.1:${SIMULATOR_DATA_PORT:-8902}}" \
    SIMULATOR_CLOB_PORT="${SIMULATOR_CLOB_PORT:-8901}" SIMULATOR_DATA_PORT="${SIMULATOR_DATA_PORT:-8902}" SIMULATOR_WS_PORT="${SIMULATOR_WS_PORT:-8903}" \
    SIMULATOR_WEATHER_PORT="${SIMULATOR_WEATHER_PORT:-8904}" OPEN_METEO_URL="${OPEN_METEO_URL:-http://127.0.0.1:${SIMULATOR_WEATHER_PORT:-8904}}" \
    POLYMARKET_WS_URL="${POLYMARKET_WS_URL:-ws://127.0.0.1:${SIMULATOR_WS_PORT:-8903}/ws/market}" \
    PRESCIENT_CLOCK="${PRESCIENT_CLOCK:-simulator}" BACKTEST_DATA_DIR="${BACKTEST_DATA_DIR:-$PRESCIENT_ROOT/Fixtures/polymarket}" \
    nohup "$bin" "$@" >"$DATA_DIR/logs/$name.log" 2>&1 &
  echo $! >"$DATA_DIR/pids/$name.pid"
  local waited=0
  until curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1; do
    kill -0 "$(cat "$DATA_DIR/pids/$name.pid")" 2>/dev/null || { tail -n 20 "$DATA_DIR/logs/$name.log" >&2; die "$name exited"; }
    sleep 0.2
    waited=$((waited + 1))
    [ "$waited" -lt 900 ] || die "$name did not become live"
  done
  log "$name live on :$port"
}

# stop_services NAME...: asks every named service to stop at once, waits up to 10 s for all of
# them (each drains on its own, so stopping them one after another added their drains up), then
# kills any still running.
stop_services() {
  local name pid pids=() names=()
  for name in "$@"; do
    local pidfile="$DATA_DIR/pids/$name.pid"
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      pids+=("$pid")
      names+=("$name")
    fi
    rm -f "$pidfile"
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  local left
  for _ in $(seq 1 100); do
    left=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
    [ "$left" = 1 ] || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"; done
  log "stopped: ${names[*]}"
}

