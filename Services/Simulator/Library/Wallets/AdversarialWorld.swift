import Foundation
import PrescientCore

/// Builds the adversarial wallet population (`WalletWorld.adversarial`, or `.noSkill` with every
/// edge zero), a world in which skill is rare, small and hidden among look-alikes:
///
/// - an open market's fate is drawn from its own price (a YES priced q wins with probability q),
///   so following the crowd earns nothing and only beating the price counts;
/// - 2% informed wallets with edges of 1–5 points, most of them 1–2; they hedge part of some
///   positions on the other side;
/// - whales (2%), a third of them informed, with small fills as well as large ones; a few noise
///   fills are as large as a whale's;
/// - copy-traders (3%) that repeat one informed wallet's buys 20 s to 2 h later, at the price the
///   leader moved;
/// - liquidity providers and market makers quoting both sides of resolved markets and holding one
///   side of open markets for one to four weeks;
/// - sybil clusters whose members enter the same side with sizes ±30% apart, up to 15 minutes apart;
/// - wash traders buying and selling the same token minutes apart, a quarter of all volume (the
///   published estimates of wash volume on Polymarket are about that);
/// - every history ends before the clock (`resolved` holds only markets settled before it) and
///   before its market's settlement.
struct AdversarialWorld {
    typealias Wallet = WalletPopulation.Wallet
    typealias Fill = WalletPopulation.Fill
    typealias Draft = WalletPopulation.Draft
    typealias Income = WalletPopulation.Income

    let seed: UInt64
    let epoch: Int64
    let markets: [PopulationMarket]
    let history: [Int]
    let current: [Int]
    /// False for the no-skill control: the same draws, every edge zero.
    let skill: Bool

    /// Shares of the population in per mille (the rest are noise traders).
    static let informed = 20, whales = 20, copyTraders = 30, liquidityProviders = 50, marketMakers = 30, washTraders = 20
    static let clusterCount = 4, clusterSize = 6
    /// Edges in points, drawn uniformly from this list: most informed wallets have a small edge.
    static let edgePoints = [1, 1, 1, 2, 2, 3, 4, 5]
    /// Wash volume's share of all volume.
    static let washShare = 0.25

    init(seed: UInt64, epoch: Int64, resolved: [PopulationMarket], open: [PopulationMarket], skill: Bool) {
        self.seed = seed
        self.epoch = epoch
        markets = resolved + open
        history = Array(resolved.indices)
        current = Array(resolved.count..<markets.count)
        self.skill = skill
    }

