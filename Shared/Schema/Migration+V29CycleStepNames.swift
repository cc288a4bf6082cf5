extension Migration {
    /// A cycle's steps are `CycleStep`'s four names, in the table as in the code: a row with any
    /// other name is refused on write instead of failing every later read of the cycle.
    static let v29CycleStepNames = Migration(
        version: 29, name: "cycle_step_names",
        sql: """
            DO $$
            DECLARE unknown TEXT;
            BEGIN
                SELECT string_agg(DISTINCT name, ', ') INTO unknown FROM (
                    SELECT step AS name FROM cycle_steps
                    UNION ALL SELECT current_step FROM trading_cycles WHERE current_step IS NOT NULL) AS steps
                WHERE name NOT IN ('settle', 'generate_signals', 'execute_signals', 'snapshot');
                IF unknown IS NOT NULL THEN
                    RAISE EXCEPTION 'cycle step names outside settle, generate_signals, execute_signals, snapshot: %', unknown;
                END IF;
            END $$;
            ALTER TABLE cycle_steps ADD CONSTRAINT cycle_steps_step_name
                CHECK (step IN ('settle', 'generate_signals', 'execute_signals', 'snapshot'));
            ALTER TABLE trading_cycles ADD CONSTRAINT trading_cycles_current_step_name
                CHECK (current_step IS NULL OR current_step IN ('settle', 'generate_signals', 'execute_signals', 'snapshot'));
            """)
}
