import Foundation
import Logging
import Polymarket
import Portfolios
import Postgres
import PrescientCore

/// Executes a portfolio's pending signals with virtual money against the current order books.
///
/// Each signal runs in its own transaction with the portfolio row locked (`FOR UPDATE`) and the
/// signal re-checked as still pending, so concurrent calls never execute a signal twice and never
/// spend money the portfolio does not have. Buys walk the asks, sells the bids, never past the
/// signal's limit (which must sit on the book's tick grid); fills below the book's minimum order
/// size are refused; taker fees follow the market's schedule; buys pass the risk limits. All
/// money moves through `Bookkeeping`.
struct SignalExecutor: Sendable {
    let pool: PostgresPool
    let client: PolymarketClient
    let signals: SignalRepository
    let logger: Logger
    let liquidity: SharedLiquidity

    struct Outcome: Encodable {
        let status = "success"
        let portfolio_id: Int64
        let signals_considered: Int
        let trades_executed: Int
        let signals_rejected: Int
        let skipped_already_handled: Int
        let new_balance: Decimal
        let total_invested: Decimal
        let realized_pnl: Decimal
        let rejections: [Rejection]
    }

    struct Rejection: Encodable {
        let signal_id: Int64
        let reason: String
    }

    enum Decision {
        case fill(Fill, fee: Decimal)
        case reject(String)
    }

    /// Executes the portfolio's pending signals of `cycleID` (every pending signal without one).
    func execute(portfolio: Portfolio, cycleID: String? = nil) throws -> Outcome {
        let pending = try signals.pending(portfolioID: portfolio.id, cycleID: cycleID)
        let tokens = Array(Set(pending.map(\.tokenID))).sorted()
        var books: [String: OrderBook] = [:]
        for batch in stride(from: 0, to: tokens.count, by: 500).map({ Array(tokens[$0..<min($0 + 500, tokens.count)]) }) {
            for book in try client.books(tokenIDs: batch) { books[book.assetID] = book }
        }
        let config = portfolio.config
        var executed = 0
        var rejections: [Rejection] = []
        var skipped = 0
        for signal in pending {
            guard let id = signal.id else { continue }
            let book = books[signal.tokenID]
            // Set (not appended) inside the transaction, which may run again after a deadlock.
            var rejectedFor: String?
            let result = try liquidity.withToken(signal.tokenID, book: book) { used -> (Bool?, [(Decimal, Decimal)]) in
                try pool.withTransaction { db -> (Bool?, [(Decimal, Decimal)]) in
                    let state = try db.execute(
                        "SELECT current_balance, total_invested, unrealized_pnl, status FROM portfolios WHERE id = \(portfolio.id) FOR UPDATE")[0]
                    let still = try db.execute("SELECT 1 FROM trading_signals WHERE id = \(id) AND status = 'pending' FOR UPDATE")
                    guard still.count == 1 else { return (nil, []) }
                    let status: String = try state.decode("status")
                    let decision: Decision
                    // A market the suite has not stored has no known fee, tick or exposure group:
                    // trading it would dodge the fee and the category cap, so the signal is refused.
                    guard let terms = try MarketTerms.load(marketID: signal.marketID, on: db) else {
                        rejectedFor = "market \(signal.marketID) is not in the stored universe (no known fee, tick size or category)"
                        try db.execute(
                            "UPDATE trading_signals SET status = 'rejected', status_reason = \(rejectedFor), executed_at = now() WHERE id = \(id)")
                        return (false, [])
                    }
                    var position: Bookkeeping.OpenPosition?
                    if signal.action.isBuy {
                        let exposure = try BuyExposure.load(
                            portfolioID: portfolio.id, tokenID: signal.tokenID, group: terms.group, on: db)
                        let cash: Decimal = try state.decode("current_balance")
                        let invested: Decimal = try state.decode("total_invested")
                        let unrealized: Decimal = try state.decode("unrealized_pnl")
                        let risk = RiskLimits.State(
                            cash: cash, invested: invested, unrealized: unrealized, positionCost: exposure.positionCost,
                            group: terms.group, groupCost: exposure.groupCost,
                            dailyLoss: exposure.startOfDayEquity - (cash + invested + unrealized))
                        decision = Self.decideBuy(
                            signal: signal, book: book, consumed: used, risk: risk, portfolioStatus: status,
                            openPositions: exposure.otherOpenPositions, config: config, terms: terms)
                    } else {
                        position = try Bookkeeping.openPosition(portfolioID: portfolio.id, tokenID: signal.tokenID, on: db)
                        decision = Self.decideSell(
                            signal: signal, book: book, consumed: used, position: position, portfolioStatus: status, config: config,
                            terms: terms)
                    }
                    switch decision {
                    case .reject(let reason):
                        try db.execute(
                            "UPDATE trading_signals SET status = 'rejected', status_reason = \(reason), executed_at = now() WHERE id = \(id)")
                        rejectedFor = reason
                        return (false, [])
                    case .fill(let fill, let fee):
                        let feeNote = "taker fee: rate \(terms.feeRate), exponent \(terms.feeExponent) (\(terms.feeSource))"
                        if let position {
                            _ = try Bookkeeping.recordSell(
                                fill, fee: fee, feeNote: feeNote, from: position, signalID: id, portfolioID: portfolio.id, on: db)
                        } else {
                            let target = Bookkeeping.Target(
                                portfolioID: portfolio.id, marketID: signal.marketID, tokenID: signal.tokenID,
                                outcome: signal.action.outcome, signalID: id)
                            try Bookkeeping.recordBuy(fill, fee: fee, feeNote: feeNote, target: target, entryScore: signal.confidence, on: db)
                        }
                        try db.execute("UPDATE trading_signals SET status = 'executed', executed_at = now() WHERE id = \(id)")
                        return (true, fill.levels.map { ($0.price, $0.shares) })
                    }
                }
            }
            switch result {
            case .some(true): executed += 1
            case .some(false): rejections.append(Rejection(signal_id: id, reason: rejectedFor ?? "rejected"))
            case .none: skipped += 1
            }
        }
        let after = try pool.execute("SELECT current_balance, total_invested, realized_pnl FROM portfolios WHERE id = \(portfolio.id)")[0]
        return Outcome(
            portfolio_id: portfolio.id, signals_considered: pending.count, trades_executed: executed,
            signals_rejected: rejections.count, skipped_already_handled: skipped,
            new_balance: try after.decode("current_balance"), total_invested: try after.decode("total_invested"),
            realized_pnl: try after.decode("realized_pnl"), rejections: rejections)
    }

