# A second, small world for the weather strategy trading live: the simulator started on the
# recorded weather events of 2026-06-22 00:01 UTC (its clock starts there, inside the recorded
# forecasts), with events, markets, paper trading, the orchestrator and the weather strategy on
# ports 8920–8929 and a database of its own (`prescient_weather` beside the stack's), so the main
# stack's 2026-03-11 world is left alone. Source after common.sh and stack.sh.
# shellcheck shell=bash

WEATHER_WORLD_DIR="$PRESCIENT_ROOT/.data/weather-world"
WEATHER_WORLD_RUN="gamma-events/events_weather_one-run_2026-06-22T00-01Z.json"

# Service name → "executable port-variable port" (see ports.md, "the demo's weather world").
weather_world_services() {
  cat <<LIST
simulator SIMULATOR_PORT 8920
events EVENTS_PORT 8925
markets MARKETS_PORT 8926
paper-trading PAPER_TRADING_PORT 8927
weather WEATHER_PORT 8929
orchestrator ORCHESTRATOR_PORT 8928
LIST
}

# The world's database URL, on the server of DATABASE_URL.
weather_world_database() { echo "${DATABASE_URL%/*}/prescient_weather"; }

# Starts the world on a fresh database (any earlier world's data is dropped).
weather_world_up() (
  weather_world_down
  PGOPTIONS='-c client_min_messages=warning' psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS prescient_weather" \
    -c "CREATE DATABASE prescient_weather"
  unset POLYMARKET_GAMMA_URL POLYMARKET_CLOB_URL POLYMARKET_DATA_URL POLYMARKET_WS_URL OPEN_METEO_URL
  export DATA_DIR="$WEATHER_WORLD_DIR" DATABASE_URL
  DATABASE_URL=$(weather_world_database)
  export SIMULATOR_PORT=8920 SIMULATOR_CLOB_PORT=8921 SIMULATOR_DATA_PORT=8922 SIMULATOR_WS_PORT=8923 SIMULATOR_WEATHER_PORT=8924
  export EVENTS_URL=http://127.0.0.1:8925 MARKETS_URL=http://127.0.0.1:8926 PAPER_TRADING_URL=http://127.0.0.1:8927
  export WEATHER_URL=http://127.0.0.1:8929 WEATHER_REFRESH_INTERVAL_S=0
  while read -r name var port; do
    if [ "$name" = simulator ]; then
      start_service "$name" "$var" "$port" --dataset "$PRESCIENT_ROOT/Fixtures/polymarket" --markets "$WEATHER_WORLD_RUN"
    else
      start_service "$name" "$var" "$port"
    fi
  done < <(weather_world_services)
)

weather_world_down() (
  DATA_DIR="$WEATHER_WORLD_DIR"
  mapfile -t names < <(weather_world_services | tac | awk '{ print $1 }')
  stop_services "${names[@]}"
)
