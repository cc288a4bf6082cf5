import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Postgres queries against a real server", .tags(.database))
struct PostgresQueryTests {
    @Test func interpolatedValues_areBoundNotSpliced() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        try pool.execute("CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT, amount NUMERIC, note TEXT)")
        let tricky = "Robert'); DROP TABLE notes;-- ünïcødé 🚀 \\ \"quoted\" \t tab"
        try pool.execute(
            "INSERT INTO notes (body, amount, note) VALUES (\(tricky), \(Decimal(string: "12345678901234567890.123456")!), \(nil as String?))"
        )
        let row = try pool.execute("SELECT * FROM notes")[0]
        #expect(try row.decode("body", as: String.self) == tricky)
        #expect(try row.decode("amount", as: Decimal.self) == Decimal(string: "12345678901234567890.123456")!)
        #expect(try row.decodeIfPresent("note", as: String.self) == nil)
        #expect(try row.isNull("note"))
        #expect(throws: PostgresError.self) { _ = try row.decode("note", as: String.self) }
    }

    @Test func textArrays_keepQuotesBackslashesCommasAndUnicode() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        let values = ["plain", "with \"quotes\"", "back\\slash", "comma, {braces}", "ünïcødé 🚀", "", "NULL"]
        let rows = try pool.execute(
            "SELECT ordinality::int AS n, value FROM unnest(\(values)::text[]) WITH ORDINALITY AS t(value, ordinality) ORDER BY 1"
        ).rows
        #expect(try rows.map { try $0.decode("value", as: String.self) } == values)
    }

    /// Arrays of optionals, integers and decimals (the set-based inserts): nil is NULL, the
    /// string "NULL" stays a string, decimals keep every digit.
    @Test func optionalNumericAndIntegerArrays_roundTripWithNulls() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        let texts: [String?] = ["a", nil, "NULL", "", "x\"y"]
        let amounts: [Decimal?] = [Decimal(string: "0.000001")!, nil, Decimal(string: "-12345678901234.5")!, 0, 7]
        let ids: [Int64] = [1, -2, Int64.max, 0, 42]
        let rows = try pool.execute(
            """
            SELECT t, a, i FROM unnest(\(texts)::text[], \(amounts)::numeric[], \(ids)::bigint[]) WITH ORDINALITY AS u(t, a, i, n)
            ORDER BY n
            """
        ).rows
        #expect(try rows.map { try $0.decodeIfPresent("t", as: String.self) } == texts)
        #expect(try rows.map { try $0.decodeIfPresent("a", as: Decimal.self) } == amounts)
        #expect(try rows.map { try $0.decode("i", as: Int64.self) } == ids)
    }

    /// A shared fragment spliced into a query keeps each of its values on its own placeholder:
    /// twelve values before it push its `$1`…`$2` past `$9`, and the values still land where written.
    @Test func splicedFragment_isRenumberedAfterTheBindingsBeforeIt() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        let fragment: PostgresQuery =
            "\("frag-a")::text AS f1, \(Decimal(string: "2.5")!)::numeric AS f2, '$ stays' AS f3, '$99 too' AS f4"
        let before = (1...12).map { "v\($0)" }
        let query: PostgresQuery = """
            SELECT \(before[0]) AS b1, \(before[1]) AS b2, \(before[2]) AS b3, \(before[3]) AS b4, \(before[4]) AS b5,
                \(before[5]) AS b6, \(before[6]) AS b7, \(before[7]) AS b8, \(before[8]) AS b9, \(before[9]) AS b10,
                \(before[10]) AS b11, \(before[11]) AS b12, \(fragment: fragment), \("after")::text AS a
            """
        #expect(query.bindings.count == 15)
        #expect(query.sql.contains("$13::text AS f1, $14::numeric AS f2") && query.sql.contains("$15::text AS a"))
        let row = try pool.execute(query)[0]
        #expect(try (1...12).map { try row.decode("b\($0)", as: String.self) } == before)
        #expect(try row.decode("f1", as: String.self) == "frag-a")
        #expect(try row.decode("f2", as: Decimal.self) == Decimal(string: "2.5")!)
        #expect(try row.decode("f3", as: String.self) == "$ stays")
        #expect(try row.decode("f4", as: String.self) == "$99 too", "not one of the fragment's own placeholders: kept")
        #expect(try row.decode("a", as: String.self) == "after")
    }

    @Test func emptyStringAndNull_areDifferent() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        let row = try pool.execute("SELECT \("")::text AS empty, NULL::text AS missing")[0]
        #expect(try row.decodeIfPresent("empty", as: String.self) == "")
        #expect(try row.decodeIfPresent("missing", as: String.self) == nil)
    }

    @Test func timestampsBoolsAndIntegers_roundTrip() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        let instant = Date(timeIntervalSince1970: 1_773_261_000.123456)
        let row = try pool.execute("SELECT \(instant)::timestamptz AS at, \(true) AS yes, \(Int64.max) AS big")[0]
        let back = try row.decode("at", as: Date.self)
        #expect(abs(back.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
        #expect(try row.decode("yes", as: Bool.self))
        #expect(try row.decode("big", as: Int64.self) == Int64.max)
    }

    @Test func uniqueViolation_carriesSQLState() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        try pool.execute("CREATE TABLE things (id INT PRIMARY KEY)")
        try pool.execute("INSERT INTO things VALUES (1)")
        do {
            try pool.execute("INSERT INTO things VALUES (1)")
            Issue.record("a duplicate key must fail")
        } catch let error as PostgresError {
            #expect(error.sqlState == "23505")
            #expect(error.isUniqueViolation)
        }
    }

    @Test func failedTransaction_rollsBackAndKeepsTheBodyError() throws {
        let database = try TestDatabase()
        let pool = database.makePool()
        try pool.execute("CREATE TABLE balances (id INT PRIMARY KEY, amount NUMERIC NOT NULL)")
        try pool.execute("INSERT INTO balances VALUES (1, 100)")
        struct Refused: Error {}
        do {
            try pool.withTransaction { db in
                try db.execute("UPDATE balances SET amount = amount - 40 WHERE id = 1")
                throw Refused()
            }
            Issue.record("the transaction must fail")
        } catch let error as PostgresTransactionError {
            #expect(error.bodyError is Refused)
            #expect(error.rollbackError == nil)
        }
        #expect(try pool.execute("SELECT amount FROM balances")[0].decode("amount", as: Decimal.self) == 100)
    }

    @Test func rollbackFailure_isReportedSeparatelyFromTheBodyError() throws {
        let database = try TestDatabase()
        let pool = database.makePool(size: 1)
        struct Refused: Error {}
        do {
            try pool.withTransaction { db in
                // Kill our own backend: the body fails and so does the ROLLBACK that follows.
                _ = try? db.execute("SELECT pg_terminate_backend(pg_backend_pid())")
                throw Refused()
            }
            Issue.record("the transaction must fail")
        } catch let error as PostgresTransactionError {
            #expect(error.bodyError is Refused)
            #expect(error.rollbackError != nil)
        }
        // The broken connection was replaced: the pool still works.
        #expect(try pool.execute("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
    }

    @Test func pool_waitsThenTimesOutWhenEveryConnectionIsBusy() throws {
        let database = try TestDatabase()
        let pool = PostgresPool(connectionString: database.url, maxConnections: 1, checkoutTimeout: 0.3)
        try pool.withConnection { _ in
            do {
                try pool.execute("SELECT 1")
                Issue.record("a second checkout must time out")
            } catch let error as PostgresError {
                #expect(error.kind == .poolTimeout)
            }
        }
        try pool.execute("SELECT 1")
    }

    @Test func badConnectionString_failsWithAConnectionError() {
        #expect(throws: PostgresError.self) {
            _ = try PostgresConnection(connectionString: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")
        }
    }
}
