import Foundation
import Postgres
import PrescientCore
import TestSupport
import Testing

/// The pool after the server drops its connections (as a PostgreSQL restart does), and
/// transactions that the server aborts for a deadlock.
@Suite("Postgres recovery", .tags(.database))
struct PostgresRecoveryTests {
    /// Fills the pool with `size` idle connections, then has the server terminate every one of
    /// them, as a restart would.
    static func poolWithTerminatedConnections(_ database: TestDatabase, size: Int) throws -> PostgresPool {
        let pool = database.makePool(size: size)
        let started = DispatchGroup()
        let release = DispatchSemaphore(value: 0)
        for _ in 0..<size {
            started.enter()
            Thread {
                try? pool.withConnection { connection in
                    _ = try? connection.execute("SELECT 1")
                    started.leave()
                    release.wait()
                }
            }.start()
        }
        started.wait()
        for _ in 0..<size { release.signal() }
        Thread.sleep(forTimeInterval: 0.2)
        let admin = try PostgresConnection(connectionString: database.url)
        let killed = try admin.execute(
            "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )[0].decode("n", as: Int.self)
        #expect(killed == size)
        Thread.sleep(forTimeInterval: 0.2)
        return pool
    }

    @Test func everyRequestSucceedsAfterTheServerDroppedAllPooledConnections() throws {
        let database = try TestDatabase()
        let pool = try Self.poolWithTerminatedConnections(database, size: 8)
        defer { pool.close() }
        try pool.execute("CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL)")
        try pool.execute("INSERT INTO counters VALUES (1, 0)")
        for _ in 0..<8 {
            #expect(try pool.execute("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
        }
    }

    @Test func transactionAfterTheServerDroppedItsConnection_runsOnceOnAFreshOne() throws {
        let database = try TestDatabase()
        let setup = database.makePool(size: 1)
        try setup.execute("CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL)")
        try setup.execute("INSERT INTO counters VALUES (1, 0)")
        setup.close()
        let pool = try Self.poolWithTerminatedConnections(database, size: 4)
        defer { pool.close() }
        for _ in 0..<4 {
            _ = try pool.withTransaction { db in try db.execute("UPDATE counters SET n = n + 1 WHERE id = 1") }
        }
        #expect(try pool.execute("SELECT n FROM counters")[0].decode("n", as: Int.self) == 4)
    }

    @Test func deadlockedTransactions_areRetriedAndBothComplete() throws {
        let database = try TestDatabase()
        let pool = database.makePool(size: 4)
        defer { pool.close() }
        try pool.execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance INT NOT NULL)")
        try pool.execute("INSERT INTO accounts VALUES (1, 100), (2, 100)")
        // Two transfers locking the two rows in opposite orders, made to overlap.
        let barrier = DispatchGroup()
        barrier.enter()
        barrier.enter()
        let attempts = Locked(0)
        let errors = Locked<[String]>([])
        let done = DispatchGroup()
        for (first, second) in [(1, 2), (2, 1)] {
            done.enter()
            Thread {
                defer { done.leave() }
                var arrived = false
                do {
                    try pool.withTransaction { db in
                        attempts.mutate { $0 += 1 }
                        try db.execute("UPDATE accounts SET balance = balance - 10 WHERE id = \(first)")
                        if !arrived {
                            arrived = true
                            barrier.leave()
                            barrier.wait()
                        }
                        try db.execute("UPDATE accounts SET balance = balance + 10 WHERE id = \(second)")
                    }
                } catch {
                    errors.mutate { $0.append("\(error)") }
                }
            }.start()
        }
        done.wait()
        #expect(errors.value.isEmpty, "\(errors.value)")
        #expect(attempts.value == 3, "one of the two deadlocked transactions runs again")
        let balances = try pool.execute("SELECT balance FROM accounts ORDER BY id").rows.map { try $0.decode("balance", as: Int.self) }
        #expect(balances == [100, 100])
    }
}
