import Foundation

/// `GET /wallets/{address}` and each row of `GET /wallets`: a wallet's profile as of `asOf`,
/// measured against the prices it paid.
public struct WalletProfileView: Codable, Sendable, Equatable {
    public var address: String
    /// Only fills before this moment and outcomes known before it were read.
    public var asOf: Date
    /// When its activity was last read from the Data API.
    public var fetchedAt: Date?
    /// `trader`, `liquidity_provider`, `market_maker`, `bot` or `protocol`.
    public var walletClass: String
    /// A trader with enough resolved markets and a positive shrunk edge; never a classified wallet.
    public var smartMoney: Bool
    public var resolvedMarkets: Int
    public var wins: Int
    public var winRate: Decimal
    /// Wilson lower bound of the win rate at 95%.
    public var winRateLowerBound: Decimal
    /// mean(outcome − price paid) over resolved buys.
    public var edge: Decimal
    /// The edge shrunk toward the population (empirical Bayes): the trust it has earned.
    public var shrunkEdge: Decimal
    /// The posterior standard deviation of the shrunk edge, √(σ²_skill·k/(n+k)): 0 when the
    /// population shows no measurable skill.
    public var shrunkEdgeSD: Decimal
    /// Wins against what the prices expected, in standard deviations (Poisson-binomial).
    public var zScore: Decimal
    public var realizedPnl: Decimal
    public var roi: Decimal
    /// Gains over losses; nil without a losing buy.
    public var omega: Decimal?
    /// Reward and maker-rebate income.
    public var liquidityIncome: Decimal
    /// Resolved buys at 0.30 or less (against a 70% consensus) and the edge on them.
    public var contrarianResolved: Int
    public var contrarianEdge: Decimal
    public var marketsTraded: Int
    public var lastActive: Date?
    public var topCategories: [CategoryVolume]
    public var indicators: Indicators

    /// Dollars bought in one category.
    public struct CategoryVolume: Codable, Sendable, Equatable {
        public var category: String
        public var volume: Decimal

        public init(category: String, volume: Decimal) {
            self.category = category
            self.volume = volume
        }
    }

    /// What the classification read.
    public struct Indicators: Codable, Sendable, Equatable {
        public var liquidityIncomeShare: Decimal
        public var bothSidesShare: Decimal
        public var zeroCostShare: Decimal
        public var tradesPerActiveDay: Decimal
        public var sizeVariation: Decimal
        public var trades: Int

        public init(
            liquidityIncomeShare: Decimal, bothSidesShare: Decimal, zeroCostShare: Decimal, tradesPerActiveDay: Decimal,
            sizeVariation: Decimal, trades: Int
        ) {
            self.liquidityIncomeShare = liquidityIncomeShare
            self.bothSidesShare = bothSidesShare
            self.zeroCostShare = zeroCostShare
            self.tradesPerActiveDay = tradesPerActiveDay
            self.sizeVariation = sizeVariation
            self.trades = trades
        }

        enum CodingKeys: String, CodingKey {
            case liquidityIncomeShare = "liquidity_income_share", bothSidesShare = "both_sides_share"
            case zeroCostShare = "zero_cost_share", tradesPerActiveDay = "trades_per_active_day"
            case sizeVariation = "size_variation", trades
        }
    }

    public init(
        address: String, asOf: Date, fetchedAt: Date?, walletClass: String, smartMoney: Bool, resolvedMarkets: Int, wins: Int,
        winRate: Decimal, winRateLowerBound: Decimal, edge: Decimal, shrunkEdge: Decimal, zScore: Decimal, realizedPnl: Decimal,
        roi: Decimal, omega: Decimal?, liquidityIncome: Decimal, contrarianResolved: Int, contrarianEdge: Decimal, marketsTraded: Int,
        lastActive: Date?, topCategories: [CategoryVolume],
        indicators: Indicators, shrunkEdgeSD: Decimal = 0
    ) {
        self.shrunkEdgeSD = shrunkEdgeSD
        self.address = address
        self.asOf = asOf
        self.fetchedAt = fetchedAt
        self.walletClass = walletClass
        self.smartMoney = smartMoney
        self.resolvedMarkets = resolvedMarkets
        self.wins = wins
        self.winRate = winRate
        self.winRateLowerBound = winRateLowerBound
        self.edge = edge
        self.shrunkEdge = shrunkEdge
        self.zScore = zScore
        self.realizedPnl = realizedPnl
        self.roi = roi
        self.omega = omega
        self.liquidityIncome = liquidityIncome
        self.contrarianResolved = contrarianResolved
        self.contrarianEdge = contrarianEdge
        self.marketsTraded = marketsTraded
        self.lastActive = lastActive
        self.topCategories = topCategories
        self.indicators = indicators
    }

    enum CodingKeys: String, CodingKey {
        case address, asOf = "as_of", fetchedAt = "fetched_at", walletClass = "wallet_class", smartMoney = "smart_money"
        case resolvedMarkets = "resolved_markets", wins, winRate = "win_rate", winRateLowerBound = "win_rate_lower_bound", edge
        case shrunkEdge = "shrunk_edge", shrunkEdgeSD = "shrunk_edge_sd", zScore = "z_score", realizedPnl = "realized_pnl", roi, omega
        case liquidityIncome = "liquidity_income", contrarianResolved = "contrarian_resolved", contrarianEdge = "contrarian_edge"
        case marketsTraded = "markets_traded", lastActive = "last_active"
        case topCategories = "top_categories", indicators
    }
}
