import Foundation
import PrescientCore

/// A deterministic population of Polymarket wallets for the Data API routes: for one seed, the
/// same wallets with the same archetypes, true edges and fills, every time. The fills fall on
/// the recorded resolved markets (their winners known, so skill is measurable) and on open
/// markets of the universe.
struct WalletPopulation: Sendable {
    struct Wallet: Sendable {
        let address: String
        let archetype: WalletArchetype
        /// The true price-relative edge: how much more often than the price implies the wallet
        /// buys the eventual winner (0 for all but informed wallets).
        let edge: Decimal
        /// The sybil cluster the wallet belongs to.
        let cluster: Int?
        let name: String
    }

    struct Fill: Sendable {
        let wallet: Int
        let market: Int
        let outcome: Int
        let side: String
        let size: Decimal
        let price: Decimal
        let timestamp: Int64
        /// How far the fill moved the price of the token it bought (open markets only).
        var impact: Decimal = 0
        /// The market's YES price after the fill (open markets' priced fills only).
        var yesAfter: Decimal?
    }

    /// A fill of an open market before its price is known: prices come from the market's own
    /// sequence of fills (`priceOpenMarkets`).
    struct Draft {
        let wallet: Int
        let market: Int
        let outcome: Int
        let size: Decimal
        let timestamp: Int64
    }

    /// A non-trade activity row (`REWARD`, `MAKER_REBATE`).
    struct Income: Sendable {
        let wallet: Int
        let type: String
        let amount: Decimal
        let timestamp: Int64
    }

    let wallets: [Wallet]
    let markets: [PopulationMarket]
    /// The hidden outcome of each open market (a coin flip per market in the easy world, drawn
    /// from the market's own price in the adversarial one): the winner the population's informed
    /// wallets lean toward before anyone can know it.
    let fates: [Int: Int]
    let fills: [Fill]
    let income: [Income]
    let walletIndex: [String: Int]
    /// Population markets by condition id.
    let marketIndex: [String: Int]
    let fillsByWallet: [Int: [Int]]
    let fillsByMarket: [Int: [Int]]
    /// Indexes into `income` by wallet.
    let incomeByWallet: [Int: [Int]]

    /// Sizes of the archetypes' shares of the population (the rest are noise traders).
    static let informedShare = 10, liquidityShare = 8, makerShare = 4, whaleShare = 3
    static let clusterCount = 3, clusterSize = 10

