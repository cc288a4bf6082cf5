import Foundation
import Postgres
import Schema

/// A fresh database in the throwaway cluster, dropped when the test is done.
public final class TestDatabase: @unchecked Sendable {
    // Safe because every stored property is immutable after init.
    public let name: String
    public let url: String
    let adminURL: String

    /// Creates `prescient_test_<random>` on the shared throwaway cluster, or on `adminURL`'s.
    public init(adminURL: String? = nil) throws {
        self.adminURL = try adminURL ?? TestEnvironment.databaseAdminURL
        let adminURL = self.adminURL
        name = "prescient_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = try PostgresConnection(connectionString: adminURL)
        try admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        url = Self.replacingDatabase(in: adminURL, with: name)
    }

    /// A pool on this database.
    public func makePool(size: Int = 4) -> PostgresPool {
        PostgresPool(connectionString: url, maxConnections: size, checkoutTimeout: 5)
    }

    /// A pool on this database with every migration applied.
    public func makeMigratedPool(size: Int = 4) throws -> PostgresPool {
        let pool = makePool(size: size)
        do {
            _ = try Migrator(pool: pool).migrate()
        } catch {
            pool.close()
            throw error
        }
        return pool
    }

    /// Drops the database, disconnecting whoever is still on it.
    public func drop() {
        if let admin = try? PostgresConnection(connectionString: adminURL) {
            _ = try? admin.execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
        }
    }

    deinit { drop() }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards), url[..<slash.lowerBound].contains("@") else {
            return url + " dbname=\(name)"
        }
        let suffix = url[slash.upperBound...]
        let query = suffix.firstIndex(of: "?").map { String(suffix[$0...]) } ?? ""
        return String(url[..<slash.upperBound]) + name + query
    }
}
