import Foundation
import PrescientCore

/// A SQL statement whose interpolated values are bound as parameters, never spliced into the text.
///
/// `"SELECT * FROM markets WHERE id = \(id)"` becomes `SELECT * FROM markets WHERE id = $1`
/// with `id` sent separately through `PQexecParams`, so quotes and unicode in values are harmless.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation {
    public var sql: String
    /// Text-format parameter values; `nil` is SQL NULL.
    public var bindings: [String?]

    public init(unsafeSQL sql: String, bindings: [String?] = []) {
        self.sql = sql
        self.bindings = bindings
    }

    /// True for a plain `SELECT` (no locking clause), which is safe to run again.
    public var isRead: Bool {
        let head = sql.drop(while: { $0 == " " || $0 == "\n" }).prefix(6).uppercased()
        return head == "SELECT" && !sql.uppercased().contains("FOR UPDATE")
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, bindings: stringInterpolation.bindings)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var bindings: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next `$n` parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bindings.append(value.postgresText)
            sql += "$\(bindings.count)"
        }

        /// Binds an optional value; `nil` becomes NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            bindings.append(value?.postgresText)
            sql += "$\(bindings.count)"
        }

        /// Splices another query built the same way (a shared `WHERE` fragment), its parameters
        /// renumbered after the ones bound so far. Only `$1`…`$k` for its own `k` bindings are
        /// renumbered; any other `$` text is copied as it is (its text should still use `$n` only
        /// as placeholders: one inside a string literal that happens to be in range is renumbered too).
        public mutating func appendInterpolation(fragment: PostgresQuery) {
            let offset = bindings.count
            var text = ""
            var rest = Substring(fragment.sql)
            while let dollar = rest.firstIndex(of: "$") {
                text += rest[..<dollar]
                let digits = rest[rest.index(after: dollar)...].prefix(while: { $0.isASCII && $0.isNumber })
                if digits.count <= 6, let number = Int(digits), number >= 1, number <= fragment.bindings.count {
                    text += "$\(number + offset)"
                } else {
                    text += "$" + digits
                }
                rest = rest[rest.index(dollar, offsetBy: 1 + digits.count)...]
            }
            sql += text + rest
            bindings += fragment.bindings
        }

        /// Splices trusted SQL text (an identifier or a fragment built by the caller) verbatim.
        public mutating func appendInterpolation(unescaped text: String) {
            sql += text
        }
    }
}

/// A Swift value that can be sent to Postgres as a text-format parameter.
public protocol PostgresEncodable: Sendable {
    /// The value in Postgres's text input format.
    var postgresText: String { get }
}

extension String: PostgresEncodable {
    public var postgresText: String { self }
}

extension Int: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresEncodable {
    public var postgresText: String { self ? "true" : "false" }
}

extension Decimal: PostgresEncodable {
    public var postgresText: String { DecimalText.format(self) }
}

extension Double: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Date: PostgresEncodable {
    /// Seconds since the epoch with microseconds, read back exactly by `to_timestamp`-free casts.
    public var postgresText: String { PostgresTimestamp.format(self) }
}

/// A value that can be an element of a Postgres array parameter (`unnest(\(ids)::bigint[])`);
/// nil elements are SQL NULLs.
public protocol PostgresArrayElement: Sendable {
    /// The element's text, or nil for NULL.
    var postgresElementText: String? { get }
}

extension String: PostgresArrayElement { public var postgresElementText: String? { self } }
extension Int64: PostgresArrayElement { public var postgresElementText: String? { postgresText } }
extension Int: PostgresArrayElement { public var postgresElementText: String? { postgresText } }
extension Decimal: PostgresArrayElement { public var postgresElementText: String? { postgresText } }
extension Bool: PostgresArrayElement { public var postgresElementText: String? { postgresText } }
extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public var postgresElementText: String? { self?.postgresElementText }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// A Postgres array literal, each element quoted and escaped, nils as NULL. Built over UTF-8
    /// bytes: the price queries pass tens of thousands of token ids at once.
    public var postgresText: String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        let texts = map(\.postgresElementText)
        bytes.reserveCapacity(texts.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, element) in texts.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let element else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in element.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Identifier: PostgresEncodable where RawValue: PostgresEncodable {
    public var postgresText: String { rawValue.postgresText }
}

extension Identifier: PostgresArrayElement where RawValue: PostgresArrayElement {
    public var postgresElementText: String? { rawValue.postgresElementText }
}