    /// The easy world (`WalletWorld.easy`).
    init(seed: UInt64, count: Int, epoch: Int64, resolved: [PopulationMarket], open: [PopulationMarket]) {
        var rng = SeededGenerator(state: seed ^ 0x5741_4C4C_4554)
        let markets = resolved + open
        var fates: [Int: Int] = [:]
        for index in resolved.count..<markets.count { fates[index] = Int.random(in: 0...1, using: &rng) }
        let history = Array(resolved.indices)
        let current = Array(resolved.count..<markets.count)
        var wallets: [Wallet] = []
        func address(_ index: Int) -> String {
            "0x" + String(format: "%016llx%016llx%08x", PriceWalk.mix(seed &+ UInt64(index)), PriceWalk.mix(~seed &+ UInt64(index)), index)
        }
        let clustered = Self.clusterCount * Self.clusterSize
        for index in 0..<max(count, clustered + 20) {
            let archetype: WalletArchetype
            var cluster: Int?
            if let fixed = Self.fixedRole(index, clusterSize: Self.clusterSize, clusters: Self.clusterCount) {
                (archetype, cluster) = fixed
            } else {
                let roll = Int.random(in: 0..<100, using: &rng)
                switch roll {
                case ..<Self.informedShare: archetype = .informed
                case ..<(Self.informedShare + Self.liquidityShare): archetype = .liquidityProvider
                case ..<(Self.informedShare + Self.liquidityShare + Self.makerShare): archetype = .marketMaker
                case ..<(Self.informedShare + Self.liquidityShare + Self.makerShare + Self.whaleShare): archetype = .whale
                default: archetype = .noise
                }
            }
            let edge: Decimal = archetype == .informed ? Decimal(Int.random(in: 8...20, using: &rng)) / 100 : 0
            wallets.append(Wallet(address: address(index), archetype: archetype, edge: edge, cluster: cluster, name: "sim-\(index)"))
        }

        var fills: [Fill] = []
        var drafts: [Draft] = []
        var income: [Income] = []
        func price(_ rng: inout SeededGenerator) -> Int { Int.random(in: 5...95, using: &rng) }
        /// The winning token's price when a wallet traded, in cents, drawn so prices are
        /// calibrated: a token priced q wins with probability q, so the winner's price has a
        /// density proportional to q (inverse CDF over 0.05…0.95).
        func winnerCents(_ rng: inout SeededGenerator) -> Int {
            let u = Double(Int.random(in: 0..<1_000_000, using: &rng)) / 1_000_000
            let (low, high) = (0.05, 0.95)
            return min(95, max(5, Int(((low * low + u * (high * high - low * low)).squareRoot() * 100).rounded())))
        }
        /// A buy of one resolved market by `wallet`. A trader without edge picks either side
        /// (calibrated prices make that worth nothing on average); an informed one picks the
        /// winner more often, so that the mean of outcome − price paid is its edge.
        func historyBuy(_ wallet: Int, market: Int, size: Decimal, at time: Int64, rng: inout SeededGenerator) {
            let winner = markets[market].winner ?? fates[market] ?? 0
            let q = winnerCents(&rng)
            let edge = NSDecimalNumber(decimal: wallets[wallet].edge).doubleValue
            let chance = min(0.98, 0.5 + edge / (2 * (1 - Double(q) / 100)))
            let picksWinner = Double(Int.random(in: 0..<1_000_000, using: &rng)) / 1_000_000 < chance
            let outcome = picksWinner ? winner : 1 - winner
            let paid = picksWinner ? q : 100 - q
            fills.append(
                Fill(wallet: wallet, market: market, outcome: outcome, side: "BUY", size: size, price: Decimal(paid) / 100, timestamp: time)
            )
        }
        // Sybil clusters: the same markets, side and size, within two minutes of each other.
        for cluster in 0..<Self.clusterCount where !history.isEmpty {
            let members = (0..<Self.clusterSize).map { 1 + cluster * Self.clusterSize + $0 }
            for _ in 0..<25 {
                let market = history[Int.random(in: 0..<history.count, using: &rng)]
                let winner = markets[market].winner ?? fates[market] ?? 0
                let q = winnerCents(&rng)
                let size = Decimal(Int.random(in: 50...400, using: &rng))
                let start = Self.historyEnd(markets[market], epoch: epoch) - Int64(Int.random(in: 3_600...2_592_000, using: &rng))
                let outcome = Int.random(in: 0...1, using: &rng)
                for member in members {
                    let paid = outcome == winner ? q : 100 - q
                    fills.append(
                        Fill(
                            wallet: member, market: market, outcome: outcome, side: "BUY", size: size, price: Decimal(paid) / 100,
                            timestamp: start + Int64(Int.random(in: 0...120, using: &rng))))
                }
            }
        }
        // And each cluster holds three open markets together, on a side of its own choosing.
        for cluster in 0..<Self.clusterCount where !current.isEmpty {
            let members = (0..<Self.clusterSize).map { 1 + cluster * Self.clusterSize + $0 }
            for _ in 0..<3 {
                let market = current[Int.random(in: 0..<current.count, using: &rng)]
                let outcome = Int.random(in: 0...1, using: &rng)
                let size = Decimal(Int.random(in: 200...800, using: &rng))
                let start = epoch - Int64(Int.random(in: 3_600...604_800, using: &rng))
                for member in members {
                    drafts.append(
                        Draft(
                            wallet: member, market: market, outcome: outcome, size: size,
                            timestamp: start + Int64(Int.random(in: 0...120, using: &rng))))
                }
            }
        }
        for wallet in wallets.indices where wallets[wallet].archetype != .sybil && !history.isEmpty {
            let archetype = wallets[wallet].archetype
            switch archetype {
            case .protocolWallet:
                fills += Self.protocolHoldings(wallet, markets: current.isEmpty ? history : current) {
                    Self.historyEnd(markets[$0], epoch: epoch)
                }
            case .liquidityProvider, .marketMaker:
                let lots = archetype == .marketMaker ? 60 : 20
                for _ in 0..<lots {
                    let market = history[Int.random(in: 0..<history.count, using: &rng)]
                    let yes = price(&rng)
                    let size = Decimal(Int.random(in: archetype == .marketMaker ? 20...100 : 100...1_000, using: &rng))
                    let time = Self.historyEnd(markets[market], epoch: epoch) - Int64(Int.random(in: 3_600...2_592_000, using: &rng))
                    let quoted = Self.quoteBothSides(wallet, market: market, yesCents: yes, size: size, at: time, rng: &rng)
                    fills += quoted.fills
                    income += quoted.income
                }
            default:
                let trades = Int.random(in: 20...60, using: &rng)
                for _ in 0..<trades {
                    let market = history[Int.random(in: 0..<history.count, using: &rng)]
                    let size: Decimal
                    switch archetype {
                    case .whale: size = Decimal(Int.random(in: 5_000...50_000, using: &rng))
                    case .informed: size = Decimal(Int.random(in: 50...2_000, using: &rng))
                    default: size = Decimal(Int.random(in: 10...500, using: &rng))
                    }
                    let time = Self.historyEnd(markets[market], epoch: epoch) - Int64(Int.random(in: 3_600...2_592_000, using: &rng))
                    historyBuy(wallet, market: market, size: size, at: time, rng: &rng)
                }
                // A few open positions of the current universe, chosen as in history (so informed
                // wallets lean toward each market's hidden fate).
                let openCount = current.isEmpty ? 0 : Int.random(in: archetype == .informed ? 2...8 : 0...4, using: &rng)
                let edge = NSDecimalNumber(decimal: wallets[wallet].edge).doubleValue
                for _ in 0..<openCount {
                    let market = current[Int.random(in: 0..<current.count, using: &rng)]
                    let size = Decimal(Int.random(in: archetype == .whale ? 2_000...20_000 : 10...500, using: &rng))
                    let time = epoch - Int64(Int.random(in: 3_600...604_800, using: &rng))
                    // Informed wallets lean toward the hidden fate; the rest pick either side.
                    let picksFate = Double(Int.random(in: 0..<1_000_000, using: &rng)) / 1_000_000 < min(0.95, 0.5 + 2 * edge)
                    let fate = fates[market] ?? 0
                    drafts.append(
                        Draft(wallet: wallet, market: market, outcome: picksFate ? fate : 1 - fate, size: size, timestamp: time))
                }
            }
        }
        fills += Self.priceOpenMarkets(drafts, markets: markets, rng: &rng)
        self.init(wallets: wallets, markets: markets, fates: fates, fills: fills, income: income)
    }

