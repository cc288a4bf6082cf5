import CLibPQ

/// The rows a statement returned. Owns the libpq result and frees it when released.
public final class PostgresResult: @unchecked Sendable {
    // Safe because the result is immutable once libpq hands it over, and only read afterwards.
    let handle: OpaquePointer
    /// Number of rows returned.
    public let count: Int
    /// Column names in order.
    public let columns: [String]
    private let columnIndex: [String: Int]

    init(handle: OpaquePointer) {
        self.handle = handle
        self.count = Int(PQntuples(handle))
        let fieldCount = Int(PQnfields(handle))
        var names: [String] = []
        var index: [String: Int] = [:]
        for field in 0..<fieldCount {
            let name = String(cString: PQfname(handle, Int32(field)))
            names.append(name)
            if index[name] == nil { index[name] = field }
        }
        self.columns = names
        self.columnIndex = index
    }

    deinit { PQclear(handle) }

    /// Rows affected by an INSERT/UPDATE/DELETE (`PQcmdTuples`).
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(handle))) ?? 0
    }

    /// The row at `index`.
    public subscript(index: Int) -> PostgresRow {
        PostgresRow(result: self, index: index)
    }

    /// All rows, in order.
    public var rows: [PostgresRow] {
        (0..<count).map { PostgresRow(result: self, index: $0) }
    }

    @usableFromInline
    func column(named name: String) throws -> Int {
        guard let index = columnIndex[name] else {
            throw PostgresError(.decodingFailed, message: "no column named \(name)")
        }
        return index
    }

    @usableFromInline
    func text(row: Int, column: Int) -> String? {
        if PQgetisnull(handle, Int32(row), Int32(column)) == 1 { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }
}

/// One row of a `PostgresResult`, decoded column by column with explicit NULL handling.
public struct PostgresRow: Sendable {
    @usableFromInline let result: PostgresResult
    @usableFromInline let index: Int

    /// The column's value; throws if it is NULL or does not decode as `T`. Inlinable, so each call
    /// site is specialised for its type (rows are decoded by the tens of thousands).
    @inlinable
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try decodeIfPresent(column, as: type) else {
            throw PostgresError(.decodingFailed, message: "column \(column) is NULL")
        }
        return value
    }

    /// The column's value, or `nil` when it is SQL NULL.
    @inlinable
    public func decodeIfPresent<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        let field = try result.column(named: column)
        guard let text = result.text(row: index, column: field) else { return nil }
        guard let value = T(postgresText: text) else {
            throw PostgresError(.decodingFailed, message: "column \(column) value '\(text.prefix(64))' is not a \(T.self)")
        }
        return value
    }

    /// The column's text as one case of `type` (an enum stored by its raw value); throws if it is
    /// NULL or names no case.
    public func decode<T: RawRepresentable>(_ column: String, asCaseOf type: T.Type) throws -> T where T.RawValue == String {
        guard let value = try decodeIfPresent(column, asCaseOf: type) else {
            throw PostgresError(.decodingFailed, message: "column \(column) is NULL")
        }
        return value
    }

    /// The column's text as one case of `type`, or `nil` when it is SQL NULL; throws if it names no case.
    public func decodeIfPresent<T: RawRepresentable>(_ column: String, asCaseOf type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try decodeIfPresent(column, as: String.self) else { return nil }
        guard let value = T(rawValue: text) else {
            throw PostgresError(.decodingFailed, message: "column \(column) value '\(text.prefix(64))' is not a \(T.self)")
        }
        return value
    }

    /// True when the column is SQL NULL.
    public func isNull(_ column: String) throws -> Bool {
        try result.text(row: index, column: result.column(named: column)) == nil
    }
}
