# The evidence figures for scripts/bench (sourced; expects BIN, DATABASE_URL): the smart-money
# scanner and detectors over 20 seeds each of the adversarial world, its no-skill control and the
# easy world (the reference in which skill is there to find), and the weather backtests on the
# recorded point-in-time forecasts (NYC March–June, four cities June 20 – July 3), each skill
# figure with the number of independent events behind it and its 95% interval.
# shellcheck shell=bash

bench_evidence() {
  psql "$DATABASE_URL" -qc "CREATE DATABASE evidence"
  PGOPTIONS="-c client_min_messages=warning" "$BIN/prescient-bench-evidence" --dataset "$PRESCIENT_ROOT/Fixtures/polymarket" --weather "$PRESCIENT_ROOT/Fixtures/weather" \
    --seeds "${BENCH_EVIDENCE_SEEDS:-20}" --wallets 2000 --database "${DATABASE_URL%/*}/evidence"
}
