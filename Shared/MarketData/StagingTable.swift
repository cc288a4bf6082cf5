import Postgres

/// The bulk path both exports share: inside the caller's transaction, create `<table>_staging`
/// shaped like `table`, stream the produced rows into it with COPY (a repeated key is written
/// once), and gather statistics on `id` so the upsert and anti-join that follow plan well.
public enum StagingTable {
    /// Returns how many distinct rows were staged. `nullable` columns may be staged as NULL even
    /// where the table requires a value (the caller's upsert fills them in).
    public static func load<Row>(
        _ table: String, columns: String, nullable: [String] = [], on db: PostgresConnection,
        produce: (_ emit: (Row) throws -> Void) throws -> Void,
        key: @escaping (Row) -> String, write: @escaping (Row, inout PostgresCopyWriter) throws -> Void
    ) throws -> Int {
        // The export can always be fetched again, so a crash losing its commit costs nothing.
        try db.execute("SET LOCAL synchronous_commit = off")
        try db.execute(
            PostgresQuery(
                unsafeSQL: "CREATE TEMP TABLE \(table)_staging (LIKE \(table) INCLUDING DEFAULTS INCLUDING COMPRESSION) ON COMMIT DROP"))
        for column in nullable {
            try db.execute(PostgresQuery(unsafeSQL: "ALTER TABLE \(table)_staging ALTER COLUMN \(column) DROP NOT NULL"))
        }
        var seen = Set<String>()
        try db.copyFrom("COPY \(table)_staging (\(columns)) FROM STDIN") { writer in
            try produce { row in
                guard seen.insert(key(row)).inserted else { return }
                try write(row, &writer)
                try writer.endRow()
            }
        }
        // Fresh temp tables have no statistics: without them the anti-join that retires missing
        // rows is planned as a nested loop and takes minutes on 36k rows.
        try db.execute(PostgresQuery(unsafeSQL: "ANALYZE \(table)_staging (id)"))
        return seen.count
    }
}
