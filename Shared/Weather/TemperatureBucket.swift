import Foundation

/// The unit a weather market resolves in (Wunderground's whole degrees).
public enum TemperatureUnit: String, Sendable, Codable {
    case celsius, fahrenheit

    var symbol: String { self == .celsius ? "°C" : "°F" }
}

/// One outcome of a temperature market, as Polymarket words it: an exact whole degree ("18°C"),
/// a range of whole degrees ("100-101°F"), or an open end ("18°C or below", "27°C or higher").
/// The station reports whole degrees, so a bucket holds the whole degrees from `lower` to
/// `upper` (nil: unbounded).
public struct TemperatureBucket: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case exact, range, orBelow = "or_below", orAbove = "or_above"
    }

    public let kind: Kind
    public let lower: Int?
    public let upper: Int?
    public let unit: TemperatureUnit

    public init(kind: Kind, lower: Int?, upper: Int?, unit: TemperatureUnit) {
        self.kind = kind
        self.lower = lower
        self.upper = upper
        self.unit = unit
    }

    /// Parses Polymarket's wording ("18°C", "-2°C", "100-101°F", "18°C or below", "27°C or higher");
    /// nil for anything else.
    public static func parse(_ text: String) -> TemperatureBucket? {
        var label = text.trimmingCharacters(in: .whitespaces)
        var kind = Kind.exact
        for (suffix, found) in [
            (" or below", Kind.orBelow), (" or lower", Kind.orBelow), (" or higher", Kind.orAbove), (" or above", Kind.orAbove),
        ]
        where label.hasSuffix(suffix) {
            kind = found
            label.removeLast(suffix.count)
        }
        let unit: TemperatureUnit
        if label.hasSuffix("°C") {
            unit = .celsius
        } else if label.hasSuffix("°F") {
            unit = .fahrenheit
        } else {
            return nil
        }
        label.removeLast(2)
        // A range "a-b" (a leading minus belongs to the first number).
        if kind == .exact, let dash = label.dropFirst().firstIndex(of: "-") {
            guard let low = Int(label[..<dash]), let high = Int(label[label.index(after: dash)...]), low <= high else { return nil }
            return TemperatureBucket(kind: .range, lower: low, upper: high, unit: unit)
        }
        guard let degrees = Int(label) else { return nil }
        switch kind {
        case .orBelow: return TemperatureBucket(kind: kind, lower: nil, upper: degrees, unit: unit)
        case .orAbove: return TemperatureBucket(kind: kind, lower: degrees, upper: nil, unit: unit)
        default: return TemperatureBucket(kind: .exact, lower: degrees, upper: degrees, unit: unit)
        }
    }

    /// Whether a whole-degree reading falls in the bucket.
    public func contains(_ degrees: Int) -> Bool {
        (lower.map { degrees >= $0 } ?? true) && (upper.map { degrees <= $0 } ?? true)
    }

    public var description: String {
        switch kind {
        case .exact: return "\(lower!)\(unit.symbol)"
        case .range: return "\(lower!)-\(upper!)\(unit.symbol)"
        case .orBelow: return "\(upper!)\(unit.symbol) or below"
        case .orAbove: return "\(lower!)\(unit.symbol) or higher"
        }
    }
}
