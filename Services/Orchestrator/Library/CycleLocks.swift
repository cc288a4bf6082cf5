import Postgres
import PrescientCore

/// The per-portfolio advisory locks a cycle holds for its whole run: session locks taken on a
/// connection of the lock pool, so a second cycle for the same portfolio, from this orchestrator
/// or another replica, is refused while the first runs. Owns that SQL.
enum CycleLocks {
    /// Key space of the locks (two-int form: class, portfolio id).
    static let lockClass: Int32 = 0x5043

    /// The second int of a portfolio's lock.
    static func key(_ portfolioID: PortfolioID) -> Int { Int(Int32(truncatingIfNeeded: portfolioID.rawValue)) }

    /// Takes, on `connection`, the lock of every portfolio of `ids` that no one holds, in one
    /// statement; returns the ids it took.
    static func tryLock(_ ids: [PortfolioID], on connection: PostgresConnection) throws -> Set<PortfolioID> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try connection.execute(
                """
                SELECT id FROM unnest(\(ids)::bigint[], \(ids.map(key))::int[]) AS p(id, key)
                WHERE pg_try_advisory_lock(\(lockClass), key)
                """
            ).rows.map { try $0.decode("id", as: PortfolioID.self) })
    }

    /// Releases the locks of `ids` held on `connection` (best effort: a lost connection released them).
    static func unlock(_ ids: [PortfolioID], on connection: PostgresConnection) {
        guard !ids.isEmpty else { return }
        _ = try? connection.execute("SELECT pg_advisory_unlock(\(lockClass), key) FROM unnest(\(ids.map(key))::int[]) AS p(key)")
    }
}
