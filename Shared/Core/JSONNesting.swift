import Foundation

/// How deeply a JSON text nests arrays and objects, measured in one flat scan before anything
/// recursive (a validator, `JSONDecoder`) walks it.
///
/// Handlers run on worker threads with small stacks (`HTTPServerConfiguration.workerStackBytes`),
/// and Foundation's decoder recurses once per level: a few hundred `[` would end the process.
/// Every body a service reads and every upstream answer it decodes is measured against `limit`
/// first.
public enum JSONNesting {
    /// The deepest nesting accepted: far above any payload of the suite or of Polymarket (which
    /// nest under 10), far below what a worker's stack holds.
    public static let limit = 64

    /// The greatest depth of `[`/`{` reached outside strings (0 for a scalar). The text need not be
    /// valid JSON; unbalanced closers are ignored.
    public static func depth(of bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var depth = 0
            var deepest = 0
            var index = 0
            while index < buffer.count {
                switch buffer[index] {
                case 34:  // a string: skip to its unescaped closing quote
                    index += 1
                    while index < buffer.count, buffer[index] != 34 {
                        index += buffer[index] == 92 ? 2 : 1
                    }
                case 91, 123:
                    depth += 1
                    deepest = max(deepest, depth)
                case 93, 125:
                    depth = max(0, depth - 1)
                default:
                    break
                }
                index += 1
            }
            return deepest
        }
    }

    /// Why `bytes` nest too deeply to be read, or nil when they are within `limit`.
    public static func problem(in bytes: [UInt8], what: String = "the body") -> String? {
        let measured = depth(of: bytes)
        guard measured > limit else { return nil }
        return "\(what) nests arrays and objects \(measured) levels deep; the limit is \(limit)"
    }
}

/// An upstream answer that nests deeper than `JSONNesting.limit`, refused before decoding.
public struct JSONNestingError: Error, CustomStringConvertible {
    public let description: String
}

extension JSONDecoder {
    /// Decodes `bytes` after checking their nesting depth, so a hostile or broken answer cannot
    /// exhaust a worker's stack. The one way the suite decodes JSON it did not write itself.
    public func decodeBounded<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if let problem = JSONNesting.problem(in: bytes, what: "the answer") { throw JSONNestingError(description: problem) }
        return try decode(type, from: Data(bytes))
    }
}
