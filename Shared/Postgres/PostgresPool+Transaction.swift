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
    public func withTransaction<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        try withConnection { try $0.withTransaction(body) }
    }
}
