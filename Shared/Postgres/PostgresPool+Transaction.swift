import Foundation

extension PostgresConnection {
    /// Runs `body` inside BEGIN/COMMIT. If the body throws, the transaction is rolled back and a
    /// `PostgresTransactionError` keeps the body's error and any rollback error apart.
    public func withTransaction<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        try execute("BEGIN")
        let value: R
        do {
            value = try body(self)
        } catch {
            var rollbackError: (any Error)?
            do { try execute("ROLLBACK") } catch { rollbackError = error }
            throw PostgresTransactionError(bodyError: error, rollbackError: rollbackError, commitError: nil)
        }
        do {
            try execute("COMMIT")
        } catch {
            throw PostgresTransactionError(bodyError: nil, rollbackError: nil, commitError: error)
        }
        return value
    }
}

extension PostgresPool {
    /// Borrows a connection and runs `body` in a transaction on it.
    ///
    /// A transaction that PostgreSQL aborted for a serialization failure or a deadlock (40001,
    /// 40P01), or whose connection broke before COMMIT was sent, changed nothing, so it runs again
    /// (up to `attempts` times, with a short jittered pause). `body` must therefore keep its
    /// effects inside the transaction.
    public func withTransaction<R>(attempts: Int = 3, _ body: (PostgresConnection) throws -> R) throws -> R {
        var attempt = 1
        while true {
            do {
                return try withConnection { try $0.withTransaction(body) }
            } catch  where attempt < attempts && Self.isRetryable(error) {
                attempt += 1
                usleep(UInt32.random(in: 1_000...(20_000 * UInt32(attempt))))
            }
        }
    }
}

extension PostgresPool {
    /// Whether running a failed transaction again is safe and may succeed: the server aborted it
    /// (serialization failure, deadlock) or the connection was lost before COMMIT was sent
    /// (BEGIN itself failing included). A failed COMMIT is never retried: it may have landed.
    static func isRetryable(_ error: any Error) -> Bool {
        if let lost = error as? PostgresError { return lost.kind == .connectionLost }
        guard let failed = error as? PostgresTransactionError, failed.commitError == nil,
            let body = failed.bodyError as? PostgresError
        else { return false }
        return body.sqlState == "40001" || body.sqlState == "40P01" || body.kind == .connectionLost
    }
}
