import Foundation
import PrescientCore

/// A Swift value that can be read from Postgres's text output format.
public protocol PostgresDecodable {
    /// Returns `nil` when the text is not a valid value of this type.
    init?(postgresText: String)
}

extension String: PostgresDecodable {
    public init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int64: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Int32: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Bool: PostgresDecodable {
    public init?(postgresText: String) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Double: PostgresDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Decimal: PostgresDecodable {
    /// NUMERIC text is always `-123.456` with a dot, so parsing is locale-free.
    public init?(postgresText: String) {
        guard let value = DecimalText.parse(postgresText) else { return nil }
        self = value
    }
}

extension Date: PostgresDecodable {
    public init?(postgresText: String) {
        guard let date = PostgresTimestamp.parse(postgresText) else { return nil }
        self = date
    }
}

extension Identifier: PostgresDecodable where RawValue: PostgresDecodable {
    public init?(postgresText: String) {
        guard let rawValue = RawValue(postgresText: postgresText) else { return nil }
        self.init(rawValue: rawValue)
    }
}
