import Contracts
import Foundation
import Portfolios
import Postgres
import PrescientCore

/// Every change to a portfolio's money: buy fills, sell fills, fees and settlement payouts. Each
/// writes the trade or settlement, the position, the portfolio totals and the ledger rows on the
/// caller's connection, inside the caller's transaction, with the portfolio row already locked
/// (`FOR UPDATE`). Owns the ledger's SQL, so the books cannot drift between code paths.
///
/// The identity every write keeps, exactly: initial + realised P&L (gross of fees) − fees paid =
/// cash + cost basis of open positions (fees excluded), and cash = Σ ledger.
public enum Bookkeeping {
    /// Where a fill belongs.
    public struct Target: Sendable {
        public let portfolioID: PortfolioID
        public let marketID: MarketID
        public let tokenID: TokenID
        public let outcome: String
        /// The signal the fill executes, if any (`trades.signal_id` is unique: one fill per signal).
        public let signalID: Int64?

        public init(portfolioID: PortfolioID, marketID: MarketID, tokenID: TokenID, outcome: String, signalID: Int64?) {
            self.portfolioID = portfolioID
            self.marketID = marketID
            self.tokenID = tokenID
            self.outcome = outcome
            self.signalID = signalID
        }
    }

    /// An open position, as read under its row lock.
    public struct OpenPosition: Sendable {
        public let id: Int64
        public let marketID: MarketID
        public let tokenID: TokenID
        public let outcome: String
        public let shares: Decimal
        public let costBasis: Decimal

        public init(id: Int64, marketID: MarketID, tokenID: TokenID, outcome: String, shares: Decimal, costBasis: Decimal) {
            self.id = id
            self.marketID = marketID
            self.tokenID = tokenID
            self.outcome = outcome
            self.shares = shares
            self.costBasis = costBasis
        }

        init(row: PostgresRow) throws {
            id = try row.decode("id")
            marketID = try row.decode("market_id")
            tokenID = try row.decode("token_id")
            outcome = try row.decode("outcome")
            shares = try row.decode("shares")
            costBasis = try row.decode("cost_basis")
        }
    }

    /// What a sell did to the position.
    public struct SellResult: Sendable {
        public let tradeID: Int64
        public let costRemoved: Decimal
        public let realizedPnl: Decimal
        public let closed: Bool
    }

    /// A portfolio's money and status, as read under its row lock.
    public struct LockedPortfolio: Sendable {
        public let cash: Decimal
        public let invested: Decimal
        public let unrealized: Decimal
        public let status: PortfolioStatus
    }

    /// Locks the portfolio row for the rest of the transaction (the first lock every money
    /// change takes) and reads its money; nil when the portfolio does not exist.
    @discardableResult
    public static func lockPortfolio(_ portfolioID: PortfolioID, on db: PostgresConnection) throws -> LockedPortfolio? {
        try db.execute(
            "SELECT current_balance, total_invested, unrealized_pnl, status FROM portfolios WHERE id = \(portfolioID) FOR UPDATE"
        ).rows.first.map { row in
            LockedPortfolio(
                cash: try row.decode("current_balance"), invested: try row.decode("total_invested"),
                unrealized: try row.decode("unrealized_pnl"), status: try row.decode("status", asCaseOf: PortfolioStatus.self))
        }
    }

    /// The open position in `tokenID`, locked for the rest of the transaction.
    public static func openPosition(portfolioID: PortfolioID, tokenID: TokenID, on db: PostgresConnection) throws -> OpenPosition? {
        try db.execute(
            """
            SELECT id, market_id, token_id, outcome, shares, cost_basis FROM portfolio_positions
            WHERE portfolio_id = \(portfolioID) AND token_id = \(tokenID) AND status = 'open' FOR UPDATE
            """
        ).rows.first.map(OpenPosition.init(row:))
    }

