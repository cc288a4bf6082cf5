extension Migration {
    /// A cycle's steps are `CycleStep`'s four names, in the table as in the code: a row with any
    /// other name is refused on write instead of failing every later read of the cycle.
    static let v29CycleStepNames = Migration(
        version: 29, name: "cycle_step_names",
        sql: """
            ALTER TABLE cycle_steps ADD CONSTRAINT cycle_steps_step_name
                CHECK (step IN ('settle', 'generate_signals', 'execute_signals', 'snapshot'));
            ALTER TABLE trading_cycles ADD CONSTRAINT trading_cycles_current_step_name
                CHECK (current_step IS NULL OR current_step IN ('settle', 'generate_signals', 'execute_signals', 'snapshot'));
            """)
}
