import Contracts
import Foundation
import Portfolios
import PrescientCore

/// The money's books in memory, with the PostgreSQL store's rules: a unit's writes land together
/// or not at all, units run one at a time, and every fill books its trade, position, portfolio
/// totals and ledger rows as `Bookkeeping` does. For the money-path tests (no database, whole
/// cycles in milliseconds) and replays that keep nothing.
public final class InMemoryTradingStore: TradingStore, @unchecked Sendable {
    // Safe because `books` is read and written only while `lock` is held; a unit holds it from
    // its first read to its commit.
    private let lock = NSLock()
    private var books = Books()
    private let clock: @Sendable () -> Date

    /// An empty store; `clock` is "now" for units whose executor has no `asOf`.
    public init(clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
    }

    // MARK: Setting up

    /// Opens a portfolio's account holding `initialBalance` (a deposit in the ledger); returns its id.
    @discardableResult
    public func openAccount(initialBalance: Decimal, status: Portfolio.Status = .active) -> PortfolioID {
        locked { books in
            let id = PortfolioID(books.nextID())
            books.accounts[id] = Account(initial: initialBalance, cash: initialBalance, status: status)
            books.ledger.append(
                LedgerRow(
                    id: books.nextID(), portfolioID: id, kind: "deposit", amount: initialBalance, balanceAfter: initialBalance,
                    tradeID: nil,
                    reference: nil))
            return id
        }
    }

    /// Sets a portfolio's status (paused, halted, …).
    public func setStatus(_ status: Portfolio.Status, of portfolioID: PortfolioID) {
        locked { $0.accounts[portfolioID]?.status = status }
    }

    /// Makes a market known, with its terms.
    public func addMarket(_ marketID: MarketID, terms: MarketTerms) {
        locked { $0.markets[marketID] = terms }
    }

    /// A write PostgreSQL's constraints would refuse (and roll the unit back for): cash below
    /// zero, a second fill of one signal, a second signal of one cycle, market and action.
    public struct ConstraintViolation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Stores a pending signal; returns its id. A second signal of the same portfolio, cycle,
    /// market and action is refused, as `trading_signals`' unique key refuses it.
    @discardableResult
    public func addSignal(_ signal: TradingSignal) throws -> Int64 {
        try locked { books in
            guard
                !books.signals.values.contains(where: {
                    $0.portfolioID == signal.portfolioID && $0.cycleID == signal.cycleID && $0.marketID == signal.marketID
                        && $0.action == signal.action
                })
            else {
                throw ConstraintViolation(
                    description: "a signal of cycle \(signal.cycleID) already names \(signal.marketID) \(signal.action)")
            }
            var stored = signal
            let id = books.nextID()
            stored.id = id
            stored.status = .pending
            books.signals[id] = stored
            return id
        }
    }

    /// Records a portfolio's equity at `capturedAt` (the daily-loss limit's start of day).
    public func recordEquity(_ equity: Decimal, of portfolioID: PortfolioID, at capturedAt: Date) {
        locked { $0.history[portfolioID, default: []].append((capturedAt, equity)) }
    }

    // MARK: Reading the books

    /// A signal as it stands now.
    public func signal(_ id: Int64) -> TradingSignal? {
        locked { $0.signals[id] }
    }

    /// Every signal, oldest first.
    public func allSignals() -> [TradingSignal] {
        locked { books in books.signals.values.sorted { ($0.id ?? 0) < ($1.id ?? 0) } }
    }

    /// A portfolio's positions, open and closed, oldest first.
    public func positions(of portfolioID: PortfolioID) -> [StoredPosition] {
        locked { books in books.positions.values.filter { $0.portfolioID == portfolioID }.sorted { $0.id < $1.id } }
    }

    /// A portfolio's trades, oldest first.
    public func trades(of portfolioID: PortfolioID) -> [StoredTrade] {
        locked { books in books.trades.filter { $0.portfolioID == portfolioID } }
    }

    /// A portfolio's ledger, oldest first.
    public func ledger(of portfolioID: PortfolioID) -> [LedgerRow] {
        locked { books in books.ledger.filter { $0.portfolioID == portfolioID } }
    }

    // MARK: TradingStore

    public func pendingSignals(of cycles: [(portfolioID: PortfolioID, cycleID: CycleID?)]) throws -> [PortfolioID: [TradingSignal]] {
        locked { books in
            var found: [PortfolioID: [TradingSignal]] = [:]
            for signal in books.signals.values where signal.status == .pending {
                if cycles.contains(where: { $0.portfolioID == signal.portfolioID && ($0.cycleID == nil || $0.cycleID == signal.cycleID) }) {
                    found[signal.portfolioID, default: []].append(signal)
                }
            }
            return found.mapValues { $0.sorted { ($0.id ?? 0) < ($1.id ?? 0) } }
        }
    }

    public func rejectPending(_ refusals: [(id: Int64, reason: String)]) throws -> Set<Int64> {
        locked { books in
            var rejected: Set<Int64> = []
            for (id, reason) in refusals where books.signals[id]?.status == .pending {
                books.mark(id, executed: false, reason: reason)
                rejected.insert(id)
            }
            return rejected
        }
    }

    public func marketTerms(_ marketIDs: [MarketID]) throws -> [MarketID: MarketTerms] {
        locked { books in
            var found: [MarketID: MarketTerms] = [:]
            for id in marketIDs { found[id] = books.markets[id] }
            return found
        }
    }

    public func money(of portfolioIDs: [PortfolioID]) throws -> [PortfolioID: PortfolioMoney] {
        locked { books in
            var found: [PortfolioID: PortfolioMoney] = [:]
            for id in portfolioIDs {
                guard let account = books.accounts[id] else { continue }
                found[id] = PortfolioMoney(
                    cash: account.cash, invested: account.invested, realizedPnl: account.realized, unrealizedPnl: account.unrealized,
                    feesPaid: account.fees)
            }
            return found
        }
    }

    /// Runs `body` on a copy of the books and keeps the copy when it returns; the books are
    /// locked meanwhile, so `body` must not call this store (only the unit it is given).
    public func withUnit<Result>(_ body: (any TradingUnit) throws -> Result) throws -> Result {
        let now = clock()
        lock.lock()
        defer { lock.unlock() }
        let unit = Unit(books: books, now: now)
        let result = try body(unit)
        books = unit.books
        return result
    }

    private func locked<Result>(_ body: (inout Books) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&books)
    }
}
