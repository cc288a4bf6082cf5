import Foundation
import Postgres
import PrescientCore
import Schema
import TestSupport
import Testing

@Suite("COPY and migrations", .tags(.database))
struct PostgresCopyTests {
    @Test func copyFrom_writes36kRowsWithEscapesAndNulls() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        try pool.execute("CREATE TABLE rows (id INT, label TEXT, payload JSONB, amount NUMERIC)")
        let count = 36_000
        let copied = try pool.withConnection { db in
            try db.copyFrom("COPY rows (id, label, payload, amount) FROM STDIN") { writer in
                for index in 0..<count {
                    writer.field(index)
                    writer.field(index % 7 == 0 ? nil : "line\tbreak\nback\\slash ünï \(index)")
                    writer.field("{\"q\":\"say \\\"hi\\\"\",\"n\":\(index)}")
                    writer.field(Decimal(index) / 1000)
                    try writer.endRow()
                }
            }
        }
        #expect(copied == count)
        let summary = try pool.execute(
            "SELECT count(*) AS n, count(label) AS labelled, sum(amount) AS total, max((payload->>'n')::int) AS top FROM rows")[0]
        #expect(try summary.decode("n", as: Int.self) == count)
        #expect(try summary.decode("labelled", as: Int.self) == count - (count + 6) / 7)
        #expect(try summary.decode("total", as: Decimal.self) == Decimal(count * (count - 1) / 2) / 1000)
        #expect(try summary.decode("top", as: Int.self) == count - 1)
        let sample = try pool.execute("SELECT label, payload->>'q' AS q FROM rows WHERE id = 1")[0]
        #expect(try sample.decode("label", as: String.self) == "line\tbreak\nback\\slash ünï 1")
        #expect(try sample.decode("q", as: String.self) == "say \"hi\"")
    }

    @Test func copyWithBadData_failsWithSQLStateAndLeavesConnectionUsable() throws {
        let database = try TestDatabase()
        let pool = database.makePool(size: 1)
        try pool.execute("CREATE TABLE numbers (n INT)")
        do {
            _ = try pool.withConnection { db in
                try db.copyFrom("COPY numbers (n) FROM STDIN") { writer in
                    writer.field("not a number")
                    try writer.endRow()
                }
            }
            Issue.record("bad COPY data must fail")
        } catch let error as PostgresError {
            #expect(error.sqlState == "22P02")
        }
        #expect(try pool.execute("SELECT count(*) AS n FROM numbers")[0].decode("n", as: Int.self) == 0)
    }

    @Test func migrations_applyOnceEvenWhenServicesStartTogether() throws {
        let database = try TestDatabase()
        let applied = Locked<[[Int]]>([])
        let failures = Locked<[String]>([])
        runConcurrently(4) { _ in
            let pool = PostgresPool(connectionString: database.url, maxConnections: 1)
            do {
                let versions = try Migrator(pool: pool).migrate()
                applied.mutate { $0.append(versions) }
            } catch {
                failures.mutate { $0.append("\(error)") }
            }
        }
        #expect(failures.value.isEmpty)
        #expect(applied.value.filter { !$0.isEmpty }.count == 1)
        let pool = database.makePool()
        let versions = try pool.execute("SELECT count(*) AS n FROM schema_migrations")[0].decode("n", as: Int.self)
        #expect(versions == Migration.all.count)
        #expect(try Migrator(pool: pool).migrate().isEmpty)
    }
}
