import Foundation
import Postgres

/// One ledger row as `GET /paper-trading/ledger` shows it.
public struct LedgerEntry: Encodable, Sendable {
    public let id: Int64
    public let kind: String
    public let amount: Decimal
    public let balance_after: Decimal
    public let trade_id: Int64?
    public let reference: String?
    public let note: String?
    public let created_at: Date

    /// Reads a `ledger` row.
    public init(row: PostgresRow) throws {
        id = try row.decode("id")
        kind = try row.decode("kind")
        amount = try row.decode("amount")
        balance_after = try row.decode("balance_after")
        trade_id = try row.decodeIfPresent("trade_id")
        reference = try row.decodeIfPresent("reference")
        note = try row.decodeIfPresent("note")
        created_at = try row.decode("created_at")
    }
}
