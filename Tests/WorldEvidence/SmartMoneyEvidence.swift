import Foundation
import PrescientCore
import SimulatorService
import WalletScoring

/// What following the smart-money scanner would have earned in one simulated world, measured
/// against the market price at the time it could have been known, and how well the detectors
/// find what the simulator knows. The ranking is the product's own pure code (`WalletProfile`,
/// `EdgeShrinkage`, `CoEntryClusters`, `SmartMoneyFigures` with its skill test, `TradeDetectors`);
/// what this harness adds is the world's data in place of the Data API, read `lag` seconds late.
///
/// Simplifications against the service, stated: every wallet of the world is profiled (the
/// service profiles the holders it meets), and every open market priced 0.05–0.95 is ranked (the
/// service's Level 1 shortlists 33 of 69 discovered per pass).
public struct SmartMoneyEvidence: Sendable {
    /// Seconds between a fill and the moment a follower can see it (the Data API's lag).
    public var lag: Int64 = 20
    /// Resolved markets a wallet needs to be ranked as smart money (`WALLETS_MIN_RESOLVED`).
    public var minResolved = 20
    public var shortlist = 12
    public var walletsPerSide = 33
    /// Dollars staked on each listed market by the follower.
    public var stake: Decimal = 100
    /// The taker fee rate on the follower's buys (`TakerFee`'s rate for uncategorised markets).
    public var feeRate = 0.05
    /// What the follower pays above the mid: half of a two-cent spread.
    public var halfSpread = 0.01
    /// Whether to score the trade detectors too (the slow part).
    public var scoresDetectors = true

    public init() {}

    /// One detector against the truth.
    public struct Detection: Sendable {
        public var alerts = 0
        public var correct = 0
        public var truths = 0
        public var found = 0
        public var precision: Double? { alerts > 0 ? Double(correct) / Double(alerts) : nil }
        public var recall: Double? { truths > 0 ? Double(found) / Double(truths) : nil }
    }

    /// One listed market followed.
    public struct Follow: Sendable {
        public let mid: Double
        public let probability: Double
        public let won: Bool
        /// outcome − (mid + half spread), per share.
        public let markout: Double
        /// Dollars won or lost on the stake, fee included.
        public let pnl: Double
    }

    /// The figures of one world.
    public struct Result: Sendable {
        /// Share of the 50 best-ranked wallets that truly have an edge, and the share among all ranked.
        public let precisionAt50: Double
        public let baseRate: Double
        /// Share of ranked wallets whose true edge lies inside their 95% posterior interval
        /// (shrunk edge ± 1.96 sd): about 0.95 when the shrinkage's model fits the world.
        public let coverage: Double
        public let follows: [Follow]
        public let detectors: [String: Detection]
        public let staked: Double

        /// 1 − Brier(listed probability) / Brier(mid); nil when nothing was listed.
        public var brierSkill: Double? {
            guard !follows.isEmpty else { return nil }
            let model = follows.reduce(0) { $0 + pow($1.probability - ($1.won ? 1 : 0), 2) }
            let market = follows.reduce(0) { $0 + pow($1.mid - ($1.won ? 1 : 0), 2) }
            return market > 0 ? 1 - model / market : nil
        }

        /// Return on the dollars staked, after fees; nil when nothing was followed.
        public var returnAfterFees: Double? { staked > 0 ? follows.reduce(0) { $0 + $1.pnl } / staked : nil }
    }

