import Foundation

/// What kind of wallet a record looks like, from indicators (`polymarket-wallet-api.md` §3.10,
/// `production-scanner-todo.ru.md` §1): liquidity providers and market makers live on rewards,
/// rebates and both sides of a book; a bot trades all day in near-constant sizes; a protocol
/// wallet holds both sides at zero cost. Only traders can ever count as smart money.
public enum WalletClass: String, Sendable, Codable, CaseIterable {
    case trader
    case liquidityProvider = "liquidity_provider"
    case marketMaker = "market_maker"
    case bot
    case protocolWallet = "protocol"

    /// The indicators a classification reads.
    public struct Indicators: Sendable, Equatable {
        /// Reward and rebate income over that income plus settled trading P&L in absolute terms.
        public var liquidityIncomeShare: Double
        /// Markets bought on both sides over markets bought.
        public var bothSidesShare: Double
        /// Buys at zero cost over buys.
        public var zeroCostShare: Double
        /// Fills per day with at least one fill.
        public var tradesPerActiveDay: Double
        /// Coefficient of variation of fill sizes in dollars (0: every fill the same size).
        public var sizeVariation: Double
        /// Fills counted.
        public var trades: Int

        public init(
            liquidityIncomeShare: Double, bothSidesShare: Double, zeroCostShare: Double, tradesPerActiveDay: Double = 0,
            sizeVariation: Double = 1, trades: Int = 0
        ) {
            self.liquidityIncomeShare = liquidityIncomeShare
            self.bothSidesShare = bothSidesShare
            self.zeroCostShare = zeroCostShare
            self.tradesPerActiveDay = tradesPerActiveDay
            self.sizeVariation = sizeVariation
            self.trades = trades
        }
    }

    /// Fills beyond which a two-sided wallet is a market maker rather than a liquidity provider.
    public static let marketMakerTrades = 100
    /// Fills per active day beyond which near-constant sizes mark a bot.
    public static let botTradesPerDay = 50.0

    /// The class the indicators point to: a protocol wallet when most buys cost nothing; a
    /// two-sided wallet (mostly both sides, or living on liquidity income) is a market maker when
    /// it trades often, else a liquidity provider; a wallet trading all day in near-constant sizes
    /// is a bot; otherwise a trader.
    public static func classify(_ indicators: Indicators) -> WalletClass {
        if indicators.zeroCostShare >= 0.5 { return .protocolWallet }
        if indicators.bothSidesShare >= 0.5 || indicators.liquidityIncomeShare >= 0.3 {
            return indicators.trades >= marketMakerTrades ? .marketMaker : .liquidityProvider
        }
        if indicators.tradesPerActiveDay >= botTradesPerDay && indicators.sizeVariation < 0.25 { return .bot }
        return .trader
    }

    /// Whether a wallet of this class may count as smart money.
    public var maySignal: Bool { self == .trader }
}
