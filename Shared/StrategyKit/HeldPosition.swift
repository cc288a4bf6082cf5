import Foundation
import Postgres
import PrescientCore

/// An open position with its market, as the exit policies judge it.
public struct HeldPosition: Sendable {
    public let positionID: Int64
    public let market: CandidateMarket
    public let tokenID: TokenID
    public let outcome: String
    public let shares: Decimal
    public let costBasis: Decimal
    /// The most shares the position ever held (the scaling bands' "full").
    public let peakShares: Decimal
    /// The strategy score the position was opened on, if known.
    public let entryScore: Decimal?

    public init(
        positionID: Int64, market: CandidateMarket, tokenID: TokenID, outcome: String, shares: Decimal, costBasis: Decimal,
        peakShares: Decimal, entryScore: Decimal?
    ) {
        self.positionID = positionID
        self.market = market
        self.tokenID = tokenID
        self.outcome = outcome
        self.shares = shares
        self.costBasis = costBasis
        self.peakShares = peakShares
        self.entryScore = entryScore
    }

    init(row: PostgresRow) throws {
        let shares: Decimal = try row.decode("shares")
        self.init(
            positionID: try row.decode("position_id"), market: try CandidateMarket(row: row), tokenID: try row.decode("token_id"),
            outcome: try row.decode("outcome"), shares: shares, costBasis: try row.decode("cost_basis"),
            peakShares: try row.decodeIfPresent("peak_shares") ?? shares, entryScore: try row.decodeIfPresent("entry_score"))
    }

    /// Whether the position holds the market's YES token.
    public var isYes: Bool { tokenID.rawValue == market.yesTokenID }
}

extension MarketPool {
    /// The portfolio's open positions whose markets are still known, oldest first.
    public func heldPositions(portfolioID: PortfolioID) throws -> [HeldPosition] {
        try heldPositions(portfolioIDs: [portfolioID])[portfolioID] ?? []
    }

    /// The open positions of each portfolio whose markets are still known, oldest first, by
    /// portfolio, in one query.
    public func heldPositions(portfolioIDs: [PortfolioID]) throws -> [PortfolioID: [HeldPosition]] {
        guard !portfolioIDs.isEmpty else { return [:] }
        let rows = try pool.execute(
            """
            SELECT p.portfolio_id, p.id AS position_id, p.token_id, p.outcome, p.shares, p.cost_basis, p.peak_shares, p.entry_score,
                   \(unescaped: Self.columns)
            FROM portfolio_positions p JOIN markets m ON m.id = p.market_id
            WHERE p.portfolio_id = ANY(\(portfolioIDs)::bigint[]) AND p.status = 'open' AND p.shares > 0
              AND m.yes_token_id IS NOT NULL AND m.no_token_id IS NOT NULL
            ORDER BY p.id
            """
        ).rows
        var held: [PortfolioID: [HeldPosition]] = [:]
        for row in rows { held[try row.decode("portfolio_id"), default: []].append(try HeldPosition(row: row)) }
        return held
    }
}
