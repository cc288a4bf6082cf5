import PrescientCore

/// Rewrites top-level members of a recorded JSON object, leaving every other byte verbatim.
enum JSONPatch {
    /// Replaces (or appends) the given members; values are raw JSON bytes.
    static func replacing(_ values: [String: [UInt8]], in bytes: [UInt8]) -> [UInt8] {
        var current = bytes
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let slicer = JSONSlicer(current)
            guard let root = slicer.root else { continue }
            if let member = slicer.member(key, ofObject: root) {
                current = slicer.bytes(root, replacing: member.value, with: value)
            } else {
                var body = Array(current[root.lowerBound..<(root.upperBound - 1)])
                let isEmpty = body.dropFirst().allSatisfy { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
                body += Array(((isEmpty ? "" : ",") + "\"\(key)\":").utf8) + value + [UInt8(ascii: "}")]
                current = body
            }
        }
        return current
    }

    /// `["a","b"]` encoded as a JSON string, as Gamma sends `clobTokenIds` and `outcomePrices`.
    static func stringifiedArray(_ items: [String]) -> [UInt8] {
        let inner = "[" + items.map { "\\\"\($0)\\\"" }.joined(separator: ", ") + "]"
        return Array("\"\(inner)\"".utf8)
    }
}
