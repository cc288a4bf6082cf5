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
/// spend money the portfolio does not have. Buys fill at the best ask (the full book walk, fees and
/// risk limits arrive with the money-management work).
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

    func execute(portfolio: Portfolio) throws -> Outcome {
        let pending = try signals.pending(portfolioID: portfolio.id)
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
            let result = try liquidity.withToken(signal.tokenID, hash: book?.hash) { used -> (Bool?, [(Decimal, Decimal)]) in
                try pool.withTransaction { db -> (Bool?, [(Decimal, Decimal)]) in
                    let state = try db.execute(
                        "SELECT current_balance, total_invested, unrealized_pnl, status FROM portfolios WHERE id = \(portfolio.id) FOR UPDATE")[0]
                    let positionCost = try db.execute(
                        """
                        SELECT COALESCE(sum(cost_basis), 0) AS cost FROM portfolio_positions
                        WHERE portfolio_id = \(portfolio.id) AND token_id = \(signal.tokenID) AND status = 'open'
                        """)[0].decode("cost", as: Decimal.self)
                    let risk = RiskLimits.State(
                        cash: try state.decode("current_balance"), invested: try state.decode("total_invested"),
                        unrealized: try state.decode("unrealized_pnl"), positionCost: positionCost)
                    let still = try db.execute("SELECT 1 FROM trading_signals WHERE id = \(id) AND status = 'pending' FOR UPDATE")
                    guard still.count == 1 else { return (nil, []) }
                    let openPositions = try db.execute(
                        """
                        SELECT count(*) FILTER (WHERE token_id <> \(signal.tokenID)) AS others
                        FROM portfolio_positions WHERE portfolio_id = \(portfolio.id) AND status = 'open'
                        """)[0].decode("others", as: Int.self)
                    let market = try db.execute("SELECT fees_enabled, category FROM markets WHERE id = \(signal.marketID)").rows.first
                    let feeRate = try market.map { row -> Decimal in
                        try row.decode("fees_enabled", as: Bool.self) ? TakerFee.rate(category: try row.decodeIfPresent("category")) : 0
                    } ?? 0
                    let decision = Self.decide(
                        signal: signal, book: book, consumed: used, risk: risk, portfolioStatus: try state.decode("status"),
                        openPositions: openPositions, config: config, feeRate: feeRate)
                    switch decision {
                    case .reject(let reason):
                        try db.execute(
                            "UPDATE trading_signals SET status = 'rejected', status_reason = \(reason), executed_at = now() WHERE id = \(id)")
                        rejections.append(Rejection(signal_id: id, reason: reason))
                        return (false, [])
                    case .fill(let fill, let fee):
                        try record(fill: fill, fee: fee, signal: signal, signalID: id, on: db)
                        return (true, fill.levels.map { ($0.price, $0.shares) })
                    }
                }
            }
            switch result {
            case .some(true): executed += 1
            case .some(false): break
            case .none: skipped += 1
            }
        }
        let after = try pool.execute("SELECT current_balance, total_invested FROM portfolios WHERE id = \(portfolio.id)")[0]
        return Outcome(
            portfolio_id: portfolio.id, signals_considered: pending.count, trades_executed: executed,
            signals_rejected: rejections.count, skipped_already_handled: skipped,
            new_balance: try after.decode("current_balance"), total_invested: try after.decode("total_invested"),
            rejections: rejections)
    }

    /// The pure decision for one buy signal: walk the asks up to the signal's limit price.
    static func decide(
        signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal] = [:], risk: RiskLimits.State,
        portfolioStatus: String, openPositions: Int, config: StrategyConfig, feeRate: Decimal
    ) -> Decision {
        let balance = risk.cash
        guard portfolioStatus == "active" else { return .reject("portfolio is \(portfolioStatus)") }
        guard signal.action.isBuy else { return .reject("sell signals are not supported yet") }
        guard let book, let best = book.asks.map(\.price).min() else { return .reject("no ask in the order book") }
        guard openPositions < config.maxPositions else { return .reject("max_positions \(config.maxPositions) reached") }
        let fill = BookWalk.buy(book, dollars: signal.amount, limit: signal.limitPrice, consumed: consumed)
        guard fill.shares > 0, let average = fill.averagePrice else {
            return .reject("no depth at or below the limit \(signal.limitPrice) (best ask \(best))")
        }
        if !fill.complete && !config.partialFills {
            return .reject("book too thin: only \(fill.notional) of \(signal.amount) available at or below \(signal.limitPrice)")
        }
        let minimum = book.minOrderSize ?? 5
        guard fill.shares >= minimum else {
            return .reject("\(fill.shares) shares is below the minimum order size \(minimum)")
        }
        let fee = TakerFee.fee(fill, rate: feeRate)
        guard fill.notional + fee <= balance else {
            return .reject("insufficient balance: the fill costs \(fill.notional) + fee \(fee), \(balance) is left")
        }
        if let violation = RiskLimits(config: config).violation(cost: fill.notional, fee: fee, state: risk) {
            return .reject(violation)
        }
        _ = average
        return .fill(fill, fee: fee)
    }

    private func record(fill: Fill, fee: Decimal, signal: TradingSignal, signalID: Int64, on db: PostgresConnection) throws {
        let shares = fill.shares
        let cost = fill.notional
        let price = (cost / shares).rounded(scale: 6)
        let tradeID = try db.execute(
            """
            INSERT INTO trades (portfolio_id, signal_id, market_id, token_id, outcome, side, shares, price, amount, fee)
            VALUES (\(signal.portfolioID), \(signalID), \(signal.marketID), \(signal.tokenID), \(signal.action.outcome), 'buy',
                    \(shares), \(price), \(cost), \(fee))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
        try db.execute(
            """
            INSERT INTO portfolio_positions (portfolio_id, market_id, token_id, outcome, shares, cost_basis, current_price)
            VALUES (\(signal.portfolioID), \(signal.marketID), \(signal.tokenID), \(signal.action.outcome), \(shares), \(cost), \(price))
            ON CONFLICT (portfolio_id, token_id) WHERE status = 'open' DO UPDATE SET
                shares = portfolio_positions.shares + EXCLUDED.shares,
                cost_basis = portfolio_positions.cost_basis + EXCLUDED.cost_basis,
                unrealized_pnl = (portfolio_positions.shares + EXCLUDED.shares) * COALESCE(portfolio_positions.current_price, EXCLUDED.current_price)
                    - (portfolio_positions.cost_basis + EXCLUDED.cost_basis),
                updated_at = now()
            """)
        let afterFill = try db.execute(
            """
            UPDATE portfolios SET current_balance = current_balance - \(cost), total_invested = total_invested + \(cost),
                updated_at = now()
            WHERE id = \(signal.portfolioID) RETURNING current_balance
            """)[0].decode("current_balance", as: Decimal.self)
        try db.execute(
            """
            INSERT INTO ledger (portfolio_id, kind, amount, balance_after, trade_id, reference, note)
            VALUES (\(signal.portfolioID), 'buy_fill', \(-cost), \(afterFill), \(tradeID), \("signal:\(signalID)"),
                    \("buy \(shares) \(signal.action.outcome) at avg \(price) over \(fill.levels.count) level(s)"))
            """)
        if fee > 0 {
            let afterFee = try db.execute(
                """
                UPDATE portfolios SET current_balance = current_balance - \(fee), fees_paid = fees_paid + \(fee), updated_at = now()
                WHERE id = \(signal.portfolioID) RETURNING current_balance
                """)[0].decode("current_balance", as: Decimal.self)
            try db.execute(
                """
                INSERT INTO ledger (portfolio_id, kind, amount, balance_after, trade_id, reference, note)
                VALUES (\(signal.portfolioID), 'fee', \(-fee), \(afterFee), \(tradeID), \("signal:\(signalID)"), 'taker fee')
                """)
        }
        try db.execute("UPDATE trading_signals SET status = 'executed', executed_at = now() WHERE id = \(signalID)")
    }
}