    /// The population of these inputs, built once per process: a process that starts many
    /// simulators on the same recordings, world and seed (the tests) builds it once. `universe`
    /// names the markets file and scale `open` reads the open markets from (only when it builds).
    static func shared(
        world: WalletWorld, seed: UInt64, count: Int, epoch: Int64, directory: String, universe: String,
        open: @escaping @Sendable () -> [PopulationMarket]
    ) -> WalletPopulation {
        let key = [world.rawValue, String(seed), String(count), String(epoch), directory, universe].joined(separator: "|")
        // One builder per key, made under the lock; the building itself runs outside it, once.
        let builder = built.mutate { builders in
            if let existing = builders[key] { return existing }
            let made = LoadedOnce {
                WalletPopulation(
                    world: world, seed: seed, count: count, epoch: epoch, resolved: PopulationMarket.resolved(directory: directory),
                    open: open())
            }
            builders[key] = made
            return made
        }
        return builder.value
    }

    private static let built = Locked<[String: LoadedOnce<WalletPopulation>]>([:])

    /// The population of `world` for `seed`: the easy one above, or the adversarial one (with or
    /// without its edges).
    /// Every world's history ends before the clock: only markets whose outcome was known an hour
    /// before `epoch` carry history.
    init(world: WalletWorld, seed: UInt64, count: Int, epoch: Int64, resolved all: [PopulationMarket], open: [PopulationMarket]) {
        let resolved = all.filter { $0.resolvedAt < epoch - 3_600 }
        switch world {
        case .easy: self.init(seed: seed, count: count, epoch: epoch, resolved: resolved, open: open)
        case .adversarial, .noSkill:
            self = AdversarialWorld(seed: seed, epoch: epoch, resolved: resolved, open: open, skill: world == .adversarial)
                .population(count: count)
        }
    }

    /// A population from its parts, with its lookups built.
    init(wallets: [Wallet], markets: [PopulationMarket], fates: [Int: Int], fills: [Fill], income: [Income]) {
        self.wallets = wallets
        self.markets = markets
        self.fates = fates
        self.fills = fills
        self.income = income
        walletIndex = Dictionary(uniqueKeysWithValues: wallets.enumerated().map { ($0.element.address, $0.offset) })
        marketIndex = Dictionary(markets.enumerated().map { ($0.element.conditionID, $0.offset) }, uniquingKeysWith: { first, _ in first })
        fillsByWallet = Dictionary(grouping: fills.indices, by: { fills[$0].wallet })
        fillsByMarket = Dictionary(grouping: fills.indices, by: { fills[$0].market })
        incomeByWallet = Dictionary(grouping: income.indices, by: { income[$0].wallet })
    }

