import Foundation
import Postgres
import PrescientCore
import TestSupport
import Testing
import Verdicts

/// The signal ledger on a real PostgreSQL: SHA-256 against its published test vector, appends from
/// eight threads at once chained without a gap or a fork, the trigger refusing UPDATE, DELETE and
/// TRUNCATE, and a row altered by the database owner (bypassing the trigger) named by `verify`.
@Suite("Signal ledger", .serialized, .tags(.database))
struct SignalLedgerTests {
    /// FIPS 180-2's example: SHA-256("abc").
    @Test func sha256MatchesThePublishedTestVector() {
        #expect(SHA256Hex.of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    static func signal(_ index: Int) -> RegisteredSignal {
        RegisteredSignal(
            source: "live", portfolioID: PortfolioID(Int64(index % 5 + 1)), strategy: "weather", configHash: "c0ffee",
            marketID: "m\(index)",
            tokenID: "t\(index)", side: "buy_yes", probability: Decimal(string: "0.61"), score: Decimal(string: "0.61")!,
            price: Decimal(string: "0.55")!, amount: 25, signalID: Int64(index),
            decidedAt: Date(timeIntervalSince1970: 1_773_200_000.123456))
    }

    @Test func concurrentAppendsChain_andTamperingIsNamed() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let pool = try database.makeMigratedPool(size: 8)
        defer { pool.close() }
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for batch in 0..<5 {
                do {
                    try pool.withTransaction { db in
                        try SignalLedger.append((0..<5).map { Self.signal(thread * 100 + batch * 5 + $0) }, on: db)
                    }
                } catch {
                    failures.mutate { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.value.isEmpty)
        let ledger = SignalLedger(pool: pool)
        let verified = try ledger.verify(batch: 7)
        #expect(verified.valid && verified.rows == 200, "\(verified)")
        let decided = try pool.execute("SELECT (EXTRACT(EPOCH FROM decided_at) * 1000000)::bigint AS us FROM signal_ledger WHERE seq = 1")[
            0]
        #expect(try decided.decode("us", as: Int64.self) == 1_773_200_000_123_456, "decided to the microsecond")

        for statement in [
            "UPDATE signal_ledger SET price = 0.01 WHERE seq = 3", "DELETE FROM signal_ledger WHERE seq = 3", "TRUNCATE signal_ledger",
        ] {
            #expect(throws: PostgresError.self, "\(statement)") { try pool.execute(PostgresQuery(unsafeSQL: statement)) }
        }
        // The owner can bypass the trigger; the chain still names the row.
        try pool.withConnection { db in
            _ = try db.execute("SET session_replication_role = replica")
            _ = try db.execute("UPDATE signal_ledger SET price = 0.54 WHERE seq = 57")
            _ = try db.execute("SET session_replication_role = DEFAULT")
        }
        let broken = try ledger.verify()
        #expect(!broken.valid && broken.firstBrokenSeq == 57 && broken.rows == 56, "\(broken)")
        try pool.withConnection { db in
            _ = try db.execute("SET session_replication_role = replica")
            _ = try db.execute("UPDATE signal_ledger SET price = 0.55 WHERE seq = 57")
            _ = try db.execute("DELETE FROM signal_ledger WHERE seq = 120")
            _ = try db.execute("SET session_replication_role = DEFAULT")
        }
        let gap = try ledger.verify()
        #expect(!gap.valid && gap.firstBrokenSeq == 121 && gap.problem?.contains("120") == true, "\(gap)")
    }
}
