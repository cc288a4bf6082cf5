import Foundation

/// Readers for the real API's loose types: numbers sent as strings, arrays sent as JSON inside
/// strings, and fields that are missing, null or of an unexpected type. A bad optional field
/// becomes nil instead of failing the whole page.
extension KeyedDecodingContainer {
    /// A decimal from a JSON number or a numeric string; nil when absent, null, empty or not numeric.
    func lenientDecimal(_ key: Key) -> Decimal? {
        if let text = try? decodeIfPresent(String.self, forKey: key) {
            return PolymarketDecimal.parse(text)
        }
        return try? decodeIfPresent(Decimal.self, forKey: key)
    }

    /// A string from a JSON string or number.
    func lenientString(_ key: Key) -> String? {
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text }
        if let number = try? decodeIfPresent(Int64.self, forKey: key) { return String(number) }
        if let number = try? decodeIfPresent(Decimal.self, forKey: key) { return number.description }
        return nil
    }

    /// A boolean from true/false or "true"/"false".
    func lenientBool(_ key: Key) -> Bool? {
        if let value = try? decodeIfPresent(Bool.self, forKey: key) { return value }
        if let text = try? decodeIfPresent(String.self, forKey: key) {
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: return nil
            }
        }
        return nil
    }

    /// An integer from a JSON number or numeric string.
    func lenientInt(_ key: Key) -> Int64? {
        if let value = try? decodeIfPresent(Int64.self, forKey: key) { return value }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return Int64(text) }
        if let value = try? decodeIfPresent(Double.self, forKey: key), value.isFinite { return Int64(value) }
        return nil
    }

    /// An array of strings sent either as a real array or as JSON text inside a string
    /// (`"[\"Yes\", \"No\"]"`). Elements that are numbers are kept as their text.
    func stringList(_ key: Key) -> [String]? {
        if let list = try? decodeIfPresent([String].self, forKey: key) { return list }
        guard let text = try? decodeIfPresent(String.self, forKey: key), !text.isEmpty else { return nil }
        guard let data = text.data(using: .utf8),
            let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [Any]
        else { return nil }
        return parsed.compactMap { element in
            if let string = element as? String { return string }
            if let number = element as? NSNumber { return number.stringValue }
            return nil
        }
    }
}

/// Exact decimal parsing for prices and sizes (never through Double).
public enum PolymarketDecimal {
    /// Parses `"0.268"`, `"1e-3"`, `"80362.86028499973"`; nil for empty or non-numeric text.
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let first = trimmed.utf8.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (first >= 48 && first <= 57)
        else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }
}
