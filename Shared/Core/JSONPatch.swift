/// Rewrites top-level members of a recorded JSON object, leaving every other byte verbatim.
public enum JSONPatch {
    /// Replaces (or appends, in key order) the given members; values are raw JSON bytes. One pass
    /// finds every member; the result is the object alone (surrounding white space dropped).
    public static func replacing(_ values: [String: [UInt8]], in bytes: [UInt8]) -> [UInt8] {
        let slicer = JSONSlicer(bytes)
        let keys = values.keys.sorted()
        guard let root = slicer.root, let found = slicer.values(of: keys, inObject: root) else { return bytes }
        let replaced = zip(keys, found).compactMap { key, range in range.map { ($0, values[key]!) } }.sorted {
            $0.0.lowerBound < $1.0.lowerBound
        }
        var result: [UInt8] = []
        result.reserveCapacity(root.count + values.values.reduce(32) { $0 + $1.count + 8 })
        var copied = root.lowerBound
        for (range, value) in replaced {
            result += bytes[copied..<range.lowerBound]
            result += value
            copied = range.upperBound
        }
        let appended = zip(keys, found).filter { $0.1 == nil }.map(\.0)
        guard !appended.isEmpty else {
            result += bytes[copied..<root.upperBound]
            return result
        }
        let closing = root.upperBound - 1
        result += bytes[copied..<closing]
        var isEmpty = bytes[(root.lowerBound + 1)..<closing].allSatisfy { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
        for key in appended {
            result += Array(((isEmpty ? "" : ",") + "\"\(key)\":").utf8) + values[key]!
            isEmpty = false
        }
        result.append(UInt8(ascii: "}"))
        return result
    }

    /// `["a","b"]` encoded as a JSON string, as Gamma sends `clobTokenIds` and `outcomePrices`.
    public static func stringifiedArray(_ items: [String]) -> [UInt8] {
        let inner = "[" + items.map { "\\\"\($0)\\\"" }.joined(separator: ", ") + "]"
        return Array("\"\(inner)\"".utf8)
    }
}
