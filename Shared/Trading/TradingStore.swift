import Contracts
import Foundation
import Portfolios
import PrescientCore

/// Where the money path keeps its books: pending signals, portfolios' money, positions, trades
/// and the ledger. `SignalExecutor` decides every fill in memory and asks its store only to read
/// what a decision needs and to book what was decided.
///
/// Two implementations: `PostgresTradingStore` (the services' store: one transaction per unit
/// with the portfolio row locked) and `InMemoryTradingStore` (tests, and replays that need no
/// database). Both keep the same identity: initial + realised P&L − fees = cash + cost basis of
/// open positions, and cash = Σ ledger.
public protocol TradingStore: Sendable {
    /// Pending signals of each portfolio (of its cycle when one is given, else all), oldest first.
    func pendingSignals(of cycles: [(portfolioID: PortfolioID, cycleID: CycleID?)]) throws -> [PortfolioID: [TradingSignal]]

    /// Marks each still-pending signal rejected with its reason; returns the ids it rejected (the
    /// others were handled by another execution first).
    func rejectPending(_ refusals: [(id: Int64, reason: String)]) throws -> Set<Int64>

    /// The terms of each known market of `marketIDs` (unknown ones are absent).
    func marketTerms(_ marketIDs: [MarketID]) throws -> [MarketID: MarketTerms]

    /// Each portfolio's money as it stands now (unknown ids are absent).
    func money(of portfolioIDs: [PortfolioID]) throws -> [PortfolioID: PortfolioMoney]

    /// Runs `body` as one unit of work on the portfolio's books: every write it makes lands, or
    /// none does, and no other unit touches the same portfolio meanwhile. `body` may run again
    /// (after a deadlock), so it must not keep state from an earlier attempt.
    func withUnit<Result>(_ body: (any TradingUnit) throws -> Result) throws -> Result
}

/// What one unit of work may read and write, inside its transaction.
public protocol TradingUnit {
    /// Locks the portfolio for the rest of the unit (the first lock every money change takes)
    /// and reads its money; nil when it does not exist.
    func lockPortfolio(_ portfolioID: PortfolioID) throws -> Bookkeeping.LockedPortfolio?

    /// Locks the signals of `ids` that are still pending; returns how many there are.
    func lockPendingSignals(_ ids: [Int64]) throws -> Int

    /// The terms of one market, nil when the store does not know it.
    func marketTerms(_ marketID: MarketID) throws -> MarketTerms?

    /// What a buy of `tokenID` is judged against: the portfolio's cost in the token, its group
    /// and region, its other open positions and its equity at the start of `asOf`'s UTC day.
    func buyExposure(portfolioID: PortfolioID, tokenID: TokenID, group: String, region: String?, asOf: Date?) throws -> BuyExposure

    /// The open position in `tokenID`, locked for the rest of the unit.
    func openPosition(portfolioID: PortfolioID, tokenID: TokenID) throws -> Bookkeeping.OpenPosition?

    /// Books a buy fill and its fee; returns the trade's id.
    @discardableResult
    func recordBuy(_ fill: Fill, fee: Decimal, feeNote: String, target: Bookkeeping.Target, entryScore: Decimal?) throws -> Int64

    /// Books a sale of `fill.shares` from `position` and its fee.
    @discardableResult
    func recordSell(
        _ fill: Fill, fee: Decimal, feeNote: String, from position: Bookkeeping.OpenPosition, signalID: Int64?, portfolioID: PortfolioID
    )
        throws -> Bookkeeping.SellResult

    /// Marks one signal executed, or rejected with `reason`.
    func markSignal(_ id: Int64, executed: Bool, reason: String?) throws
}

/// A portfolio's money columns.
public struct PortfolioMoney: Sendable, Equatable {
    public let cash: Decimal
    public let invested: Decimal
    public let realizedPnl: Decimal
    public let unrealizedPnl: Decimal
    public let feesPaid: Decimal

    public init(cash: Decimal, invested: Decimal, realizedPnl: Decimal, unrealizedPnl: Decimal, feesPaid: Decimal) {
        self.cash = cash
        self.invested = invested
        self.realizedPnl = realizedPnl
        self.unrealizedPnl = unrealizedPnl
        self.feesPaid = feesPaid
    }
}
