import Contracts
import Foundation
import Portfolios
import Postgres
import PrescientCore
import TestSupport
import Testing
import Trading

/// State changes are decided under the portfolio's row lock, whatever the caller saw before.
@Suite("Portfolio state changes", .tags(.database))
struct PortfolioStateTests {
    @Test func haltSetAfterTheCallerLooked_isNotClearedByAnUpdate() throws {
        let database = try TestDatabase()
        let pool = try database.makeMigratedPool(size: 2)
        defer { pool.close() }
        let repository = PortfolioRepository(pool: pool)
        let portfolio = try repository.create(name: "Race", type: .momentum, config: StrategyConfig(), initialBalance: 100)
        // The caller read it active; then the breaker halted it.
        #expect(portfolio.status == .active)
        try pool.execute("UPDATE portfolios SET status = 'halted', status_reason = 'drawdown breaker' WHERE id = \(portfolio.id)")
        do {
            _ = try repository.update(id: portfolio.id, name: nil, status: .active, reason: "set active by operator", config: nil)
            Issue.record("an update must not clear a halt")
        } catch let error as PostgresTransactionError {
            #expect(error.bodyError as? PortfolioStateError == .halted(id: portfolio.id, reason: "drawdown breaker"))
        }
        #expect(try repository.find(id: portfolio.id)?.status == .halted)
        // Renaming stays possible; only the resume clears the halt, once.
        #expect(try repository.update(id: portfolio.id, name: "Renamed", status: nil, reason: nil, config: nil)?.status == .halted)
        #expect(try repository.resume(id: portfolio.id)?.status == .active)
        #expect(throws: PostgresTransactionError.self) { try repository.resume(id: portfolio.id) }
    }
}
