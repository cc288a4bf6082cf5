import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// Every portfolio's books, checked from the outside: fees = Σ trade fees, initial + realised − fees
/// = cash + cost basis, invested = cost basis, cash = initial + trade flows + payouts = Σ ledger,
/// and the service's own reconcile says ok.
func expectMoneyReconciles(_ stack: TradingStack) throws {
    let rows = try stack.pool.execute(
        """
        SELECT p.id, p.initial_balance, p.current_balance, p.realized_pnl, p.total_invested, p.fees_paid,
               COALESCE((SELECT sum(fee) FROM trades t WHERE t.portfolio_id = p.id), 0) AS trade_fees,
               COALESCE((SELECT sum(cost_basis) FROM portfolio_positions x WHERE x.portfolio_id = p.id AND x.status = 'open'), 0) AS basis,
               COALESCE((SELECT sum(CASE WHEN side = 'buy' THEN -amount ELSE amount END - fee) FROM trades t WHERE t.portfolio_id = p.id), 0) AS flow
        FROM portfolios p
        """
    ).rows
    for row in rows {
        let id: Int64 = try row.decode("id")
        let initial: Decimal = try row.decode("initial_balance")
        let cash: Decimal = try row.decode("current_balance")
        let realized: Decimal = try row.decode("realized_pnl")
        let basis: Decimal = try row.decode("basis")
        let fees: Decimal = try row.decode("fees_paid")
        #expect(fees == (try row.decode("trade_fees", as: Decimal.self)), "portfolio \(id)")
        #expect(initial + realized - fees == cash + basis, "portfolio \(id)")
        #expect(try row.decode("total_invested", as: Decimal.self) == basis, "portfolio \(id)")
        let payouts = try stack.decimal("SELECT COALESCE(sum(payout), 0) AS v FROM settlements WHERE portfolio_id = \(id)")
        #expect(initial + (try row.decode("flow", as: Decimal.self)) + payouts == cash, "portfolio \(id)")
        #expect(cash >= 0, "portfolio \(id)")
        #expect(try stack.decimal("SELECT COALESCE(sum(amount), 0) AS v FROM ledger WHERE portfolio_id = \(id)") == cash, "portfolio \(id)")
        let reconcile = try stack.get(stack.url("paper-trading") + "/paper-trading/reconcile?portfolio_id=\(id)")
        #expect(reconcile.status == 200)
        #expect(reconcile.json["status"] as? String == "ok", "portfolio \(id): \(reconcile.text)")
    }
    try expectUnrealizedIsExact(stack)
}

/// Each portfolio's stored unrealised P&L is the sum over its open positions of shares × mark −
/// cost, computed here from the positions' own columns (never a figure left by a closed one).
func expectUnrealizedIsExact(_ stack: TradingStack) throws {
    let rows = try stack.pool.execute(
        """
        SELECT p.id, p.unrealized_pnl,
               COALESCE((SELECT sum(x.shares * x.current_price - x.cost_basis) FROM portfolio_positions x
                         WHERE x.portfolio_id = p.id AND x.status = 'open'), 0) AS summed
        FROM portfolios p
        """
    ).rows
    for row in rows {
        let id: Int64 = try row.decode("id")
        #expect(try row.decode("unrealized_pnl", as: Decimal.self) == (try row.decode("summed", as: Decimal.self)), "portfolio \(id)")
    }
}
