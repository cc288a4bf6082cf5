import Foundation
import PrescientCore

/// Readers for the real API's loose types: numbers sent as strings, arrays sent as JSON inside
/// strings, and fields that are missing, null or of an unexpected type. A bad optional field
/// becomes nil instead of failing the whole page.
extension KeyedDecodingContainer {
    /// A decimal from a numeric string or a JSON number; nil when absent, null, empty or not numeric.
    /// `usuallyNumber` says which form the real API sends, so the common case decodes on the first try
    /// (a failed try builds a DecodingError, which is costly across 36k markets).
    func lenientDecimal(_ key: Key, usuallyNumber: Bool = false) -> Decimal? {
        if usuallyNumber {
            if let number = try? decodeIfPresent(Decimal.self, forKey: key) { return number }
            return (try? decodeIfPresent(String.self, forKey: key)).flatMap { $0 }.flatMap(PolymarketDecimal.parse)
        }
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

    /// An array of strings sent either as JSON text inside a string (`"[\"Yes\", \"No\"]"`, the
    /// usual form) or as a real array. Numbers inside are kept as their text.
    func stringList(_ key: Key) -> [String]? {
        if let text = try? decodeIfPresent(String.self, forKey: key) {
            return text.isEmpty ? nil : EmbeddedJSONList.parse(text)
        }
        return try? decodeIfPresent([String].self, forKey: key)
    }
}

/// Reads the flat JSON arrays Gamma embeds in strings: `["Yes", "No"]`, `["0.268", "0.732"]`,
/// `[0.5, 0.5]`. Returns nil for anything that is not a flat array of strings or numbers.
public enum EmbeddedJSONList {
    public static func parse(_ text: String) -> [String]? {
        var bytes = Array(text.utf8)[...]
        func skipSpace() { while let first = bytes.first, first == 32 || first == 9 || first == 10 || first == 13 { bytes.removeFirst() } }
        skipSpace()
        guard bytes.first == UInt8(ascii: "[") else { return nil }
        bytes.removeFirst()
        var items: [String] = []
        skipSpace()
        if bytes.first == UInt8(ascii: "]") { return items }
        while true {
            skipSpace()
            guard let first = bytes.first else { return nil }
            if first == UInt8(ascii: "\"") {
                bytes.removeFirst()
                var item: [UInt8] = []
                var escaped = false
                var closed = false
                while let byte = bytes.popFirst() {
                    if escaped {
                        switch byte {
                        case UInt8(ascii: "n"): item.append(10)
                        case UInt8(ascii: "t"): item.append(9)
                        case UInt8(ascii: "u"):
                            // Rare in these lists: fall back to the full parser.
                            return fallback(text)
                        default: item.append(byte)
                        }
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        closed = true
                        break
                    } else {
                        item.append(byte)
                    }
                }
                guard closed else { return nil }
                items.append(String(decoding: item, as: UTF8.self))
            } else {
                var item: [UInt8] = []
                while let byte = bytes.first, byte != UInt8(ascii: ","), byte != UInt8(ascii: "]"), byte != 32 {
                    item.append(byte)
                    bytes.removeFirst()
                }
                let token = String(decoding: item, as: UTF8.self)
                guard PolymarketDecimal.parse(token) != nil else { return nil }
                items.append(token)
            }
            skipSpace()
            guard let separator = bytes.popFirst() else { return nil }
            if separator == UInt8(ascii: "]") { return items }
            guard separator == UInt8(ascii: ",") else { return nil }
        }
    }

    static func fallback(_ text: String) -> [String]? {
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
        DecimalText.parse(text)
    }
}
