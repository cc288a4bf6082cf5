import Foundation
import PrescientCore

/// Reads a JSON object body field by field, so every problem is a 400 naming the field:
/// malformed JSON, a body that is not an object, unknown keys, missing or mistyped fields.
public struct JSONFields: Sendable {
    public let values: [String: JSONValue]
    /// Where the object sits in the body (`portfolios[3]`), prefixed to field names in errors;
    /// empty for the body itself.
    let path: String

    public init(_ request: HTTPRequest, allowed: Set<String>) throws {
        try request.checkJSONBody()
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
        } catch {
            throw HTTPError(.badRequest, code: "invalid_json", message: "the body is not valid JSON")
        }
        guard case .object(let object) = value else {
            throw HTTPError(.badRequest, code: "invalid_json", message: "the body must be a JSON object, not \(value.kindName)")
        }
        try self.init(object: object, allowed: allowed, path: "")
    }

    /// The fields of an object inside the body; errors name them as `path.field`.
    public init(object: [String: JSONValue], allowed: Set<String>, path: String) throws {
        self.path = path
        values = object
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw HTTPError(
                .badRequest, code: "unknown_field",
                message: "field '\(name(unknown))' is not accepted here (accepted: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> HTTPError {
        HTTPError(.badRequest, code: "invalid_field", message: "field '\(name(key))' must be \(expected), not \(value.kindName)")
    }

    func missing(_ key: String) -> HTTPError {
        HTTPError(.badRequest, code: "missing_field", message: "field '\(name(key))' is required")
    }

    public func has(_ key: String) -> Bool { values[key] != nil }

    public func string(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string", value) }
        return text
    }

    /// An optional text id field (`cycle_id`) of 1 to `maxLength` characters as the typed id it names.
    public func textID<Kind>(_ key: String, maxLength: Int = 100) throws -> Identifier<Kind, String>? {
        guard let text = try string(key) else { return nil }
        guard (1...maxLength).contains(text.count) else {
            throw HTTPError(.badRequest, code: "invalid_field", message: "field '\(name(key))' must have 1 to \(maxLength) characters")
        }
        return Identifier(text)
    }

    public func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw missing(key) }
        return text
    }

    public func decimal(_ key: String) throws -> Decimal? {
        guard let value = values[key] else { return nil }
        switch value {
        case .number(let number): return number
        case .string(let text):
            guard let number = DecimalText.parse(text) else { throw wrongType(key, "a number", value) }
            return number
        default: throw wrongType(key, "a number", value)
        }
    }

    public func int64(_ key: String) throws -> Int64? {
        guard let value = values[key] else { return nil }
        guard case .number(let number) = value, number == number.rounded(scale: 0),
            let integer = Int64(exactly: NSDecimalNumber(decimal: number).int64Value), Decimal(integer) == number
        else { throw wrongType(key, "an integer", value) }
        return integer
    }

    public func requiredInt64(_ key: String) throws -> Int64 {
        guard let value = try int64(key) else { throw missing(key) }
        return value
    }

    /// A required integer id field (`portfolio_id`) as the typed id it names.
    public func requiredID<Kind>(_ key: String) throws -> Identifier<Kind, Int64> {
        Identifier(try requiredInt64(key))
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, "true or false", value) }
        return flag
    }

    public func object(_ key: String) throws -> [String: JSONValue]? {
        guard let value = values[key] else { return nil }
        guard case .object(let object) = value else { throw wrongType(key, "an object", value) }
        return object
    }
}