    func population(count: Int) -> WalletPopulation {
        var rng = SeededGenerator(state: seed ^ 0x4144_5645_5253)
        var fates: [Int: Int] = [:]
        for market in current {
            fates[market] = Self.uniform(&rng) < Self.double(yesPrice(market)) ? 0 : 1
        }
        let wallets = roster(count: count, rng: &rng)
        var fills: [Fill] = []
        var drafts: [Draft] = []
        var income: [Income] = []
        guard !history.isEmpty else {
            return WalletPopulation(wallets: wallets, markets: markets, fates: fates, fills: [], income: [])
        }
        // Informed wallets and whales first: copy-traders follow what they did.
        var ledBy: [Int: [Int]] = [:]
        var openLedBy: [Int: [Draft]] = [:]
        for wallet in wallets.indices {
            let archetype = wallets[wallet].archetype
            guard archetype == .informed || archetype == .whale || archetype == .noise else { continue }
            let edge = Self.double(wallets[wallet].edge)
            let trades = Int.random(in: archetype == .noise ? 5...60 : 20...60, using: &rng)
            for _ in 0..<trades {
                let market = history[Int.random(in: 0..<history.count, using: &rng)]
                let size = tradeSize(archetype, rng: &rng)
                let time = tradingEnd(market) - Int64(Int.random(in: 3_600...2_592_000, using: &rng))
                let fill = historyBuy(wallet, market: market, size: size, at: time, edge: edge, rng: &rng)
                if archetype == .informed { ledBy[wallet, default: []].append(fills.count) }
                fills.append(fill)
                if archetype == .informed && Self.uniform(&rng) < 0.3 { fills.append(hedge(fill, rng: &rng)) }
            }
            let openCount = Int.random(in: archetype == .informed ? 2...8 : 0...4, using: &rng)
            for _ in 0..<openCount where !current.isEmpty {
                let market = current[Int.random(in: 0..<current.count, using: &rng)]
                let p = Self.double(yesPrice(market))
                let leans = min(0.98, 0.5 + edge / (4 * p * (1 - p)))
                let fate = fates[market] ?? 0
                let outcome = Self.uniform(&rng) < leans ? fate : 1 - fate
                let draft = Draft(
                    wallet: wallet, market: market, outcome: outcome, size: tradeSize(archetype, rng: &rng),
                    timestamp: epoch - Int64(Int.random(in: 3_600...604_800, using: &rng)))
                drafts.append(draft)
                if archetype == .informed {
                    openLedBy[wallet, default: []].append(draft)
                    if Self.uniform(&rng) < 0.3 {
                        drafts.append(
                            Draft(
                                wallet: wallet, market: market, outcome: 1 - outcome,
                                size: (draft.size * Self.cents(Int.random(in: 20...50, using: &rng))).rounded(scale: 0),
                                timestamp: min(draft.timestamp + Int64(Int.random(in: 60...3_600, using: &rng)), epoch - 60)))
                    }
                }
            }
        }
        let leaders = ledBy.keys.sorted()
        for wallet in wallets.indices {
            switch wallets[wallet].archetype {
            case .copyTrader where !leaders.isEmpty:
                let leader = leaders[Int.random(in: 0..<leaders.count, using: &rng)]
                for index in ledBy[leader] ?? [] where Self.uniform(&rng) < 0.6 {
                    let lead = fills[index]
                    let impact = Self.cents(Int.random(in: 1...3, using: &rng))
                    fills.append(
                        Fill(
                            wallet: wallet, market: lead.market, outcome: lead.outcome, side: "BUY",
                            size: Decimal(Int.random(in: 10...500, using: &rng)), price: min(lead.price + impact, Decimal(string: "0.99")!),
                            timestamp: min(lead.timestamp + Int64(Int.random(in: 20...7_200, using: &rng)), tradingEnd(lead.market) - 1)))
                }
                for lead in openLedBy[leader] ?? [] {
                    drafts.append(
                        Draft(
                            wallet: wallet, market: lead.market, outcome: lead.outcome,
                            size: Decimal(Int.random(in: 10...500, using: &rng)),
                            timestamp: min(lead.timestamp + Int64(Int.random(in: 20...7_200, using: &rng)), epoch - 60)))
                }
            case .liquidityProvider, .marketMaker:
                let maker = wallets[wallet].archetype == .marketMaker
                for _ in 0..<(maker ? 60 : 20) {
                    let market = history[Int.random(in: 0..<history.count, using: &rng)]
                    let yes = Int.random(in: 5...95, using: &rng)
                    let size = Decimal(Int.random(in: maker ? 20...100 : 100...1_000, using: &rng))
                    let time = tradingEnd(market) - Int64(Int.random(in: 3_600...2_592_000, using: &rng))
                    let quoted = WalletPopulation.quoteBothSides(wallet, market: market, yesCents: yes, size: size, at: time, rng: &rng)
                    fills += quoted.fills
                    income += quoted.income
                }
                // Inventory: one side of a few open markets, held for one to four weeks.
                for _ in 0..<Int.random(in: maker ? 4...10 : 2...6, using: &rng) where !current.isEmpty {
                    drafts.append(
                        Draft(
                            wallet: wallet, market: current[Int.random(in: 0..<current.count, using: &rng)],
                            outcome: Int.random(in: 0...1, using: &rng),
                            size: Decimal(Int.random(in: maker ? 100...800 : 200...2_000, using: &rng)),
                            timestamp: epoch - Int64(Int.random(in: 604_800...2_419_200, using: &rng))))
                }
            case .protocolWallet:
                fills += WalletPopulation.protocolHoldings(wallet, markets: current.isEmpty ? history : current) {
                    min(tradingEnd($0), epoch)
                }
            default: break
            }
        }
        sybils(wallets, fills: &fills, drafts: &drafts, rng: &rng)
        fills += WalletPopulation.priceOpenMarkets(drafts, markets: markets, rng: &rng)
        fills += washTrades(wallets, volume: fills.reduce(0) { $0 + $1.size * $1.price }, rng: &rng)
        return WalletPopulation(wallets: wallets, markets: markets, fates: fates, fills: fills, income: income)
    }

