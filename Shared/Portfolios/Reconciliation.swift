import Foundation
import Postgres
import PrescientCore

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
    public let portfolio_id: PortfolioID
    public let cash: Decimal
    public let ledger_sum: Decimal
    public let ledger_entries: Int
    public let open_positions: Int
    public let cost_basis: Decimal
    public let differences: [Difference]

    /// What the checks compare, read in one snapshot (`PortfolioRecordsRepository`).
    struct Facts {
        struct Position {
            let tokenID: String
            let shares: Decimal
            let costBasis: Decimal
            /// Σ of its fills: buys add shares and cost, sells remove shares and the cost they took.
            let fillShares: Decimal
            let fillCost: Decimal
        }

        let cash: Decimal
        let initial: Decimal
        let realized: Decimal
        let invested: Decimal
        let fees: Decimal
        let ledgerSum: Decimal
        let ledgerEntries: Int
        let lastBalanceAfter: Decimal?
        /// The fee rows of the ledger, as a positive amount.
        let ledgerFees: Decimal
        let positions: [Position]
    }

    /// Checks one portfolio's books in a single read-only snapshot.
    public static func run(_ portfolio: Portfolio, pool: PostgresPool) throws -> Reconciliation {
        check(portfolioID: portfolio.id, try PortfolioRecordsRepository(pool: pool).reconciliationFacts(portfolioID: portfolio.id))
    }

    /// Every check over the facts; each failing one becomes a difference.
    static func check(portfolioID: PortfolioID, _ facts: Facts) -> Reconciliation {
        let cash = facts.cash
        var differences: [Difference] = []
        if facts.ledgerSum != cash {
            differences.append(.init(check: "cash = sum(ledger)", expected: facts.ledgerSum, actual: cash, token_id: nil))
        }
        if let last = facts.lastBalanceAfter, last != cash {
            differences.append(.init(check: "cash = last balance_after", expected: last, actual: cash, token_id: nil))
        }
        var basis: Decimal = 0
        for position in facts.positions {
            basis += position.costBasis
            if position.fillShares != position.shares {
                differences.append(
                    .init(check: "shares = sum(fills)", expected: position.fillShares, actual: position.shares, token_id: position.tokenID))
            }
            if position.fillCost != position.costBasis {
                differences.append(
                    .init(
                        check: "cost basis = sum(fills)", expected: position.fillCost, actual: position.costBasis,
                        token_id: position.tokenID))
            }
        }
        if facts.initial + facts.realized - facts.fees != cash + basis {
            differences.append(
                .init(
                    check: "initial + realised - fees = cash + cost basis", expected: facts.initial + facts.realized - facts.fees,
                    actual: cash + basis, token_id: nil))
        }
        if facts.ledgerFees != facts.fees {
            differences.append(
                .init(check: "fees_paid = fee rows of the ledger", expected: facts.ledgerFees, actual: facts.fees, token_id: nil))
        }
        if facts.invested != basis {
            differences.append(
                .init(check: "total_invested = cost basis of open positions", expected: basis, actual: facts.invested, token_id: nil))
        }
        return Reconciliation(
            status: differences.isEmpty ? "ok" : "mismatch", portfolio_id: portfolioID, cash: cash, ledger_sum: facts.ledgerSum,
            ledger_entries: facts.ledgerEntries, open_positions: facts.positions.count, cost_basis: basis, differences: differences)
    }
}