    /// When a market's history of fills must end: its end of trading, its settlement when that
    /// came first, and never after the clock.
    static func historyEnd(_ market: PopulationMarket, epoch: Int64) -> Int64 {
        min(market.closesAt, market.resolvedAt, epoch)
    }

    /// The roles every world gives its first wallets: the protocol wallet, then the sybil clusters'
    /// members in order; nil past them.
    static func fixedRole(_ index: Int, clusterSize: Int, clusters: Int) -> (WalletArchetype, Int?)? {
        if index == 0 { return (.protocolWallet, nil) }
        if index <= clusterSize * clusters { return (.sybil, (index - 1) / clusterSize) }
        return nil
    }

    /// A protocol wallet's holdings: both sides of up to 40 markets at zero cost, a month before `end`.
    static func protocolHoldings(_ wallet: Int, markets: [Int], end: (Int) -> Int64) -> [Fill] {
        markets.prefix(40).flatMap { market in
            (0...1).map { outcome in
                Fill(
                    wallet: wallet, market: market, outcome: outcome, side: "BUY", size: 10_000, price: 0,
                    timestamp: end(market) - 86_400 * 30)
            }
        }
    }

    /// A liquidity provider's quote filled on both sides of a market a cent inside the mid (near-zero
    /// net exposure), and the reward and maker rebate it earned a day later.
    static func quoteBothSides(_ wallet: Int, market: Int, yesCents yes: Int, size: Decimal, at time: Int64, rng: inout SeededGenerator)
        -> (fills: [Fill], income: [Income])
    {
        let fills = [
            Fill(wallet: wallet, market: market, outcome: 0, side: "BUY", size: size, price: Decimal(yes - 1) / 100, timestamp: time),
            Fill(wallet: wallet, market: market, outcome: 1, side: "BUY", size: size, price: Decimal(99 - yes) / 100, timestamp: time + 30),
        ]
        let reward = Income(wallet: wallet, type: "REWARD", amount: Decimal(Int.random(in: 1...40, using: &rng)), timestamp: time + 86_400)
        let rebate = Income(
            wallet: wallet, type: "MAKER_REBATE", amount: Decimal(Int.random(in: 1...20, using: &rng)) / 10, timestamp: time + 86_400)
        return (fills, [reward, rebate])
    }

    /// Largest move one fill makes, and how much a dollar moves a market: a fill of n dollars
    /// moves the price of the token it buys by n / liquidity · `impactPerLiquidity` (Gamma's
    /// liquidity counts every resting order; about a tenth of it rests near the touch, and a fill
    /// eats half of what it meets there).
    static let maximumImpact = Decimal(string: "0.10")!
    static let impactPerLiquidity = Decimal(5)

    /// Prices the open markets' fills in time order: each market's YES price starts at its
    /// recorded price, every fill trades within a cent of the current price and then moves the
    /// price of the token it bought by its impact (bigger for more dollars on a thinner market).
    static func priceOpenMarkets(_ drafts: [Draft], markets: [PopulationMarket], rng: inout SeededGenerator) -> [Fill] {
        var result: [Fill] = []
        let ordered = drafts.indices.sorted {
            (drafts[$0].market, drafts[$0].timestamp, $0) < (drafts[$1].market, drafts[$1].timestamp, $1)
        }
        var yes: Decimal = 0
        var current = -1
        let cent = Decimal(string: "0.01")!
        for index in ordered {
            let draft = drafts[index]
            let market = markets[draft.market]
            if draft.market != current {
                current = draft.market
                yes = min(max(market.startPrice.rounded(scale: 2), Decimal(string: "0.03")!), Decimal(string: "0.97")!)
            }
            let quotedYes = min(max(yes + Decimal(Int.random(in: -1...1, using: &rng)) * cent, cent), 1 - cent).rounded(scale: 2)
            let price = draft.outcome == 0 ? quotedYes : 1 - quotedYes
            let push = min(maximumImpact, draft.size * price / max(market.liquidity, 5_000) * impactPerLiquidity).rounded(scale: 4)
            let moved = min(max(yes + (draft.outcome == 0 ? push : -push), Decimal(string: "0.02")!), Decimal(string: "0.98")!)
            // What the fill did to the price (a price pinned near 0 or 1 moves less than the push).
            let impact = abs(moved - yes)
            yes = moved
            result.append(
                Fill(
                    wallet: draft.wallet, market: draft.market, outcome: draft.outcome, side: "BUY", size: draft.size, price: price,
                    timestamp: draft.timestamp, impact: impact, yesAfter: moved))
        }
        return result
    }
}