    /// Records a buy: adds to (or opens) the position, moves cash into cost basis, pays the fee.
    /// `entryScore` is kept from the opening fill (the scaling bands measure drops from it).
    @discardableResult
    public static func recordBuy(
        _ fill: Fill, fee: Decimal, feeNote: String = "taker fee", target: Target, entryScore: Decimal?, on db: PostgresConnection
    ) throws -> Int64 {
        let shares = fill.shares
        let cost = fill.notional
        let price = (cost / shares).rounded(scale: 6)
        let positionID = try db.execute(
            """
            INSERT INTO portfolio_positions (portfolio_id, market_id, token_id, outcome, shares, cost_basis, current_price,
                                             unrealized_pnl, entry_score, peak_shares)
            VALUES (\(target.portfolioID), \(target.marketID), \(target.tokenID), \(target.outcome), \(shares), \(cost), \(price),
                    \(shares * price - cost), \(entryScore), \(shares))
            ON CONFLICT (portfolio_id, token_id) WHERE status = 'open' DO UPDATE SET
                shares = portfolio_positions.shares + EXCLUDED.shares,
                cost_basis = portfolio_positions.cost_basis + EXCLUDED.cost_basis,
                peak_shares = GREATEST(COALESCE(portfolio_positions.peak_shares, 0), portfolio_positions.shares + EXCLUDED.shares),
                unrealized_pnl = (portfolio_positions.shares + EXCLUDED.shares) * COALESCE(portfolio_positions.current_price, EXCLUDED.current_price)
                    - (portfolio_positions.cost_basis + EXCLUDED.cost_basis),
                updated_at = now()
            RETURNING id
            """)[0].decode("id", as: Int64.self)
        let tradeID = try insertTrade(
            target: target, positionID: positionID, side: .buy, shares: shares, price: price, amount: cost, fee: fee,
            costRemoved: 0, realized: 0, on: db)
        let afterFill = try db.execute(
            """
            UPDATE portfolios SET current_balance = current_balance - \(cost), total_invested = total_invested + \(cost),
                updated_at = now()
            WHERE id = \(target.portfolioID) RETURNING current_balance
            """)[0].decode("current_balance", as: Decimal.self)
        try ledger(
            target.portfolioID, kind: "buy_fill", amount: -cost, balanceAfter: afterFill, tradeID: tradeID, reference: reference(target),
            note: "buy \(shares) \(target.outcome) at avg \(price) over \(fill.levels.count) level(s)", on: db)
        try payFee(fee, note: feeNote, target: target, tradeID: tradeID, on: db)
        try refreshUnrealized(portfolioIDs: [target.portfolioID], on: db)
        return tradeID
    }

    /// Records a sell of `fill.shares` from `position`: the proceeds come in, the cost basis goes
    /// out in proportion to the shares sold (rounded to the micro-dollar; all of it when the
    /// position closes), and the difference is realised P&L (gross of fees); the fee is paid.
    /// The cost basis a sale of `sold` shares takes out of `position`: pro rata to the shares
    /// (6 decimals), all of it when the sale closes the position.
    public static func costRemoved(selling sold: Decimal, from position: OpenPosition) -> Decimal {
        position.shares - sold == 0
            ? position.costBasis : min(position.costBasis, (position.costBasis * sold / position.shares).rounded(scale: 6))
    }

    /// `position` as a sale of `sold` shares leaves it.
    public static func position(_ position: OpenPosition, afterSelling sold: Decimal) -> OpenPosition {
        OpenPosition(
            id: position.id, marketID: position.marketID, tokenID: position.tokenID, outcome: position.outcome,
            shares: position.shares - sold, costBasis: position.costBasis - costRemoved(selling: sold, from: position))
    }

    public static func recordSell(
        _ fill: Fill, fee: Decimal, feeNote: String = "taker fee", from position: OpenPosition, signalID: Int64?, portfolioID: PortfolioID,
        on db: PostgresConnection
    ) throws -> SellResult {
        let sold = fill.shares
        let proceeds = fill.notional
        let remaining = position.shares - sold
        precondition(sold > 0 && remaining >= 0, "a sell must take between a lot and the whole position")
        let costRemoved = costRemoved(selling: sold, from: position)
        let realized = proceeds - costRemoved
        let price = (proceeds / sold).rounded(scale: 6)
        let target = Target(
            portfolioID: portfolioID, marketID: position.marketID, tokenID: position.tokenID, outcome: position.outcome, signalID: signalID)
        let closes = remaining == 0
        try db.execute(
            """
            UPDATE portfolio_positions SET shares = shares - \(sold), cost_basis = cost_basis - \(costRemoved),
                realized_pnl = realized_pnl + \(realized),
                unrealized_pnl = CASE WHEN \(closes)::boolean THEN 0
                    ELSE \(remaining)::numeric * COALESCE(current_price, \(price)::numeric) - (cost_basis - \(costRemoved)::numeric) END,
                status = CASE WHEN \(closes)::boolean THEN 'closed' ELSE status END,
                closed_at = CASE WHEN \(closes)::boolean THEN now() ELSE closed_at END,
                updated_at = now()
            WHERE id = \(position.id)
            """)
        let tradeID = try insertTrade(
            target: target, positionID: position.id, side: .sell, shares: sold, price: price, amount: proceeds, fee: fee,
            costRemoved: costRemoved, realized: realized, on: db)
        let afterFill = try db.execute(
            """
            UPDATE portfolios SET current_balance = current_balance + \(proceeds), total_invested = total_invested - \(costRemoved),
                realized_pnl = realized_pnl + \(realized), updated_at = now()
            WHERE id = \(portfolioID) RETURNING current_balance
            """)[0].decode("current_balance", as: Decimal.self)
        try ledger(
            portfolioID, kind: "sell_fill", amount: proceeds, balanceAfter: afterFill, tradeID: tradeID, reference: reference(target),
            note: "sell \(sold) \(position.outcome) at avg \(price) over \(fill.levels.count) level(s); realised \(realized)", on: db)
        try payFee(fee, note: feeNote, target: target, tradeID: tradeID, on: db)
        try refreshUnrealized(portfolioIDs: [portfolioID], on: db)
        return SellResult(tradeID: tradeID, costRemoved: costRemoved, realizedPnl: realized, closed: remaining == 0)
    }

