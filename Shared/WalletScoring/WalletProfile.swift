import Foundation
import PrescientCore

/// A wallet's record as it stood at one moment (`asOf`): built only from fills before that moment
/// and from outcomes known before it, so a profile used at time t never looks ahead.
public struct WalletProfile: Sendable, Equatable {
    public let asOf: Int64
    /// Skill over the positions resolved before `asOf` (one resolved buy per market and outcome).
    public let skill: WalletSkill
    /// Skill over the resolved buys at or below `contrarianPrice` (against a 70% consensus).
    public let contrarian: WalletSkill
    public let indicators: WalletClass.Indicators
    public let walletClass: WalletClass
    /// Dollars bought per category, most first (at most three).
    public let topCategories: [CategoryVolume]
    /// Distinct markets bought.
    public let marketsTraded: Int
    /// The last fill before `asOf`, epoch seconds.
    public let lastActive: Int64?
    /// Reward and rebate income before `asOf`.
    public let liquidityIncome: Decimal

    /// The price at or below which a buy goes against the market's consensus.
    public static let contrarianPrice = Decimal(string: "0.30")!

    /// Dollars bought in one category.
    public struct CategoryVolume: Sendable, Equatable {
        public let category: String
        public let volume: Decimal
    }

    /// The profile as of `asOf` (epoch seconds): fills at or after it are ignored, and a market
    /// counts as resolved only when its outcome was known before it. Void markets resolve nothing.
    /// Each market-and-outcome bought is one resolved buy at its average price (sells are not
    /// scored: skill is about the prices a wallet buys at).
    public init(fills allFills: [WalletFill], income allIncome: [WalletIncome], outcomes: [String: MarketOutcome], asOf: Int64) {
        self.asOf = asOf
        let fills = allFills.filter { $0.timestamp < asOf }
        let buys = fills.filter(\.isBuy)
        struct Holding {
            var shares: Decimal = 0
            var cost: Decimal = 0
        }
        var holdings: [String: [Int: Holding]] = [:]
        for fill in buys {
            holdings[fill.market, default: [:]][fill.outcome, default: Holding()].shares += fill.size
            holdings[fill.market, default: [:]][fill.outcome, default: Holding()].cost += fill.usdc
        }
        var resolved: [ResolvedBuy] = []
        for (market, sides) in holdings.sorted(by: { $0.key < $1.key }) {
            guard let outcome = outcomes[market], outcome.resolvedAt < asOf, let winner = outcome.winner else { continue }
            for (index, holding) in sides.sorted(by: { $0.key < $1.key }) where holding.shares > 0 {
                resolved.append(
                    ResolvedBuy(price: holding.cost / holding.shares, stake: holding.cost, won: index == winner, market: market))
            }
        }
        skill = WalletSkill(resolved)
        contrarian = WalletSkill(resolved.filter { $0.price <= Self.contrarianPrice })
        liquidityIncome = allIncome.filter { $0.timestamp < asOf }.reduce(0) { $0 + $1.amount }
        marketsTraded = holdings.count
        lastActive = fills.map(\.timestamp).max()

        var volumes: [String: Decimal] = [:]
        for fill in buys { volumes[fill.category, default: 0] += fill.usdc }
        topCategories = volumes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map {
            CategoryVolume(category: $0.key, volume: $0.value)
        }

        let income = NSDecimalNumber(decimal: liquidityIncome).doubleValue
        let settled = abs(NSDecimalNumber(decimal: skill.realizedPnl).doubleValue)
        let bothSides = holdings.values.filter { $0.count >= 2 }.count
        let days = Set(fills.map { $0.timestamp / 86_400 }).count
        let sizes = fills.map { NSDecimalNumber(decimal: $0.usdc).doubleValue }
        let mean = sizes.isEmpty ? 0 : sizes.reduce(0, +) / Double(sizes.count)
        let variance = sizes.count < 2 ? 0 : sizes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sizes.count - 1)
        indicators = WalletClass.Indicators(
            liquidityIncomeShare: income + settled > 0 ? income / (income + settled) : 0,
            bothSidesShare: holdings.isEmpty ? 0 : Double(bothSides) / Double(holdings.count),
            zeroCostShare: buys.isEmpty ? 0 : Double(buys.filter { $0.price == 0 }.count) / Double(buys.count),
            tradesPerActiveDay: days == 0 ? 0 : Double(fills.count) / Double(days),
            sizeVariation: mean > 0 ? variance.squareRoot() / mean : 0,
            trades: fills.count)
        walletClass = WalletClass.classify(indicators)
    }
}
