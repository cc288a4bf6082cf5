import Foundation

/// A configuration value that failed validation; the service stops with this one-line message.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let variable: String
    public let problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "configuration error: \(variable) \(problem)" }
}

/// Typed, validated reads of environment variables.
public struct EnvironmentReader: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The raw value, treating an empty string as unset.
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func string(_ name: String, default fallback: String) -> String {
        string(name) ?? fallback
    }

    /// An integer within `range`.
    public func int(_ name: String, default fallback: Int, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text) else {
            throw ConfigurationError(variable: name, problem: "must be an integer, got '\(text)'")
        }
        guard range.contains(value) else {
            throw ConfigurationError(
                variable: name, problem: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    /// A non-negative number of seconds or a ratio.
    public func double(_ name: String, default fallback: Double, range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude)
        throws -> Double
    {
        guard let text = string(name) else { return fallback }
        guard let value = Double(text), value.isFinite else {
            throw ConfigurationError(variable: name, problem: "must be a number, got '\(text)'")
        }
        guard range.contains(value) else {
            throw ConfigurationError(
                variable: name, problem: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    /// A decimal within `range`, exactly as written (0.001, not the binary double nearest it).
    public func decimal(_ name: String, default fallback: Decimal, range: ClosedRange<Decimal>) throws -> Decimal {
        guard let text = string(name) else { return fallback }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value.isFinite,
            text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") })
        else {
            throw ConfigurationError(variable: name, problem: "must be a number, got '\(text)'")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, problem: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    /// An http(s) base URL without a trailing slash.
    public func url(_ name: String, default fallback: String) throws -> String {
        let value = string(name) ?? fallback
        guard value.hasPrefix("http://") || value.hasPrefix("https://"), URL(string: value)?.host != nil else {
            throw ConfigurationError(variable: name, problem: "must be an http(s) URL, got '\(value)'")
        }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// A switch: `1`/`true` on, `0`/`false` or unset off; anything else stops the service.
    public func flag(_ name: String) throws -> Bool {
        switch string(name)?.lowercased() {
        case nil, "0", "false": return false
        case "1", "true": return true
        case let other?: throw ConfigurationError(variable: name, problem: "must be 1 or 0, got '\(other.prefix(40))'")
        }
    }

    /// One of a fixed set of words.
    public func choice(_ name: String, default fallback: String, allowed: [String]) throws -> String {
        let value = string(name) ?? fallback
        guard allowed.contains(value) else {
            throw ConfigurationError(variable: name, problem: "must be one of \(allowed.joined(separator: ", ")), got '\(value)'")
        }
        return value
    }
}