    /// How a settled position ended.
    public enum SettlementOutcome: String, Sendable {
        case won, lost, void
    }

    /// Settles an open position: winning shares pay $1, losing shares nothing, a void market
    /// refunds the cost basis. Returns the payout, or nil when the position was already settled,
    /// is no longer open (the unique `settlements.position_id` makes a second pass pay nothing), or
    /// `resolve` cannot say how its token ended (the position is then flagged and stays open).
    public static func recordSettlement(
        positionID: Int64, portfolioID: PortfolioID, outcome resolve: (_ tokenID: TokenID) -> SettlementOutcome?, on db: PostgresConnection
    ) throws -> Decimal? {
        guard
            let position = try db.execute(
                """
                SELECT id, market_id, token_id, outcome, shares, cost_basis FROM portfolio_positions
                WHERE id = \(positionID) AND status = 'open' FOR UPDATE
                """
            ).rows.first.map(OpenPosition.init(row:))
        else { return nil }
        guard let outcome = resolve(position.tokenID) else {
            try db.execute(
                """
                UPDATE portfolio_positions SET settlement_note = 'awaiting resolution: the market does not list this token', updated_at = now()
                WHERE id = \(positionID)
                """)
            return nil
        }
        let paid: Decimal
        switch outcome {
        case .won: paid = position.shares
        case .lost: paid = 0
        case .void: paid = position.costBasis
        }
        let pnl = paid - position.costBasis
        guard
            let settlementID = try db.execute(
                """
                INSERT INTO settlements (portfolio_id, position_id, market_id, token_id, resolution, shares, cost_basis, payout, realized_pnl)
                VALUES (\(portfolioID), \(positionID), \(position.marketID), \(position.tokenID), \(outcome.rawValue), \(position.shares),
                        \(position.costBasis), \(paid), \(pnl))
                ON CONFLICT (position_id) DO NOTHING RETURNING id
                """
            ).rows.first.map({ try $0.decode("id", as: Int64.self) })
        else { return nil }
        try db.execute(
            """
            UPDATE portfolio_positions SET status = 'closed', closed_at = now(), realized_pnl = realized_pnl + \(pnl), unrealized_pnl = 0,
                current_price = \(position.shares > 0 ? paid / position.shares : 0), settlement_note = \("settled: \(outcome.rawValue)"),
                updated_at = now()
            WHERE id = \(positionID)
            """)
        let balance = try db.execute(
            """
            UPDATE portfolios SET current_balance = current_balance + \(paid), total_invested = total_invested - \(position.costBasis),
                realized_pnl = realized_pnl + \(pnl), updated_at = now()
            WHERE id = \(portfolioID) RETURNING current_balance
            """)[0].decode("current_balance", as: Decimal.self)
        try db.execute(
            """
            INSERT INTO ledger (portfolio_id, kind, amount, balance_after, settlement_id, reference, note)
            VALUES (\(portfolioID), 'settlement', \(paid), \(balance), \(settlementID), \("market:\(position.marketID)"),
                    \("\(outcome.rawValue): \(position.shares) shares of \(position.tokenID.rawValue.prefix(12))…"))
            """)
        try refreshUnrealized(portfolioIDs: [portfolioID], on: db)
        return paid
    }