    /// Who is who: the protocol wallet, the sybil clusters, then archetypes by their shares.
    func roster(count: Int, rng: inout SeededGenerator) -> [Wallet] {
        let clustered = Self.clusterCount * Self.clusterSize
        var wallets: [Wallet] = []
        for index in 0..<max(count, clustered + 20) {
            var archetype = WalletArchetype.noise
            var cluster: Int?
            if let fixed = WalletPopulation.fixedRole(index, clusterSize: Self.clusterSize, clusters: Self.clusterCount) {
                (archetype, cluster) = fixed
            } else {
                let roll = Int.random(in: 0..<1_000, using: &rng)
                let shares: [(WalletArchetype, Int)] = [
                    (.informed, Self.informed), (.whale, Self.whales), (.copyTrader, Self.copyTraders),
                    (.liquidityProvider, Self.liquidityProviders), (.marketMaker, Self.marketMakers), (.washTrader, Self.washTraders),
                ]
                var floor = 0
                for (kind, share) in shares {
                    if roll >= floor && roll < floor + share { archetype = kind }
                    floor += share
                }
            }
            let points = Self.edgePoints[Int.random(in: 0..<Self.edgePoints.count, using: &rng)]
            let whaleInformed = Int.random(in: 0..<3, using: &rng) == 0
            let edged = archetype == .informed || (archetype == .whale && whaleInformed)
            let edge = edged && skill ? Self.cents(points) : 0
            let address =
                "0x"
                + String(
                    format: "%016llx%016llx%08x", PriceWalk.mix(seed &+ UInt64(index) &+ 0xAD), PriceWalk.mix(~seed &+ UInt64(index)), index
                )
            wallets.append(Wallet(address: address, archetype: archetype, edge: edge, cluster: cluster, name: "sim-\(index)"))
        }
        return wallets
    }

    /// A buy of one resolved market: the winner's price drawn so that prices are calibrated
    /// (density ∝ q), the winner picked with the chance that makes the mean of outcome − price
    /// paid equal to `edge` (one half without edge).
    func historyBuy(_ wallet: Int, market: Int, size: Decimal, at time: Int64, edge: Double, rng: inout SeededGenerator) -> Fill {
        let winner = markets[market].winner ?? 0
        let u = Self.uniform(&rng)
        let q = min(95, max(5, Int(((0.0025 + u * (0.9025 - 0.0025)).squareRoot() * 100).rounded())))
        let chance = min(0.98, 0.5 + edge / (2 * (1 - Double(q) / 100)))
        let picksWinner = Self.uniform(&rng) < chance
        return Fill(
            wallet: wallet, market: market, outcome: picksWinner ? winner : 1 - winner, side: "BUY", size: size,
            price: Self.cents(picksWinner ? q : 100 - q), timestamp: time)
    }

    /// Part of a position laid off on the other side a little later.
    func hedge(_ fill: Fill, rng: inout SeededGenerator) -> Fill {
        Fill(
            wallet: fill.wallet, market: fill.market, outcome: 1 - fill.outcome, side: "BUY",
            size: (fill.size * Self.cents(Int.random(in: 20...50, using: &rng))).rounded(scale: 0),
            price: min(1 - fill.price + Decimal(string: "0.01")!, Decimal(string: "0.99")!),
            timestamp: min(fill.timestamp + Int64(Int.random(in: 60...3_600, using: &rng)), tradingEnd(fill.market) - 1))
    }

    func tradeSize(_ archetype: WalletArchetype, rng: inout SeededGenerator) -> Decimal {
        switch archetype {
        case .whale where Int.random(in: 0..<10, using: &rng) < 6: Decimal(Int.random(in: 5_000...50_000, using: &rng))
        case .whale: Decimal(Int.random(in: 20...500, using: &rng))
        case .informed: Decimal(Int.random(in: 50...2_000, using: &rng))
        case .noise where Int.random(in: 0..<100, using: &rng) == 0: Decimal(Int.random(in: 2_000...20_000, using: &rng))
        default: Decimal(Int.random(in: 10...500, using: &rng))
        }
    }

