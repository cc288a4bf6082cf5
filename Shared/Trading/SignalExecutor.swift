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
public struct SignalExecutor: Sendable {
    /// Where the signals, money and positions are kept.
    let store: any TradingStore
    /// The books fills walk: the CLOB's when trading, a book model's when replaying.
    let quotes: any QuoteSource
    let logger: Logger
    let asOf: Date?
    let liquidity: SharedLiquidity

    typealias Rejection = ExecuteSignalsResult.Rejection

    /// What became of one unit of signals.
    enum UnitResult {
        case executed(Int)
        case rejected([Rejection])
        case alreadyHandled(Int)
    }

    /// Executes the portfolio's pending signals of `cycleID` (every pending signal without one).
    /// `asOf` is the time the daily-loss limit measures its UTC day from: a replay's step; nil is
    /// the database's clock (live).
    public init(
        store: any TradingStore, quotes: any QuoteSource, logger: Logger, liquidity: SharedLiquidity = SharedLiquidity(),
        asOf: Date? = nil
    ) {
        self.store = store
        self.quotes = quotes
        self.logger = logger
        self.liquidity = liquidity
        self.asOf = asOf
    }

    /// An executor on the PostgreSQL books of `pool`.
    public init(
        pool: PostgresPool, quotes: any QuoteSource, logger: Logger, liquidity: SharedLiquidity = SharedLiquidity(), asOf: Date? = nil
    ) {
        self.init(store: PostgresTradingStore(pool: pool), quotes: quotes, logger: logger, liquidity: liquidity, asOf: asOf)
    }

    public func execute(portfolio: Portfolio, cycleID: CycleID? = nil) throws -> ExecuteSignalsResult {
        try execute([(portfolio, cycleID)])[portfolio.id]!.get()
    }

    /// Executes each portfolio's pending signals of its cycle, against one fetch of the books of
    /// every token they name (one book fetch per token for the whole batch); each portfolio's
    /// units run as they would alone, and a portfolio that fails fails alone.
    public func execute(_ batch: [(portfolio: Portfolio, cycleID: CycleID?)]) throws -> [PortfolioID: Result<
        ExecuteSignalsResult, any Error
    >] {
        let pending = try store.pendingSignals(of: batch.map { ($0.portfolio.id, $0.cycleID) })
        let tokens = Array(Set(pending.values.joined().map(\.tokenID))).sorted()
        var books: [TokenID: OrderBook] = [:]
        // Execution's book fetches come first in the rate budget: quotes never starve them.
        try RequestPriority.critical {
            for start in stride(from: 0, to: tokens.count, by: 500) {
                for book in try quotes.books(tokenIDs: tokens[start..<min(start + 500, tokens.count)].map(\.rawValue)) {
                    books[TokenID(book.assetID)] = book
                }
            }
        }
        let terms = try store.marketTerms(Array(Set(pending.values.joined().map(\.marketID))))
        var outcomes: [PortfolioID: Result<ExecuteSignalsResult, any Error>] = [:]
        var passes: [PortfolioID: (considered: Int, executed: Int, rejections: [Rejection], skipped: Int)] = [:]
        for (portfolio, _) in batch {
            let mine = pending[portfolio.id] ?? []
            var pass = (considered: mine.count, executed: 0, rejections: [Rejection](), skipped: 0)
            do {
                // A lone buy the book alone refuses needs no transaction: its refusals are
                // written together after the portfolio's other units ran.
                var refused: [(id: Int64, reason: String)] = []
                for unit in Self.units(mine) {
                    if let refusal = refusalWithoutState(unit, portfolio: portfolio, books: books, terms: terms) {
                        refused.append(refusal)
                        continue
                    }
                    switch try execute(unit, portfolio: portfolio, books: books) {
                    case .executed(let count): pass.executed += count
                    case .rejected(let refusals): pass.rejections += refusals
                    case .alreadyHandled(let count): pass.skipped += count
                    }
                }
                let rejected = try store.rejectPending(refused)
                pass.rejections += refused.filter { rejected.contains($0.id) }.map { Rejection(signalID: $0.id, reason: $0.reason) }
                pass.skipped += refused.count - rejected.count
                pass.rejections.sort { $0.signalID < $1.signalID }
                passes[portfolio.id] = pass
            } catch {
                outcomes[portfolio.id] = .failure(error)
            }
        }
        let money = try store.money(of: Array(passes.keys))
        for (id, pass) in passes {
            guard let after = money[id] else {
                outcomes[id] = .failure(PortfolioNotFound(id: id))
                continue
            }
            outcomes[id] = .success(
                ExecuteSignalsResult(
                    portfolioID: id, signalsConsidered: pass.considered, tradesExecuted: pass.executed,
                    signalsRejected: pass.rejections.count, skippedAlreadyHandled: pass.skipped, newBalance: after.cash,
                    totalInvested: after.invested, realizedPnl: after.realizedPnl, rejections: pass.rejections))
        }
        return outcomes
    }

    /// The refusal of a unit that is a single buy which the book refuses whatever the
    /// portfolio's money and positions (see `bookRefusal`), judged on the depth other fills left;
    /// nil for every other unit (those run in a transaction).
    func refusalWithoutState(
        _ unit: [TradingSignal], portfolio: Portfolio, books: [TokenID: OrderBook], terms: [MarketID: MarketTerms]
    ) -> (id: Int64, reason: String)? {
        // Only for a portfolio that may buy: a status refusal is judged under the row lock.
        guard portfolio.status.opensPositions, unit.count == 1, let signal = unit.first, signal.action.isBuy, let id = signal.id,
            let marketTerms = terms[signal.marketID]
        else { return nil }
        let book = books[signal.tokenID]
        return Self.bookRefusal(
            signal: signal, book: book, consumed: liquidity.consumed(token: signal.tokenID, book: book),
            portfolioStatus: portfolio.status, terms: marketTerms
        ).map { (id, $0) }
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

    /// Executes one unit as one unit of the store's work: every signal fills, or none does.
    func execute(_ unit: [TradingSignal], portfolio: Portfolio, books: [TokenID: OrderBook]) throws -> UnitResult {
        let ids = unit.compactMap(\.id)
        // Set (not appended) inside the transaction, which may run again after a deadlock.
        var refused: [Rejection] = []
        let result = try liquidity.withTokens(unit.map(\.tokenID), books: books) { used -> (UnitResult, [TokenID: [(Decimal, Decimal)]]) in
            try store.withUnit { db -> (UnitResult, [TokenID: [(Decimal, Decimal)]]) in
                var plan = try UnitPlan.begin(portfolioID: portfolio.id, signalIDs: ids, asOf: asOf, on: db)
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
    static func reject(_ unit: [TradingSignal], because reason: String, failing: TradingSignal, on db: any TradingUnit) throws
        -> [Rejection]
    {
        try unit.compactMap(\.id).map { id in
            let text =
                id == failing.id || unit.count == 1
                ? reason
                : "group \(failing.groupID ?? ""): leg \(failing.id.map(String.init) ?? "?") was refused (\(reason)); no leg executes alone"
            try db.markSignal(id, executed: false, reason: text)
            return Rejection(signalID: id, reason: text)
        }
    }
}
