import Foundation
import PrescientCore

/// One row of `GET /trading/portfolio-summary`: a portfolio's money and its last cycle.
public struct PortfolioSummary: Codable, Sendable, Equatable, CarriesPortfolioFigures {
    /// The identity and money every answer about a portfolio shows (read through as `summary.balance` …).
    public var figures: PortfolioFigures
    public var trades: Int
    public var lastCycleID: String?
    public var lastCycleStatus: String?
    public var lastCycleAt: Date?

    enum CodingKeys: String, CodingKey {
        case trades, lastCycleID = "last_cycle_id", lastCycleStatus = "last_cycle_status", lastCycleAt = "last_cycle_at"
    }

    public init(figures: PortfolioFigures, trades: Int, lastCycleID: String?, lastCycleStatus: String?, lastCycleAt: Date?) {
        self.figures = figures
        self.trades = trades
        self.lastCycleID = lastCycleID
        self.lastCycleStatus = lastCycleStatus
        self.lastCycleAt = lastCycleAt
    }

    public init(from decoder: any Decoder) throws {
        figures = try PortfolioFigures(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        trades = try c.decode(Int.self, forKey: .trades)
        lastCycleID = try c.decodeIfPresent(String.self, forKey: .lastCycleID)
        lastCycleStatus = try c.decodeIfPresent(String.self, forKey: .lastCycleStatus)
        lastCycleAt = try c.decodeIfPresent(Date.self, forKey: .lastCycleAt)
    }

    public func encode(to encoder: any Encoder) throws {
        try figures.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(trades, forKey: .trades)
        try c.encodeIfPresent(lastCycleID, forKey: .lastCycleID)
        try c.encodeIfPresent(lastCycleStatus, forKey: .lastCycleStatus)
        try c.encodeIfPresent(lastCycleAt, forKey: .lastCycleAt)
    }
}

/// `GET /trading/portfolio-summary`.
public struct PortfolioSummaryList: Codable, Sendable, Equatable {
    public var portfolios: [PortfolioSummary]

    public init(portfolios: [PortfolioSummary]) {
        self.portfolios = portfolios
    }
}
