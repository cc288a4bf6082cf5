import Postgres

/// Applies pending migrations at start-up under a session advisory lock, so several services
/// starting together never race: the first applies, the others wait and then find nothing to do.
public struct Migrator: Sendable {
    public let pool: PostgresPool
    public let migrations: [Migration]
    /// Arbitrary constant identifying the migration lock (`pg_advisory_lock` key).
    static let lockKey: Int64 = 0x5052_4553_4349_454E  // "PRESCIEN"

    public init(pool: PostgresPool, migrations: [Migration] = Migration.all) {
        self.pool = pool
        self.migrations = migrations
    }

    /// Applies every migration newer than the database's version; returns the versions applied.
    @discardableResult
    public func migrate() throws -> [Int] {
        try pool.withConnection { connection in
            // Waiting for another service's migrations, or a long migration, is not a runaway
            // statement: the session's statement_timeout does not apply here.
            try connection.execute("SET statement_timeout = 0")
            defer { _ = try? connection.execute("RESET statement_timeout") }
            try connection.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
            defer { _ = try? connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))") }
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """)
            let applied = Set(
                try connection.execute("SELECT version FROM schema_migrations").rows.map { try $0.decode("version", as: Int.self) })
            var newlyApplied: [Int] = []
            for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
                try connection.withTransaction { transaction in
                    try transaction.executeScript(migration.sql)
                    try transaction.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
                }
                newlyApplied.append(migration.version)
            }
            return newlyApplied
        }
    }
}
