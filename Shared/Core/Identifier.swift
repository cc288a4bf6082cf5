import Foundation

/// A value that names one thing of one kind: a portfolio's id is a `PortfolioID`, not an `Int64`
/// that could as well be a trade's id or a count.
///
/// `Kind` is a phantom type (an empty enum) that only keeps kinds apart at compile time. An
/// identifier encodes as its raw value, so JSON and SQL see the same numbers and strings as
/// before; it does no arithmetic (ids are names, not quantities).
public struct Identifier<Kind, RawValue: Hashable & Sendable>: RawRepresentable, Hashable, Sendable {
    public let rawValue: RawValue

    public init(rawValue: RawValue) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: RawValue) {
        self.rawValue = rawValue
    }
}

extension Identifier: CustomStringConvertible {
    public var description: String { String(describing: rawValue) }
}

extension Identifier: Comparable where RawValue: Comparable {
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Identifier: Encodable where RawValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Identifier: Decodable where RawValue: Decodable {
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(RawValue.self)
    }
}

extension Identifier: ExpressibleByIntegerLiteral where RawValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: RawValue.IntegerLiteralType) {
        rawValue = RawValue(integerLiteral: value)
    }
}

extension Identifier: ExpressibleByUnicodeScalarLiteral where RawValue == String {
    public init(unicodeScalarLiteral value: String) { rawValue = value }
}

extension Identifier: ExpressibleByExtendedGraphemeClusterLiteral where RawValue == String {
    public init(extendedGraphemeClusterLiteral value: String) { rawValue = value }
}

extension Identifier: ExpressibleByStringLiteral where RawValue == String {
    public init(stringLiteral value: String) { rawValue = value }
}

extension Identifier: ExpressibleByStringInterpolation where RawValue == String {
    public init(stringInterpolation: DefaultStringInterpolation) { rawValue = String(stringInterpolation: stringInterpolation) }
}

extension Identifier: LosslessStringConvertible where RawValue == Int64 {
    /// Parses a numeric id's text (`"42"`); nil when it is not an integer.
    public init?(_ description: String) {
        guard let rawValue = Int64(description) else { return nil }
        self.rawValue = rawValue
    }
}

/// Kinds of identifier (phantom types; never instantiated).
public enum IdentifierKind {
    public enum Portfolio {}
    public enum Cycle {}
    public enum Token {}
    public enum Market {}
}

/// A portfolio's id (`portfolios.id`, a positive `BIGSERIAL`).
public typealias PortfolioID = Identifier<IdentifierKind.Portfolio, Int64>
/// A cycle run's id: the orchestrator's text key shared by every portfolio's cycle in one run.
public typealias CycleID = Identifier<IdentifierKind.Cycle, String>
/// An outcome token's id on the CLOB (a decimal string of up to 78 digits).
public typealias TokenID = Identifier<IdentifierKind.Token, String>
/// A market's id (Gamma's market id, or the condition id where the venue keys by it).
public typealias MarketID = Identifier<IdentifierKind.Market, String>

extension Identifier where Kind == IdentifierKind.Cycle, RawValue == String {
    /// A new cycle id: `prefix` and a random UUID (`c-…` for an orchestrated cycle, `manual-…`
    /// for a call outside any).
    public static func unique(_ prefix: String) -> CycleID { CycleID(prefix + UUID().uuidString.lowercased()) }
}
