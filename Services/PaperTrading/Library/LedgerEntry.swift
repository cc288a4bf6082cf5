import Foundation
import Postgres

/// One ledger row as `GET /paper-trading/ledger` shows it.
struct LedgerEntry: Encodable {
    let id: Int64
    let kind: String
    let amount: Decimal
    let balance_after: Decimal
    let trade_id: Int64?
    let reference: String?
    let note: String?
    let created_at: Date

    init(row: PostgresRow) throws {
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