    /// Each cluster enters 20 resolved and 3 open markets together on a side of its own choosing,
    /// members' sizes within ±30% of the cluster's and entries up to 15 minutes apart.
    func sybils(_ wallets: [Wallet], fills: inout [Fill], drafts: inout [Draft], rng: inout SeededGenerator) {
        for cluster in 0..<Self.clusterCount {
            let members = wallets.indices.filter { wallets[$0].cluster == cluster }
            for round in 0..<23 {
                let open = round >= 20
                guard !(open && current.isEmpty) else { continue }
                let market =
                    open ? current[Int.random(in: 0..<current.count, using: &rng)] : history[Int.random(in: 0..<history.count, using: &rng)]
                let outcome = Int.random(in: 0...1, using: &rng)
                let base = Decimal(Int.random(in: open ? 200...800 : 50...400, using: &rng))
                let start =
                    open
                    ? epoch - Int64(Int.random(in: 3_600...604_800, using: &rng))
                    : tradingEnd(market) - Int64(Int.random(in: 3_600...2_592_000, using: &rng))
                let winnerCents = Int.random(in: 5...95, using: &rng)
                for member in members {
                    let size = (base * Self.cents(Int.random(in: 70...130, using: &rng))).rounded(scale: 0)
                    let time = start + Int64(Int.random(in: 0...900, using: &rng))
                    if open {
                        drafts.append(Draft(wallet: member, market: market, outcome: outcome, size: size, timestamp: time))
                    } else {
                        let won = outcome == markets[market].winner
                        fills.append(
                            Fill(
                                wallet: member, market: market, outcome: outcome, side: "BUY", size: size,
                                price: Self.cents(won ? winnerCents : 100 - winnerCents), timestamp: time))
                    }
                }
            }
        }
    }

    /// Buy-then-sell pairs of one token by a wash trader, minutes apart at one price, until wash
    /// volume is `washShare` of all volume.
    func washTrades(_ wallets: [Wallet], volume: Decimal, rng: inout SeededGenerator) -> [Fill] {
        let traders = wallets.indices.filter { wallets[$0].archetype == .washTrader }
        guard !traders.isEmpty else { return [] }
        let target = volume * Decimal(Self.washShare / (1 - Self.washShare))
        var fills: [Fill] = []
        var done: Decimal = 0
        while done < target && fills.count < 200_000 {
            let wallet = traders[Int.random(in: 0..<traders.count, using: &rng)]
            let pool = current.isEmpty || Self.uniform(&rng) < 0.5 ? history : current
            let market = pool[Int.random(in: 0..<pool.count, using: &rng)]
            let outcome = Int.random(in: 0...1, using: &rng)
            let yes = markets[market].winner == nil ? yesPrice(market) : Self.cents(Int.random(in: 5...95, using: &rng))
            let price = (outcome == 0 ? yes : 1 - yes).rounded(scale: 2)
            let size = Decimal(Int.random(in: 500...5_000, using: &rng))
            let end = markets[market].winner == nil ? epoch : tradingEnd(market)
            let time = end - Int64(Int.random(in: 3_600...1_209_600, using: &rng))
            fills.append(Fill(wallet: wallet, market: market, outcome: outcome, side: "BUY", size: size, price: price, timestamp: time))
            fills.append(
                Fill(
                    wallet: wallet, market: market, outcome: outcome, side: "SELL", size: size, price: price,
                    timestamp: time + Int64(Int.random(in: 10...600, using: &rng))))
            done += 2 * size * price
        }
        return fills
    }

    /// When trading in a market ended for the history: its end, or its resolution when that came
    /// first (a market settled early trades no more), never after the clock.
    func tradingEnd(_ market: Int) -> Int64 { WalletPopulation.historyEnd(markets[market], epoch: epoch) }

    func yesPrice(_ market: Int) -> Decimal {
        min(max(markets[market].startPrice, Decimal(string: "0.03")!), Decimal(string: "0.97")!)
    }

    /// `n` hundredths, exactly and without a Decimal division (the slow part of building a world).
    static func cents(_ n: Int) -> Decimal { Decimal(sign: n < 0 ? .minus : .plus, exponent: -2, significand: Decimal(abs(n))) }

    static func uniform(_ rng: inout SeededGenerator) -> Double { Double(Int.random(in: 0..<1_000_000, using: &rng)) / 1_000_000 }
    static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}
