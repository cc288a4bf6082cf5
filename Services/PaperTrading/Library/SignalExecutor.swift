import Contracts
import Foundation
import Logging
import Polymarket
import Portfolios
import Postgres
import PrescientCore

/// Executes a portfolio's pending signals with virtual money against the current order books.
///
/// Signals run in units: a signal alone, or every signal of a group (an arbitrage's legs), all
/// or nothing. Each unit is one transaction with the portfolio row locked (`FOR UPDATE`) and its
/// signals re-checked as still pending, so concurrent calls never execute a signal twice and never
/// spend money the portfolio does not have. Buys walk the asks, sells the bids, never past the
/// signal's limit (which must sit on the book's tick grid); fills below the book's minimum order
/// size are refused; taker fees follow the market's own terms; buys pass the risk limits, a
/// group's legs counted together. All money moves through `Bookkeeping`.
struct SignalExecutor: Sendable {
    let pool: PostgresPool
    let client: PolymarketClient
    let signals: SignalRepository
    let logger: Logger
    let liquidity: SharedLiquidity

    typealias Rejection = ExecuteSignalsResult.Rejection

    /// What became of one unit of signals.
    enum UnitResult {
        case executed(Int)
        case rejected([Rejection])
        case alreadyHandled(Int)
    }

    /// Executes the portfolio's pending signals of `cycleID` (every pending signal without one).
    func execute(portfolio: Portfolio, cycleID: String? = nil) throws -> ExecuteSignalsResult {
        let pending = try signals.pending(portfolioID: portfolio.id, cycleID: cycleID)
        let tokens = Array(Set(pending.map(\.tokenID))).sorted()
        var books: [String: OrderBook] = [:]
        for batch in stride(from: 0, to: tokens.count, by: 500).map({ Array(tokens[$0..<min($0 + 500, tokens.count)]) }) {
            for book in try client.books(tokenIDs: batch) { books[book.assetID] = book }
        }
        var executed = 0
        var rejections: [Rejection] = []
        var skipped = 0
        for unit in Self.units(pending) {
            switch try execute(unit, portfolio: portfolio, books: books) {
            case .executed(let count): executed += count
            case .rejected(let refused): rejections += refused
            case .alreadyHandled(let count): skipped += count
            }
        }
        let after = try pool.execute("SELECT current_balance, total_invested, realized_pnl FROM portfolios WHERE id = \(portfolio.id)")[0]
        return ExecuteSignalsResult(
            portfolioID: portfolio.id, signalsConsidered: pending.count, tradesExecuted: executed,
            signalsRejected: rejections.count, skippedAlreadyHandled: skipped,
            newBalance: try after.decode("current_balance"), totalInvested: try after.decode("total_invested"),
            realizedPnl: try after.decode("realized_pnl"), rejections: rejections)
    }

    /// The signals in execution units, oldest first: each group together, every other signal alone.
    static func units(_ pending: [TradingSignal]) -> [[TradingSignal]] {
        var units: [[TradingSignal]] = []
        var groupIndex: [String: Int] = [:]
        for signal in pending {
            if let group = signal.groupID, let index = groupIndex[group] {
                units[index].append(signal)
            } else {
                if let group = signal.groupID { groupIndex[group] = units.count }
                units.append([signal])
            }
        }
        return units
    }

    /// Executes one unit in one transaction: every signal fills, or none does.
    func execute(_ unit: [TradingSignal], portfolio: Portfolio, books: [String: OrderBook]) throws -> UnitResult {
        let ids = unit.compactMap(\.id)
        // Set (not appended) inside the transaction, which may run again after a deadlock.
        var refused: [Rejection] = []
        let result = try liquidity.withTokens(unit.map(\.tokenID), books: books) { used -> (UnitResult, [String: [(Decimal, Decimal)]]) in
            try pool.withTransaction { db -> (UnitResult, [String: [(Decimal, Decimal)]]) in
                var plan = try UnitPlan.begin(portfolioID: portfolio.id, signalIDs: ids, on: db)
                guard plan.stillPending else { return (.alreadyHandled(ids.count), [:]) }
                for signal in unit {
                    if let reason = try plan.add(
                        signal, book: books[signal.tokenID], consumed: used[signal.tokenID] ?? [:], config: portfolio.config, on: db)
                    {
                        refused = try Self.reject(unit, because: reason, failing: signal, on: db)
                        return (.rejected(refused), [:])
                    }
                }
                return (.executed(ids.count), try plan.record(portfolioID: portfolio.id, on: db))
            }
        }
        return result
    }

    /// Marks every signal of the unit rejected: the failing one with its reason, the others (legs
    /// of the same group) with the reason their group failed.
    static func reject(_ unit: [TradingSignal], because reason: String, failing: TradingSignal, on db: PostgresConnection) throws
        -> [Rejection]
    {
        try unit.compactMap(\.id).map { id in
            let text =
                id == failing.id || unit.count == 1
                ? reason
                : "group \(failing.groupID ?? ""): leg \(failing.id.map(String.init) ?? "?") was refused (\(reason)); no leg executes alone"
            try db.execute("UPDATE trading_signals SET status = 'rejected', status_reason = \(text), executed_at = now() WHERE id = \(id)")
            return Rejection(signalID: id, reason: text)
        }
    }
}