    public func evaluate(_ world: WalletWorldSnapshot) -> Result {
        let visibleBefore = world.clock - lag
        let byMarket = Dictionary(grouping: world.fills.indices.filter { world.markets[world.fills[$0].market].fate != nil }) {
            world.fills[$0].market
        }.mapValues { $0.map { world.fills[$0] } }
        let profiles = profiles(world, asOf: visibleBefore)
        let traders = profiles.filter { $0.value.walletClass == .trader && $0.value.skill.resolved > 0 }
        let fit = EdgeShrinkage(population: traders.values.map(\.skill))
        let shrunk = profiles.mapValues { fit.shrunk($0.skill) }

        // Precision@50 among ranked smart-money candidates.
        let ranked = profiles.filter { $0.value.walletClass.maySignal && $0.value.skill.resolved >= minResolved }
            .map(\.key).sorted { (shrunk[$0] ?? 0, $1) > (shrunk[$1] ?? 0, $0) }
        let skilled = Set(world.wallets.indices.filter { world.wallets[$0].edge > 0 })
        let top = ranked.prefix(50)
        let precision = top.isEmpty ? 0 : Double(top.filter(skilled.contains).count) / Double(top.count)
        let baseRate = ranked.isEmpty ? 0 : Double(ranked.filter(skilled.contains).count) / Double(ranked.count)
        let covered = ranked.filter { wallet in
            let truth = NSDecimalNumber(decimal: world.wallets[wallet].edge).doubleValue
            let half = 1.96 * fit.standardDeviation(resolved: profiles[wallet]?.skill.resolved ?? 0)
            return abs(truth - (shrunk[wallet] ?? 0)) <= half
        }.count
        let coverage = ranked.isEmpty ? 0 : Double(covered) / Double(ranked.count)

        // The Top 12, then what following it earned.
        var candidates: [(market: Int, figures: SmartMoneyFigures, yes: Double)] = []
        for market in world.markets.indices where world.markets[market].fate != nil {
            let fills = byMarket[market] ?? []
            let yes = yesPrice(fills, start: world.markets[market].startPrice, at: world.clock)
            guard yes >= 0.05 && yes <= 0.95 else { continue }
            var holders = holders(world, fills: fills, asOf: visibleBefore, yes: yes, profiles: profiles, shrunk: shrunk, fit: fit)
            let clusters = CoEntryClusters.detect(holders)
            for index in holders.indices { holders[index].cluster = clusters[holders[index].wallet] }
            candidates.append((market, SmartMoneyFigures(holders, baseTrust: 0.01), yes))
        }
        candidates.sort { ($0.figures.priority, $1.market) > ($1.figures.priority, $0.market) }
        let listed = candidates.filter { $0.figures.priority > 0 && $0.figures.showsSkill }.prefix(shortlist)
        let follows = listed.map { candidate -> Follow in
            let mid = candidate.figures.yes ? candidate.yes : 1 - candidate.yes
            let won = (world.markets[candidate.market].fate == 0) == candidate.figures.yes
            let entry = min(mid + halfSpread, 0.99)
            let shares = NSDecimalNumber(decimal: stake).doubleValue / entry
            let fee = shares * feeRate * entry * (1 - entry)
            return Follow(
                mid: mid, probability: min(max(mid + candidate.figures.signedTrust, 0.01), 0.99), won: won,
                markout: (won ? 1 : 0) - entry, pnl: (won ? shares : 0) - NSDecimalNumber(decimal: stake).doubleValue - fee)
        }
        return Result(
            precisionAt50: precision, baseRate: baseRate, coverage: coverage, follows: Array(follows),
            detectors: scoresDetectors ? detectors(world, asOf: visibleBefore, profiles: profiles) : [:],
            staked: Double(follows.count) * NSDecimalNumber(decimal: stake).doubleValue)
    }

    /// Every wallet's profile as of `asOf`, outcomes counted only once known.
    func profiles(_ world: WalletWorldSnapshot, asOf: Int64) -> [Int: WalletProfile] {
        var outcomes: [String: MarketOutcome] = [:]
        for market in world.markets where market.winner != nil {
            outcomes[market.conditionID] = MarketOutcome(winner: market.winner, resolvedAt: market.resolvedAt)
        }
        var fillsByWallet: [Int: [WalletFill]] = [:]
        for fill in world.fills where fill.timestamp < asOf {
            fillsByWallet[fill.wallet, default: []].append(
                WalletFill(
                    timestamp: fill.timestamp, market: world.markets[fill.market].conditionID, outcome: fill.outcome, isBuy: fill.isBuy,
                    price: fill.price, size: fill.size, usdc: fill.size * fill.price, category: ""))
        }
        var incomeByWallet: [Int: [WalletIncome]] = [:]
        for income in world.income {
            incomeByWallet[income.wallet, default: []].append(WalletIncome(timestamp: income.timestamp, amount: income.amount))
        }
        var result: [Int: WalletProfile] = [:]
        for (wallet, fills) in fillsByWallet {
            result[wallet] = WalletProfile(fills: fills, income: incomeByWallet[wallet] ?? [], outcomes: outcomes, asOf: asOf)
        }
        return result
    }

    /// An open market's YES price at `time`: after its last priced fill before then, else where it started.
    func yesPrice(_ fills: [WalletWorldSnapshot.Fill], start: Decimal, at time: Int64) -> Double {
        let last = fills.filter { $0.timestamp < time && $0.yesAfter != nil }.max { $0.timestamp < $1.timestamp }
        return NSDecimalNumber(decimal: last?.yesAfter ?? start).doubleValue
    }

