#!/usr/bin/env python3
"""The evidence gates' reference figures, computed independently of the Swift code.

Seeded inputs (numpy) and, for each, the figure a gate must give, computed here with numpy and
scipy from the definitions in Shared/Verdicts (the bootstraps draw with a Python SplitMix64, so
the same resamples are compared). Writes Tests/VerdictsTests/oracle.json; with --check, fails
when the committed file differs from what this script computes now (scripts/test runs that).

    python verdict_oracle.py [--check] <repository root>
"""
import itertools
import json
import math
import sys

import numpy as np
from scipy import stats

MASK = (1 << 64) - 1
RESAMPLES = 1000
SEED = 25
MINIMUM_EVENTS = 30


def mix(value):
    z = (value + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def percentile(sorted_draws, q):
    return sorted_draws[int(math.floor((len(sorted_draws) - 1) * q + 0.5))]


def block_draws(blocks, statistic, seed=SEED, resamples=RESAMPLES):
    if len(blocks) < 2:
        return []
    counter = 0
    draws = []
    for _ in range(resamples):
        sample = []
        for _ in range(len(blocks)):
            counter += 1
            sample.extend(blocks[mix((seed + counter) & MASK) % len(blocks)])
        value = statistic(sample)
        if value is not None:
            draws.append(value)
    return sorted(draws)


# ---------------------------------------------------------------- deflated Sharpe


def deflated_sharpe(returns, trials, variance):
    r = np.asarray(returns)
    sr = r.mean() / r.std(ddof=1)
    skew = stats.skew(r, bias=True)
    kurt = stats.kurtosis(r, fisher=False, bias=True)
    if trials > 1:
        g = np.euler_gamma
        sr0 = math.sqrt(variance) * ((1 - g) * stats.norm.ppf(1 - 1 / trials) + g * stats.norm.ppf(1 - 1 / (trials * math.e)))
    else:
        sr0 = 0.0
    z = (sr - sr0) * math.sqrt(len(r) - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr * sr)
    return float(stats.norm.cdf(z))


# ---------------------------------------------------------------- CSCV


def sharpe_or_floor(values):
    values = np.asarray(values)
    if len(values) < 2:
        return -math.inf
    sd = values.std(ddof=1)
    return values.mean() / sd if sd * sd > 1e-18 else -math.inf


def pbo(matrix, blocks=16):
    m = np.asarray(matrix)  # trials × periods
    trials, periods = m.shape
    bounds = [b * periods // blocks for b in range(blocks + 1)]
    rows = [list(range(bounds[b], bounds[b + 1])) for b in range(blocks)]
    overfit = splits = 0
    for chosen in itertools.combinations(range(blocks), blocks // 2):
        rest = [b for b in range(blocks) if b not in chosen]
        ins = [r for b in chosen for r in rows[b]]
        outs = [r for b in rest for r in rows[b]]
        in_sharpes = [sharpe_or_floor(m[t, ins]) for t in range(trials)]
        best = int(np.argmax(in_sharpes))  # the first on a tie
        out_sharpes = np.array([sharpe_or_floor(m[t, outs]) for t in range(trials)])
        rank = 1 + int((out_sharpes < out_sharpes[best]).sum())
        omega = rank / (trials + 1)
        if math.log(omega / (1 - omega)) <= 0:
            overfit += 1
        splits += 1
    return overfit / splits


# ---------------------------------------------------------------- trades


def pnl(t):
    return None if t["payout"] is None else t["payout"] - t["stake"] - t["fee"]


def return_per_dollar(trades):
    closed = [t for t in trades if t["payout"] is not None]
    staked = sum(t["stake"] for t in closed)
    return sum(pnl(t) for t in closed) / staked if staked > 0 else None


def by_event(trades):
    events = {}
    for t in trades:
        if t["payout"] is not None:
            events.setdefault(t["event"], []).append(t)
    return [events[k] for k in sorted(events)]


def return_gate(trades):
    draws = block_draws(by_event(trades), return_per_dollar)
    return {"point": return_per_dollar(trades), "low": percentile(draws, 0.025), "high": percentile(draws, 0.975)}


def without_largest(trades):
    events = by_event(trades)
    gains = [sum(pnl(t) for t in e) for e in events]
    best = int(np.argmax(gains))
    rest = [t for i, e in enumerate(events) if i != best for t in e]
    return return_per_dollar(rest)


def worth(t, horizon):
    if horizon == "1h":
        return t["mid_after_1h"]
    if horizon == "1d":
        return t["mid_after_1d"]
    return None if t["won"] is None else (1.0 if t["won"] else 0.0)


def skill_figure(trades, horizon):
    brier = horizon == "resolution" and all(t["probability"] is not None for t in trades)
    events = {}
    for t in trades:
        w = worth(t, horizon)
        if w is None:
            continue
        e = events.setdefault(t["event"], [0.0, 0.0, 0])
        if brier:
            e[0] += (t["probability"] - w) ** 2
            e[1] += (t["mid"] - w) ** 2
        else:
            e[0] += t["stake"] * (w - t["price"]) / t["price"]
            e[1] += t["stake"]
        e[2] += 1
    blocks = [[(a / n, b / n)] if brier else [(a, b)] for a, b, n in (events[k] for k in sorted(events))]

    def statistic(sample):
        first = sum(p[0] for p in sample)
        second = sum(p[1] for p in sample)
        if second <= 0:
            return None
        return 1 - first / second if brier else first / second

    draws = block_draws(blocks, statistic)
    return {
        "horizon": horizon,
        "events": len(blocks),
        "value": statistic([p for b in blocks for p in b]),
        "low": percentile(draws, 0.025) if draws else None,
        "high": percentile(draws, 0.975) if draws else None,
    }


def comparable(trades):
    return [t for t in trades if t["won"] is not None and (t["other_ask"] or 0) > 0 and t["price"] > 0 and t["stake"] > 0]


def held(t, own):
    price = t["price"] if own else t["other_ask"]
    wins = t["won"] if own else not t["won"]
    return (t["stake"] / price if wins else 0.0) - t["stake"] - t["fee"]


def sided_return(trades, sides):
    staked = sum(t["stake"] for t in trades)
    return sum(held(t, own) for t, own in zip(trades, sides)) / staked


def baselines(trades):
    c = comparable(trades)
    own = sided_return(c, [True] * len(c))
    counter = 0
    draws = []
    for _ in range(RESAMPLES):
        sides = []
        for _ in c:
            counter += 1
            sides.append(mix((SEED + counter) & MASK) & 1 == 1)
        draws.append(sided_return(c, sides))
    draws.sort()
    favourite = sided_return(c, [t["mid"] >= 0.5 for t in c])
    return {"strategy": own, "random_p95": percentile(draws, 0.95), "favourite": favourite}


def stressed(trades):
    closed = [t for t in trades if t["payout"] is not None]
    total = 0.0
    for t in closed:
        later = max(t["price"], t["price_after_latency"])
        total += t["payout"] * t["price"] / later - t["stake"] - t["fee"] - 0.005 * t["stake"]
    return total / sum(t["stake"] for t in closed)


def make_trades(rng, events, edge, with_probability):
    trades = []
    for e in range(events):
        for k in range(int(rng.integers(1, 4))):
            mid = float(rng.uniform(0.06, 0.94))
            half_spread = float(rng.choice([0.005, 0.01, 0.02]))
            price = round(mid + half_spread, 4)
            stake = round(float(rng.uniform(5, 50)), 2)
            won = bool(rng.random() < min(0.99, mid + edge))
            sold = rng.random() < 0.1
            payout = round(float(rng.uniform(0, 1.5)) * stake, 4) if sold else (round(stake / price, 6) if won else 0.0)
            trades.append({
                "event": "e%02d" % e,
                "time": 1_770_000_000 + 3600 * e + 60 * k,
                "stake": stake,
                "fee": round(stake * 0.01, 6),
                "payout": payout,
                "won": None if sold and rng.random() < 0.5 else won,
                "price": price,
                "mid": round(mid, 4),
                "other_ask": round(1 - mid + half_spread, 4),
                "probability": round(float(np.clip(mid + edge + rng.normal(0, 0.05), 0.01, 0.99)), 4) if with_probability else None,
                "mid_after_1h": round(float(np.clip(mid + rng.normal(edge / 4, 0.03), 0.001, 0.999)), 4),
                "mid_after_1d": None if rng.random() < 0.2 else round(float(np.clip(mid + rng.normal(edge / 2, 0.08), 0.001, 0.999)), 4),
                "price_after_latency": round(price + float(rng.choice([0.0, 0.0, 0.01])), 4),
            })
    return trades


def trade_case(name, seed, events, edge, with_probability):
    trades = make_trades(np.random.default_rng(seed), events, edge, with_probability)
    return {
        "name": name,
        "trades": trades,
        "return_per_dollar": return_gate(trades),
        "without_largest_winner": without_largest(trades),
        "horizons": [skill_figure(trades, h) for h in ("1h", "1d", "resolution")],
        "baselines": baselines(trades),
        "cost_stress": stressed(trades),
    }


def build():
    rng = np.random.default_rng(2025)
    dsr = []
    for trials, variance in ((1, 0.0), (10, 0.002), (200, 0.01)):
        returns = [round(float(x), 6) for x in 0.002 + 0.01 * rng.standard_t(4, size=250)]
        dsr.append({"returns": returns, "trials": trials, "variance": variance, "expected": deflated_sharpe(returns, trials, variance)})
    cscv = []
    for trials, periods in ((4, 48), (12, 64)):
        m = np.round(rng.normal(0.001, 0.01, size=(trials, periods)), 6)
        m[0] += 0.002  # one trial a little better, so the figure is not just one half
        cscv.append({"returns": m.tolist(), "expected": pbo(m)})
    return {
        "generator": "scripts/lib/verdict_oracle.py (numpy %s, scipy)" % np.__version__.split(".")[0],
        "deflated_sharpe": dsr,
        "cscv": cscv,
        "trade_cases": [
            trade_case("probabilities with an edge", 11, 45, 0.06, True),
            trade_case("probabilities without an edge", 12, 40, 0.0, True),
            trade_case("markouts", 13, 35, 0.03, False),
        ],
    }


def close(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a if k != "generator")
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)) or isinstance(b, float) and isinstance(a, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def main():
    check = "--check" in sys.argv
    root = [a for a in sys.argv[1:] if a != "--check"][0]
    path = root + "/Tests/VerdictsTests/oracle.json"
    built = build()
    if check:
        with open(path) as f:
            committed = json.load(f)
        if not close(built, committed):
            sys.exit("Tests/VerdictsTests/oracle.json differs from what scripts/lib/verdict_oracle.py computes: regenerate it")
        print("verdict oracle: Tests/VerdictsTests/oracle.json matches the Python reference")
        return
    with open(path, "w") as f:
        json.dump(built, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
