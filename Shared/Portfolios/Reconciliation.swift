import Foundation
import Postgres

/// Proves a portfolio's books: cash = Σ ledger, the last `balance_after` = cash, every open
/// position's shares and cost basis = Σ its fills (buys add their cost, sells remove the cost basis they took), fees paid = the ledger's fee rows, and
/// initial + realised P&L (gross of fees) − fees = cash + cost basis of open positions (fees excluded). Any difference is reported, not hidden.
public struct Reconciliation: Encodable, Sendable {
    public struct Difference: Encodable, Sendable {
        public let check: String
        public let expected: Decimal
        public let actual: Decimal
        public let token_id: String?
    }

    public let status: String
    public let portfolio_id: Int64
    public let cash: Decimal
    public let ledger_sum: Decimal
    public let ledger_entries: Int
    public let open_positions: Int
    public let cost_basis: Decimal
    public let differences: [Difference]

    /// Checks one portfolio's books in a single read-only snapshot.
    public static func run(_ portfolio: Portfolio, pool: PostgresPool) throws -> Reconciliation {
        // One snapshot of everything, so a concurrent fill cannot make the books look wrong.
        try pool.withConnection { db in
            try db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? db.execute("COMMIT") }
            let state = try db.execute(
                "SELECT current_balance, initial_balance, realized_pnl, total_invested, fees_paid FROM portfolios WHERE id = \(portfolio.id)"
            )[0]
            let cash: Decimal = try state.decode("current_balance")
            let ledger = try db.execute(
                """
                SELECT COALESCE(sum(amount), 0) AS total, count(*) AS entries,
                       (SELECT balance_after FROM ledger WHERE portfolio_id = \(portfolio.id) ORDER BY id DESC LIMIT 1) AS last
                FROM ledger WHERE portfolio_id = \(portfolio.id)
                """)[0]
            let ledgerSum: Decimal = try ledger.decode("total")
            var differences: [Difference] = []
            if ledgerSum != cash {
                differences.append(.init(check: "cash = sum(ledger)", expected: ledgerSum, actual: cash, token_id: nil))
            }
            if let last: Decimal = try ledger.decodeIfPresent("last"), last != cash {
                differences.append(.init(check: "cash = last balance_after", expected: last, actual: cash, token_id: nil))
            }
            let positions = try db.execute(
                """
                SELECT p.token_id, p.shares, p.cost_basis,
                       COALESCE(sum(CASE WHEN t.side = 'buy' THEN t.shares ELSE -t.shares END), 0) AS fill_shares,
                       COALESCE(sum(CASE WHEN t.side = 'buy' THEN t.amount ELSE -t.cost_removed END), 0) AS fill_cost
                FROM portfolio_positions p
                LEFT JOIN trades t ON t.position_id = p.id
                WHERE p.portfolio_id = \(portfolio.id) AND p.status = 'open'
                GROUP BY p.id, p.token_id, p.shares, p.cost_basis
                """
            ).rows
            var basis: Decimal = 0
            for row in positions {
                let token: String = try row.decode("token_id")
                let shares: Decimal = try row.decode("shares")
                let cost: Decimal = try row.decode("cost_basis")
                basis += cost
                let fillShares: Decimal = try row.decode("fill_shares")
                let fillCost: Decimal = try row.decode("fill_cost")
                if fillShares != shares {
                    differences.append(.init(check: "shares = sum(fills)", expected: fillShares, actual: shares, token_id: token))
                }
                if fillCost != cost {
                    differences.append(.init(check: "cost basis = sum(fills)", expected: fillCost, actual: cost, token_id: token))
                }
            }
            let initial: Decimal = try state.decode("initial_balance")
            let realized: Decimal = try state.decode("realized_pnl")
            let fees: Decimal = try state.decode("fees_paid")
            if initial + realized - fees != cash + basis {
                differences.append(
                    .init(
                        check: "initial + realised - fees = cash + cost basis", expected: initial + realized - fees, actual: cash + basis,
                        token_id: nil))
            }
            let ledgerFees: Decimal = try db.execute(
                "SELECT COALESCE(-sum(amount), 0) AS fees FROM ledger WHERE portfolio_id = \(portfolio.id) AND kind = 'fee'")[0].decode(
                    "fees")
            if ledgerFees != fees {
                differences.append(.init(check: "fees_paid = fee rows of the ledger", expected: ledgerFees, actual: fees, token_id: nil))
            }
            let invested: Decimal = try state.decode("total_invested")
            if invested != basis {
                differences.append(
                    .init(check: "total_invested = cost basis of open positions", expected: basis, actual: invested, token_id: nil))
            }
            return Reconciliation(
                status: differences.isEmpty ? "ok" : "mismatch", portfolio_id: portfolio.id, cash: cash, ledger_sum: ledgerSum,
                ledger_entries: try ledger.decode("entries"), open_positions: positions.count, cost_basis: basis,
                differences: differences)
        }
    }
}