    /// The market's holders as the scanner weighs them: net shares bought before `asOf`, worth
    /// the price now; the 33 biggest per side.
    func holders(
        _ world: WalletWorldSnapshot, fills: [WalletWorldSnapshot.Fill], asOf: Int64, yes: Double, profiles: [Int: WalletProfile],
        shrunk: [Int: Double], fit: EdgeShrinkage
    ) -> [SmartMoneyHolder] {
        var shares: [String: (wallet: Int, outcome: Int, size: Decimal, entered: Int64)] = [:]
        for fill in fills where fill.timestamp < asOf && fill.price > 0 {
            let key = "\(fill.wallet) \(fill.outcome)"
            var holding = shares[key] ?? (fill.wallet, fill.outcome, 0, fill.timestamp)
            holding.size += fill.isBuy ? fill.size : -fill.size
            holding.entered = min(holding.entered, fill.timestamp)
            shares[key] = holding
        }
        let all = shares.values.filter { $0.size > 0 }.map { holding -> SmartMoneyHolder in
            let price = holding.outcome == 0 ? yes : 1 - yes
            let profile = profiles[holding.wallet]
            return SmartMoneyHolder(
                wallet: world.wallets[holding.wallet].address, yes: holding.outcome == 0, size: holding.size,
                notional: holding.size * Decimal(string: String(format: "%.4f", price))!,
                skill: profile.map { _ in shrunk[holding.wallet] ?? 0 },
                eligible: profile?.walletClass.maySignal ?? true, enteredAt: holding.entered,
                skillSD: profile.map { fit.standardDeviation(resolved: $0.skill.resolved) } ?? 0)
        }
        return [true, false].flatMap { side in
            all.filter { $0.yes == side }.sorted { ($0.notional, $1.wallet) > ($1.notional, $0.wallet) }.prefix(walletsPerSide)
        }
    }

    /// Each detector's alerts on the open markets' trades against the world's truth.
    func detectors(_ world: WalletWorldSnapshot, asOf: Int64, profiles: [Int: WalletProfile]) -> [String: Detection] {
        var records: [String: TradeDetectors.Record] = [:]
        for (wallet, profile) in profiles {
            records[world.wallets[wallet].address] = .init(resolved: profile.contrarian.resolved, edge: profile.contrarian.edge)
        }
        var result: [String: Detection] = [:]
        let detectors = TradeDetectors()
        let open = Set(world.markets.indices.filter { world.markets[$0].fate != nil })
        var byMarket: [Int: [(id: String, fill: WalletWorldSnapshot.Fill)]] = [:]
        for (index, fill) in world.fills.enumerated() where open.contains(fill.market) && fill.timestamp < asOf && fill.price > 0 {
            byMarket[fill.market, default: []].append(("\(index)", fill))
        }
        for fills in byMarket.values {
            let trades = fills.map {
                ObservedTrade(
                    id: $0.id, wallet: world.wallets[$0.fill.wallet].address, outcome: $0.fill.outcome, isBuy: $0.fill.isBuy,
                    size: $0.fill.size, price: $0.fill.price, timestamp: $0.fill.timestamp)
            }
            let volume = fills.filter { $0.fill.timestamp >= asOf - 86_400 }.reduce(Decimal(0)) { $0 + $1.fill.size * $1.fill.price }
            let alerts = detectors.detect(trades, volume24h: volume, records: records)
            let fillByID = Dictionary(uniqueKeysWithValues: fills.map { ($0.id, $0.fill) })
            func truth(_ kind: TradeAlert.Kind, _ fill: WalletWorldSnapshot.Fill) -> Bool {
                let wallet = world.wallets[fill.wallet]
                switch kind {
                case .whale: return wallet.archetype == "whale"
                case .cluster: return wallet.cluster != nil
                case .washTrading: return wallet.archetype == "wash_trader"
                case .contrarian: return fill.isBuy && fill.price <= WalletProfile.contrarianPrice && wallet.edge > 0
                case .oddsMovement: return fill.impact >= detectors.oddsMove
                }
            }
            for kind in TradeAlert.Kind.allCases {
                var detection = result[kind.rawValue] ?? Detection()
                let alerted = Set(alerts.filter { $0.kind == kind }.flatMap { $0.trades.map(\.id) })
                detection.alerts += alerted.count
                detection.correct += alerted.filter { fillByID[$0].map { truth(kind, $0) } ?? false }.count
                let truths = fills.filter { truth(kind, $0.fill) }.map(\.id)
                detection.truths += truths.count
                detection.found += truths.filter(alerted.contains).count
                result[kind.rawValue] = detection
            }
        }
        return result
    }
}