    /// The checks every order meets first: a portfolio that may place it (a paused or halted
    /// portfolio is reduce-only: it sells but does not buy) and a limit on the book's tick grid.
    static func precheck(signal: TradingSignal, book: OrderBook?, portfolioStatus: String, terms: MarketTerms) -> String? {
        let status = Portfolio.Status(rawValue: portfolioStatus) ?? .archived
        if signal.action.isBuy && !status.opensPositions {
            return "portfolio is \(portfolioStatus): reduce-only, buys are refused"
        }
        guard status.reducesPositions else { return "portfolio is \(portfolioStatus)" }
        let tick = book?.tickSize ?? terms.tickSize ?? TickSize.standard
        guard TickSize.isOnGrid(signal.limitPrice, tick: tick) else {
            return "limit price \(signal.limitPrice) is not a multiple of the tick size \(tick)"
        }
        return nil
    }

    /// The pure decision for one buy signal: walk the asks up to the signal's limit price.
    static func decideBuy(
        signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal] = [:], risk: RiskLimits.State,
        portfolioStatus: String, openPositions: Int, config: StrategyConfig, terms: MarketTerms
    ) -> Decision {
        if let problem = precheck(signal: signal, book: book, portfolioStatus: portfolioStatus, terms: terms) { return .reject(problem) }
        guard let book, let best = book.asks.map(\.price).min() else { return .reject("no ask in the order book") }
        guard openPositions < config.maxPositions else { return .reject("max_positions \(config.maxPositions) reached") }
        let fill = BookWalk.buy(book, dollars: signal.amount, limit: signal.limitPrice, consumed: consumed)
        guard fill.shares > 0 else {
            return .reject("no depth at or below the limit \(signal.limitPrice) (best ask \(best))")
        }
        if !fill.complete && !config.partialFills {
            return .reject("book too thin: only \(fill.notional) of \(signal.amount) available at or below \(signal.limitPrice)")
        }
        let minimum = book.minOrderSize ?? 5
        guard fill.shares >= minimum else {
            return .reject("\(fill.shares) shares is below the minimum order size \(minimum)")
        }
        let fee = TakerFee.fee(fill, rate: terms.feeRate, exponent: terms.feeExponent)
        guard fill.notional + fee <= risk.cash else {
            return .reject("insufficient balance: the fill costs \(fill.notional) + fee \(fee), \(risk.cash) is left")
        }
        if let violation = RiskLimits(config: config).violation(cost: fill.notional, fee: fee, state: risk) {
            return .reject(violation)
        }
        return .fill(fill, fee: fee)
    }

    /// The pure decision for one sell signal: sell up to `amount` shares of the open position,
    /// walking the bids down to the signal's limit price.
    static func decideSell(
        signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal] = [:], position: Bookkeeping.OpenPosition?,
        portfolioStatus: String, config: StrategyConfig, terms: MarketTerms
    ) -> Decision {
        if let problem = precheck(signal: signal, book: book, portfolioStatus: portfolioStatus, terms: terms) { return .reject(problem) }
        guard let position, position.shares > 0 else { return .reject("no open position in this token to sell") }
        let wanted = min(signal.amount, position.shares).rounded(scale: 2, .down)
        guard wanted > 0 else { return .reject("\(signal.amount) shares is less than one lot") }
        guard let book, let best = book.bids.map(\.price).max() else { return .reject("no bid in the order book") }
        let fill = BookWalk.sell(book, shares: wanted, limit: signal.limitPrice, consumed: consumed)
        guard fill.shares > 0 else {
            return .reject("no depth at or above the limit \(signal.limitPrice) (best bid \(best))")
        }
        if !fill.complete && !config.partialFills {
            return .reject("book too thin: only \(fill.shares) of \(wanted) shares bid at or above \(signal.limitPrice)")
        }
        let minimum = book.minOrderSize ?? 5
        guard fill.shares >= minimum else {
            return .reject("\(fill.shares) shares is below the minimum order size \(minimum)")
        }
        return .fill(fill, fee: TakerFee.fee(fill, rate: terms.feeRate, exponent: terms.feeExponent))
    }
}
