import Foundation

/// A fixed-size pool of connections. A caller borrows one connection at a time; when none is
/// free it waits up to `checkoutTimeout`. Every checkout validates the idle connection it hands
/// out (a server restart is seen without a query failing), and broken connections are replaced.
public final class PostgresPool: @unchecked Sendable {
    // Safe because all mutable state is guarded by `condition`.
    public let connectionString: String
    public let maxConnections: Int
    public let checkoutTimeout: TimeInterval
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var closed = false

    public init(connectionString: String, maxConnections: Int = 8, checkoutTimeout: TimeInterval = 5) {
        self.connectionString = connectionString
        self.maxConnections = max(1, maxConnections)
        self.checkoutTimeout = checkoutTimeout
    }

    /// Runs `body` with a borrowed connection and returns it to the pool afterwards.
    public func withConnection<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        let connection = try checkout()
        defer { checkin(connection) }
        return try body(connection)
    }

    /// Shorthand for one statement on a borrowed connection. A read (`SELECT`) whose connection
    /// broke under it is retried once on a fresh connection; a write is not, since it may have
    /// committed before the connection was lost.
    @discardableResult
    public func execute(_ query: PostgresQuery) throws -> PostgresResult {
        do {
            return try withConnection { try $0.execute(query) }
        } catch let error as PostgresError where error.kind == .connectionLost && query.isRead {
            return try withConnection { try $0.execute(query) }
        }
    }

    /// Closes idle connections and refuses further checkouts.
    public func close() {
        condition.lock()
        closed = true
        openCount -= idle.count
        idle.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    func checkout() throws -> PostgresConnection {
        let deadline = Date().addingTimeInterval(checkoutTimeout)
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                throw PostgresError(.poolClosed, message: "the connection pool is closed")
            }
            if let connection = idle.popLast() {
                condition.unlock()
                if connection.isAliveWhileIdle { return connection }
                // Dead since it was last used (e.g. the server restarted): replace it now rather
                // than fail the caller's request with it.
                discard()
                return try checkout()
            }
            if openCount < maxConnections {
                openCount += 1
                condition.unlock()
                do {
                    return try PostgresConnection(connectionString: connectionString)
                } catch {
                    discard()
                    throw error
                }
            }
            if !condition.wait(until: deadline) {
                condition.unlock()
                throw PostgresError(
                    .poolTimeout, message: "no database connection free within \(checkoutTimeout) s")
            }
        }
    }

    func checkin(_ connection: PostgresConnection) {
        guard connection.isHealthy else {
            discard()
            return
        }
        condition.lock()
        if closed {
            openCount -= 1
        } else {
            idle.append(connection)
        }
        condition.signal()
        condition.unlock()
    }

    private func discard() {
        condition.lock()
        openCount -= 1
        condition.signal()
        condition.unlock()
    }
}