    /// Sets each portfolio's unrealised P&L to the sum over its open positions (zero when it has
    /// none), so the stored figure never outlives a sale, a settlement or a new mark. The one
    /// definition of equity everywhere is then cash + cost basis + unrealised P&L = cash + the
    /// marked value of the open positions. The caller holds the portfolio rows' locks (taken in
    /// id order when there are several). Returns how many portfolios changed.
    @discardableResult
    public static func refreshUnrealized(portfolioIDs: [PortfolioID], on db: PostgresConnection) throws -> Int {
        try db.execute(
            """
            UPDATE portfolios p SET unrealized_pnl = s.unrealized, updated_at = now()
            FROM (SELECT q.id, COALESCE((SELECT sum(x.unrealized_pnl) FROM portfolio_positions x
                                         WHERE x.portfolio_id = q.id AND x.status = 'open'), 0) AS unrealized
                  FROM portfolios q WHERE q.id = ANY(\(portfolioIDs.map(String.init))::bigint[])) s
            WHERE p.id = s.id AND p.unrealized_pnl IS DISTINCT FROM s.unrealized
            """
        ).affectedRows
    }

    private static func insertTrade(
        target: Target, positionID: Int64, side: OrderSide, shares: Decimal, price: Decimal, amount: Decimal, fee: Decimal,
        costRemoved: Decimal, realized: Decimal, on db: PostgresConnection
    ) throws -> Int64 {
        try db.execute(
            """
            INSERT INTO trades (portfolio_id, signal_id, position_id, market_id, token_id, outcome, side, shares, price, amount, fee,
                                cost_removed, realized_pnl)
            VALUES (\(target.portfolioID), \(target.signalID), \(positionID), \(target.marketID), \(target.tokenID), \(target.outcome),
                    \(side.rawValue), \(shares), \(price), \(amount), \(fee), \(costRemoved), \(realized))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    private static func payFee(_ fee: Decimal, note: String, target: Target, tradeID: Int64, on db: PostgresConnection) throws {
        guard fee > 0 else { return }
        let afterFee = try db.execute(
            """
            UPDATE portfolios SET current_balance = current_balance - \(fee), fees_paid = fees_paid + \(fee), updated_at = now()
            WHERE id = \(target.portfolioID) RETURNING current_balance
            """)[0].decode("current_balance", as: Decimal.self)
        try ledger(
            target.portfolioID, kind: "fee", amount: -fee, balanceAfter: afterFee, tradeID: tradeID, reference: reference(target),
            note: note, on: db)
    }

    private static func ledger(
        _ portfolioID: PortfolioID, kind: String, amount: Decimal, balanceAfter: Decimal, tradeID: Int64, reference: String, note: String,
        on db: PostgresConnection
    ) throws {
        try db.execute(
            """
            INSERT INTO ledger (portfolio_id, kind, amount, balance_after, trade_id, reference, note)
            VALUES (\(portfolioID), \(kind), \(amount), \(balanceAfter), \(tradeID), \(reference), \(note))
            """)
    }

    static func reference(_ target: Target) -> String {
        target.signalID.map { "signal:\($0)" } ?? "market:\(target.marketID)"
    }
}

extension Bookkeeping {
    /// Empties every portfolio and all its money (positions, ledger, trades, settlements, history
    /// and whatever else references a portfolio), ids from 1 again: a replay schema's fresh start.
    public static func clearAccounts(pool: PostgresPool) throws {
        _ = try pool.execute("TRUNCATE portfolios RESTART IDENTITY CASCADE")
    }

    /// Opens a portfolio's account in `db`'s transaction: its row holding `initialBalance` and the
    /// deposit in the ledger. Returns the new `portfolios` row.
    public static func openAccount(
        name: String, type: String, configJSON: String?, initialBalance: Decimal, note: String, on db: PostgresConnection
    ) throws -> PostgresRow {
        let row = try db.execute(
            """
            INSERT INTO portfolios (name, strategy_type, strategy_config, initial_balance, current_balance)
            VALUES (\(name), \(type), COALESCE(\(configJSON)::jsonb, '{}'::jsonb), \(initialBalance), \(initialBalance))
            RETURNING *
            """)[0]
        let id: Int64 = try row.decode("id")
        try db.execute(
            """
            INSERT INTO ledger (portfolio_id, kind, amount, balance_after, note)
            VALUES (\(id), 'deposit', \(initialBalance), \(initialBalance), \(note))
            """)
        return row
    }
}
