import Foundation
import Polymarket
import PrescientCore

/// The simulated wallet world as plain values, truth included: for research harnesses that score
/// the product's pure ranking and detectors against what the simulator knows, seed after seed,
/// without starting services (`prescient-bench-evidence`, the no-skill control test). Nothing in
/// the product reads it.
public struct WalletWorldSnapshot: Sendable {
    public struct Wallet: Sendable {
        public let address: String
        public let archetype: String
        /// The true price-relative edge (0 for every wallet of the no-skill world).
        public let edge: Decimal
        public let cluster: Int?
    }

    public struct Fill: Sendable {
        public let wallet: Int
        public let market: Int
        public let outcome: Int
        public let isBuy: Bool
        public let size: Decimal
        public let price: Decimal
        public let timestamp: Int64
        /// How far the fill moved the price of what it bought.
        public let impact: Decimal
        /// The YES price after the fill (open markets' priced fills).
        public let yesAfter: Decimal?
    }

    public struct Market: Sendable {
        public let conditionID: String
        /// The winning outcome of a resolved market.
        public let winner: Int?
        /// When a resolved market's outcome became known.
        public let resolvedAt: Int64
        /// An open market's hidden fate (the outcome that will win).
        public let fate: Int?
        /// An open market's YES price before the population traded it.
        public let startPrice: Decimal
    }

    public struct Income: Sendable {
        public let wallet: Int
        public let amount: Decimal
        public let timestamp: Int64
    }

    /// The simulator's clock: every history ends before it.
    public let clock: Int64
    public let wallets: [Wallet]
    public let fills: [Fill]
    public let markets: [Market]
    public let income: [Income]

    /// The recorded markets a world is built on, read once for many seeds.
    public struct Source: Sendable {
        let epoch: Int64
        let resolved: [PopulationMarket]
        let open: [PopulationMarket]

        /// Reads the dataset's resolved markets and the universe's 200 busiest open markets.
        public init(datasetDirectory: String, marketsFile: String) throws {
            let universe = try MarketUniverse.load(path: datasetDirectory + "/" + marketsFile, scale: 0)
            epoch = universe.epoch
            resolved = PopulationMarket.resolved(directory: datasetDirectory)
            open = Simulator.openPopulationMarkets(universe, count: 200)
        }

        /// The world the simulator would serve with these settings.
        public func world(_ world: WalletWorld, seed: UInt64, wallets: Int) -> WalletWorldSnapshot {
            WalletWorldSnapshot(
                WalletPopulation(world: world, seed: seed, count: wallets, epoch: epoch, resolved: resolved, open: open), clock: epoch)
        }
    }

    init(_ population: WalletPopulation, clock: Int64) {
        self.clock = clock
        wallets = population.wallets.map {
            Wallet(address: $0.address, archetype: $0.archetype.rawValue, edge: $0.edge, cluster: $0.cluster)
        }
        fills = population.fills.map {
            Fill(
                wallet: $0.wallet, market: $0.market, outcome: $0.outcome, isBuy: $0.side == "BUY", size: $0.size, price: $0.price,
                timestamp: $0.timestamp, impact: $0.impact, yesAfter: $0.yesAfter)
        }
        markets = population.markets.enumerated().map { index, market in
            Market(
                conditionID: market.conditionID, winner: market.winner, resolvedAt: market.resolvedAt, fate: population.fates[index],
                startPrice: market.startPrice)
        }
        income = population.income.map { Income(wallet: $0.wallet, amount: $0.amount, timestamp: $0.timestamp) }
    }
}
