/// Splits a request target into its path and percent-decoded query parameters.
public enum QueryString {
    public static func split(target: String) -> (path: String, query: [String: String]) {
        guard let mark = target.firstIndex(of: "?") else {
            return (percentDecode(target, plusIsSpace: false) ?? target, [:])
        }
        let rawPath = String(target[..<mark])
        let path = percentDecode(rawPath, plusIsSpace: false) ?? rawPath
        return (path, parse(String(target[target.index(after: mark)...])))
    }

    /// Parses `a=1&b=two%20words`; keys without `=` get an empty value; the last of repeated keys wins.
    public static func parse(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in parsePairs(query) { result[key] = value }
        return result
    }

    /// Every `key=value` pair in order, repeated keys included.
    public static func parsePairs(_ query: String) -> [(String, String)] {
        query.split(separator: "&").filter { !$0.isEmpty }.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentDecode(String(parts[0]), plusIsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (percentDecode(String(parts[1]), plusIsSpace: true) ?? String(parts[1])) : ""
            return (key, value)
        }
    }

    /// Decodes `%XX` escapes; returns nil for a malformed escape or invalid UTF-8.
    public static func percentDecode(_ text: String, plusIsSpace: Bool) -> String? {
        guard text.utf8.contains(37) || (plusIsSpace && text.utf8.contains(43)) else { return text }  // % and +
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == 37 {  // %
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else if byte == 43 && plusIsSpace {
                bytes.append(32)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 65...70: return byte - 55
        case 97...102: return byte - 87
        default: return nil
        }
    }
}
