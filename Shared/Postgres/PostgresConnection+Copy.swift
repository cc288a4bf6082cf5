import CLibPQ
import Foundation

extension PostgresConnection {
    /// Streams rows into a table with `COPY … FROM STDIN` (text format), the fastest bulk path.
    ///
    /// `statement` is the full COPY statement, e.g. `COPY staging (a, b) FROM STDIN`.
    /// The closure appends rows to a `PostgresCopyWriter`; data is flushed in large chunks.
    /// Returns the number of rows the server reports as copied.
    @discardableResult
    public func copyFrom(_ statement: String, _ write: (inout PostgresCopyWriter) throws -> Void) throws -> Int {
        let start = PQexec(handle, statement)
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            if let start {
                let error = Self.error(from: start, kind: .copyFailed, fallback: lastErrorMessage)
                PQclear(start)
                throw error
            }
            throw PostgresError(.copyFailed, message: lastErrorMessage)
        }
        PQclear(start)
        var writer = PostgresCopyWriter(connection: self)
        do {
            try write(&writer)
            try writer.flush()
        } catch {
            _ = PQputCopyEnd(handle, "aborted by client")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw PostgresError(.copyFailed, message: lastErrorMessage)
        }
        var copied = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                copied = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if failure == nil {
                failure = Self.error(from: result, kind: .copyFailed, fallback: lastErrorMessage)
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return copied
    }

    func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    func putCopyData(_ bytes: [UInt8]) throws {
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                PQputCopyData(handle, $0, Int32(buffer.count))
            }
        }
        guard status == 1 else { throw PostgresError(.copyFailed, message: lastErrorMessage) }
    }
}

/// Builds COPY text-format rows: fields separated by tabs, `\N` for NULL, backslash escapes.
public struct PostgresCopyWriter {
    let connection: PostgresConnection
    var buffer: [UInt8] = []
    var fieldsInRow = 0
    /// Bytes buffered before a chunk is sent to the server.
    static let chunkSize = 1 << 20

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Appends one field of the current row.
    public mutating func field(_ value: String?) {
        guard var text = value else {
            separator()
            buffer.append(contentsOf: [92, 78])  // \N
            return
        }
        text.withUTF8 { field(bytes: $0) }
    }

    /// Appends one field given as raw UTF-8 bytes (e.g. a JSON payload slice). Runs of bytes that
    /// need no escaping are copied in bulk; only backslash, tab, newline and CR are escaped.
    public mutating func field(bytes: UnsafeBufferPointer<UInt8>) {
        separator()
        guard let base = bytes.baseAddress else { return }
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = base[index]
            guard byte == 92 || byte == 9 || byte == 10 || byte == 13 else { continue }
            if index > runStart { buffer.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart)) }
            switch byte {
            case 92: buffer.append(contentsOf: [92, 92])
            case 9: buffer.append(contentsOf: [92, 116])
            case 10: buffer.append(contentsOf: [92, 110])
            default: buffer.append(contentsOf: [92, 114])
            }
            runStart = index + 1
        }
        if bytes.count > runStart {
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: bytes.count - runStart))
        }
    }

    /// Appends one field from any encodable value (`nil` is NULL).
    public mutating func field(_ value: (some PostgresEncodable)?) {
        field(value?.postgresText)
    }

    /// Ends the current row and sends a chunk when enough bytes are buffered.
    public mutating func endRow() throws {
        buffer.append(10)
        fieldsInRow = 0
        if buffer.count >= Self.chunkSize { try flush() }
    }

    mutating func separator() {
        if fieldsInRow > 0 { buffer.append(9) }
        fieldsInRow += 1
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try connection.putCopyData(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
