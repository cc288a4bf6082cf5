import Foundation
import Postgres
import Replay
import SimulatorService
import WorldEvidence

// `prescient-bench-evidence`: the smart-money figures of scripts/bench's evidence section, over
// seeds of the adversarial world and its no-skill control (and the easy world, as the reference
// in which skill is there to find), and the weather backtests on recorded forecasts. Arguments:
// --dataset DIR --markets FILE --seeds N --wallets N --worlds a,b --weather DIR --database URL
// (the weather section runs only with a database).
var arguments = [String: String]()
var index = 1
while index + 1 < CommandLine.arguments.count {
    arguments[CommandLine.arguments[index]] = CommandLine.arguments[index + 1]
    index += 2
}
let dataset = arguments["--dataset"] ?? "Fixtures/polymarket"
let marketsFile = arguments["--markets"] ?? "gamma-markets/markets_active_all_2026-03-11.json.gz"
let seeds = Int(arguments["--seeds"] ?? "20") ?? 20
let walletCount = Int(arguments["--wallets"] ?? "2000") ?? 2_000
guard seeds >= 1, walletCount >= 50 else {
    print("--seeds must be 1 or more and --wallets 50 or more")
    exit(2)
}
let worlds = (arguments["--worlds"] ?? "adversarial,no_skill,easy").split(separator: ",").compactMap { WalletWorld(rawValue: String($0)) }

let source = try WalletWorldSnapshot.Source(datasetDirectory: dataset, marketsFile: marketsFile)
let evidence = SmartMoneyEvidence()
for world in worlds {
    let started = Date()
    var results: [SmartMoneyEvidence.Result] = []
    for seed in 1...seeds {
        results.append(evidence.evaluate(source.world(world, seed: UInt64(seed), wallets: walletCount)))
    }
    let seconds = Date().timeIntervalSince(started)
    print(
        "== evidence: smart money, \(world.rawValue) world, seeds 1–\(seeds), \(walletCount) wallets each, "
            + "data lag \(evidence.lag) s (\(String(format: "%.1f", seconds)) s)")
    print("precision@50 of truly skilled wallets (50 ranked per seed): \(EvidenceSummary.medianAndP10(results.map(\.precisionAt50)))")
    print("   their share of all ranked wallets: \(EvidenceSummary.medianAndP10(results.map(\.baseRate)))")
    print("   true edge inside the 95% posterior interval (coverage): \(EvidenceSummary.medianAndP10(results.map(\.coverage)))")
    let listed = results.map { Double($0.follows.count) }
    print(
        "Top 12 listed (skill test: trust interval above 0): \(EvidenceSummary.medianAndP10(listed, format: "%.0f")); "
            + "seeds listing anything: \(results.filter { !$0.follows.isEmpty }.count) of \(seeds)")
    let bss = results.compactMap(\.brierSkill)
    print(
        "Top 12 Brier skill vs the market mid: \(EvidenceSummary.medianAndP10(bss)) "
            + "(\(results.reduce(0) { $0 + $1.follows.count }) listed markets over the seeds that listed any)")
    let markouts = results.flatMap { $0.follows.map(\.markout) }
    if let interval = EvidenceSummary.meanInterval(markouts) {
        print(
            String(
                format:
                    "mean markout after the lag (outcome − mid − half spread): %+.4f, 95%% interval [%+.4f, %+.4f] over %d followed markets",
                interval.mean, interval.low, interval.high, markouts.count)
                + (interval.low > 0 ? "" : interval.high < 0 ? " (significantly negative)" : " (no significant edge)"))
    } else {
        print("mean markout after the lag: \(markouts.count) followed markets, too few for an interval (no evidence of edge)")
    }
    print("smart-money return after fees: \(EvidenceSummary.medianAndP10(results.compactMap(\.returnAfterFees), format: "%+.3f"))")
    for kind in ["whale", "cluster", "wash_trading", "contrarian", "odds_movement"] {
        let precision = results.compactMap { $0.detectors[kind]?.precision }
        let recall = results.compactMap { $0.detectors[kind]?.recall }
        print(
            "detector \(kind): precision \(EvidenceSummary.medianAndP10(precision, format: "%.2f")); recall \(EvidenceSummary.medianAndP10(recall, format: "%.2f"))"
        )
    }
}

if let databaseURL = arguments["--database"] {
    let weather = arguments["--weather"] ?? dataset + "/../weather"
    let admin = PostgresPool(connectionString: databaseURL, maxConnections: 1)
    defer { admin.close() }
    let started = Date()
    let periods = try WeatherEvidence.run(fixtures: dataset, weather: weather, databaseURL: databaseURL, admin: admin)
    print(
        "== evidence: weather backtests on recorded point-in-time forecasts (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
    )
    for period in periods {
        let summary = period.result.summary
        let skill = summary.eventSkill
        let interval =
            skill.flatMap { s in s.low.flatMap { low in s.high.map { String(format: "95%% interval [%+.3f, %+.3f]", low, $0) } } }
            ?? "no interval"
        let verdict =
            skill.flatMap { s -> String? in
                guard s.events >= 30 else { return "fewer than 30 events: insufficient" }
                return s.low.map { $0 > 0 ? "skill over the market" : (s.high ?? 0) < 0 ? "worse than the market" : "no significant edge" }
            } ?? "too few events"
        print(period.name)
        print(
            "  events resolved \(period.resolvedEvents), scored \(skill?.events ?? 0); trades \(summary.trades) (settled \(summary.settled), "
                + "won \(summary.wins)); return \(summary.returnPct)% after \(summary.fees) in fees")
        if let money = WeatherEvidence.returnPerDollar(period.result) {
            print(
                String(
                    format: "  settled P&L per dollar staked %+.3f, 95%% interval [%+.3f, %+.3f] over %d events traded",
                    money.value, money.low, money.high, money.events)
                    + (money.events < 30
                        ? " (fewer than 30 events: insufficient)"
                        : money.low > 0 ? "" : money.high < 0 ? " (significantly negative)" : " (no significant edge)"))
        } else {
            print("  settled P&L per dollar staked: fewer than two settled events, no interval (no evidence)")
        }
        print(
            "  Brier skill vs the market mid, per event (blocks of a city's week resampled): "
                + (skill?.brierSkill.map { String(format: "%+.3f", $0) } ?? "none")
                + ", \(interval) over \(skill?.events ?? 0) events in \(skill?.blocks ?? 0) blocks: \(verdict)")
    }
}
