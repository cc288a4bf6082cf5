import Contracts
import Postgres
import PrescientCore
import TestSupport
import Testing

/// The table accepts exactly the step names the code has: every `CycleStep` is written, any other
/// name is refused by PostgreSQL (a row the strict reader could not decode never lands).
@Suite("Cycle step names in the schema", .tags(.database))
struct CycleStepSchemaTests {
    @Test func everyCycleStep_isAccepted_andAnyOtherNameIsRefused() throws {
        let database = try TestDatabase()
        let pool = try database.makeMigratedPool(size: 1)
        defer { pool.close() }
        try pool.execute(
            """
            INSERT INTO portfolios (id, name, strategy_type, initial_balance, current_balance)
            VALUES (1, 'p1', 'momentum', 100, 100)
            """)
        try pool.execute("INSERT INTO trading_cycles (id, portfolio_id, status) VALUES ('c1', 1, 'running')")
        for step in CycleStep.allCases {
            try pool.execute(
                """
                INSERT INTO cycle_steps (cycle_id, step, position, status) VALUES ('c1', \(step.rawValue), \(step.position), 'running')
                """)
            try pool.execute("UPDATE trading_cycles SET current_step = \(step.rawValue) WHERE id = 'c1'")
        }
        for write in [
            "INSERT INTO cycle_steps (cycle_id, step, position, status) VALUES ('c1', 'collect', 4, 'running')",
            "UPDATE trading_cycles SET current_step = 'Settle' WHERE id = 'c1'",
        ] {
            let refusal = #expect(throws: PostgresError.self) { try pool.execute(PostgresQuery(unsafeSQL: write)) }
            #expect(refusal?.sqlState == "23514", "\(write)")
        }
        let steps = try pool.execute("SELECT step FROM cycle_steps ORDER BY position").rows.map { try $0.decode("step", as: String.self) }
        #expect(steps == ["settle", "generate_signals", "execute_signals", "snapshot"])
    }
}
