import Foundation
import PrescientCore

/// `GET /paper-trading/portfolio?portfolio_id=…`: a portfolio's money and positions with their
/// current marks, as operators read it (and as the orchestrator snapshots it every cycle).
public struct PortfolioView: Codable, Sendable, Equatable, CarriesPortfolioFigures {
    /// One open position with its mark.
    public struct Position: Codable, Sendable, Equatable {
        public var marketID: MarketID
        public var question: String?
        public var tokenID: TokenID
        public var outcome: String
        public var shares: Decimal
        public var averagePrice: Decimal
        public var costBasis: Decimal
        public var currentPrice: Decimal?
        public var marketValue: Decimal?
        public var unrealizedPnl: Decimal
        public var priceUpdatedAt: Date?

        enum CodingKeys: String, CodingKey {
            case marketID = "market_id", question, tokenID = "token_id", outcome, shares, averagePrice = "average_price",
                costBasis = "cost_basis", currentPrice = "current_price", marketValue = "market_value",
                unrealizedPnl = "unrealized_pnl", priceUpdatedAt = "price_updated_at"
        }

        public init(
            marketID: MarketID, question: String?, tokenID: TokenID, outcome: String, shares: Decimal, averagePrice: Decimal,
            costBasis: Decimal, currentPrice: Decimal?, marketValue: Decimal?, unrealizedPnl: Decimal, priceUpdatedAt: Date?
        ) {
            self.marketID = marketID
            self.question = question
            self.tokenID = tokenID
            self.outcome = outcome
            self.shares = shares
            self.averagePrice = averagePrice
            self.costBasis = costBasis
            self.currentPrice = currentPrice
            self.marketValue = marketValue
            self.unrealizedPnl = unrealizedPnl
            self.priceUpdatedAt = priceUpdatedAt
        }
    }

    /// The identity and money every answer about a portfolio shows (read through as `view.balance` …).
    public var figures: PortfolioFigures
    /// The open positions at their marks (a position without a mark at its cost).
    public var positionsValue: Decimal
    public var equity: Decimal
    public var lastPriceUpdate: Date?
    /// Absent in lists and in a cycle's snapshot.
    public var positions: [Position]?

    enum CodingKeys: String, CodingKey {
        case positionsValue = "positions_value", equity, lastPriceUpdate = "last_price_update", positions
    }

    /// A view of `figures`; `equity` is `MoneyFigures.equity` of its cash and of `openCost`, the
    /// cost basis of the positions the view was built from (the same rows as `positionsValue`,
    /// so one answer never disagrees with itself if a fill lands between two reads), and its
    /// unrealised P&L.
    public init(figures: PortfolioFigures, openCost: Decimal, positionsValue: Decimal, lastPriceUpdate: Date?, positions: [Position]?) {
        self.figures = figures
        self.positionsValue = positionsValue
        equity = MoneyFigures.equity(cash: figures.balance, invested: openCost, unrealized: figures.unrealizedPnl)
        self.lastPriceUpdate = lastPriceUpdate
        self.positions = positions
    }

    public init(from decoder: any Decoder) throws {
        figures = try PortfolioFigures(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        positionsValue = try c.decode(Decimal.self, forKey: .positionsValue)
        equity = try c.decode(Decimal.self, forKey: .equity)
        lastPriceUpdate = try c.decodeIfPresent(Date.self, forKey: .lastPriceUpdate)
        positions = try c.decodeIfPresent([Position].self, forKey: .positions)
    }

    public func encode(to encoder: any Encoder) throws {
        try figures.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(positionsValue, forKey: .positionsValue)
        try c.encode(equity, forKey: .equity)
        try c.encodeIfPresent(lastPriceUpdate, forKey: .lastPriceUpdate)
        try c.encodeIfPresent(positions, forKey: .positions)
    }
}
