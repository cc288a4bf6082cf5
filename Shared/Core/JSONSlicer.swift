import Foundation

/// Finds the byte ranges of JSON values without building them, so recorded payloads can be
/// stored and re-served verbatim (as JSONB or inside a simulated page) at the cost of one scan.
///
/// The input is assumed to be valid JSON (it has already been, or will be, parsed); on malformed
/// input the functions return nil rather than trapping.
public struct JSONSlicer {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The whole document, without surrounding white space.
    public var root: Range<Int>? {
        let start = skipSpace(0)
        guard let end = skipValue(start) else { return nil }
        return start..<end
    }

    /// The ranges of the elements of the array at `range`.
    public func elements(ofArray range: Range<Int>) -> [Range<Int>]? {
        var index = skipSpace(range.lowerBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "[") else { return nil }
        index = skipSpace(index + 1)
        var result: [Range<Int>] = []
        if index < range.upperBound, bytes[index] == UInt8(ascii: "]") { return result }
        while index < range.upperBound {
            guard let end = skipValue(index) else { return nil }
            result.append(index..<end)
            index = skipSpace(end)
            guard index < range.upperBound else { return nil }
            if bytes[index] == UInt8(ascii: "]") { return result }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(index + 1)
        }
        return nil
    }

    /// The member `key` of the object at `range`: where its value lies, and the span to cut to
    /// remove the member (including one adjoining comma) while keeping the object valid.
    public func member(_ key: String, ofObject range: Range<Int>) -> (value: Range<Int>, removal: Range<Int>)? {
        let wanted = Array(key.utf8)
        var index = skipSpace(range.lowerBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { return nil }
        index = skipSpace(index + 1)
        var previousValueEnd: Int?
        while index < range.upperBound, bytes[index] == UInt8(ascii: "\"") {
            let keyStart = index
            guard let keyEnd = skipString(index) else { return nil }
            var colon = skipSpace(keyEnd)
            guard colon < range.upperBound, bytes[colon] == UInt8(ascii: ":") else { return nil }
            colon += 1
            let valueStart = skipSpace(colon)
            guard let valueEnd = skipValue(valueStart) else { return nil }
            let matches = keyEnd - keyStart - 2 == wanted.count
                && bytes[(keyStart + 1)..<(keyEnd - 1)].elementsEqual(wanted)
            var next = skipSpace(valueEnd)
            let hasMore = next < range.upperBound && bytes[next] == UInt8(ascii: ",")
            if matches {
                let removal: Range<Int>
                if let previousValueEnd {
                    removal = previousValueEnd..<valueEnd
                } else if hasMore {
                    removal = keyStart..<skipSpace(next + 1)
                } else {
                    removal = keyStart..<valueEnd
                }
                return (valueStart..<valueEnd, removal)
            }
            guard hasMore else { return nil }
            previousValueEnd = valueEnd
            next = skipSpace(next + 1)
            index = next
        }
        return nil
    }

    /// The value of `key` in the object at `range`.
    public func value(_ key: String, ofObject range: Range<Int>) -> Range<Int>? {
        member(key, ofObject: range)?.value
    }

    /// The bytes of `range` with `removal` cut out.
    public func bytes(_ range: Range<Int>, cutting removal: Range<Int>) -> [UInt8] {
        Array(bytes[range.lowerBound..<removal.lowerBound]) + bytes[removal.upperBound..<range.upperBound]
    }

    /// The bytes of `range` with `replaced` swapped for `replacement`.
    public func bytes(_ range: Range<Int>, replacing replaced: Range<Int>, with replacement: [UInt8]) -> [UInt8] {
        Array(bytes[range.lowerBound..<replaced.lowerBound]) + replacement + bytes[replaced.upperBound..<range.upperBound]
    }

    func skipSpace(_ start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            while index < buffer.count {
                switch buffer[index] {
                case 32, 9, 10, 13: index += 1
                default: return index
                }
            }
            return index
        }
    }

    func skipString(_ start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { Self.skipString(in: $0, from: start) }
    }

    /// The index just past the value starting at `start`.
    func skipValue(_ start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { Self.skipValue(in: $0, from: start) }
    }

    /// The index just past the closing quote of the string whose opening quote is at `start`.
    static func skipString(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        var index = start + 1
        let count = buffer.count
        while index < count {
            // memchr is vectorised: jump straight to the next quote, then check it is not escaped.
            guard let found = memchr(base + index, 34, count - index) else { return nil }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            var back = quote - 1
            while back > start, base[back] == 92 {
                backslashes += 1
                back -= 1
            }
            if backslashes % 2 == 0 { return quote + 1 }
            index = quote + 1
        }
        return nil
    }

    static func skipValue(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = buffer.baseAddress, start < buffer.count else { return nil }
        let count = buffer.count
        switch base[start] {
        case 34:
            return skipString(in: buffer, from: start)
        case 123, 91:  // { [
            var depth = 0
            var index = start
            while index < count {
                let byte = base[index]
                if byte == 34 {
                    guard let end = skipString(in: buffer, from: index) else { return nil }
                    index = end
                    continue
                }
                if byte == 123 || byte == 91 {
                    depth += 1
                } else if byte == 125 || byte == 93 {
                    depth -= 1
                    if depth == 0 { return index + 1 }
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < count {
                switch base[index] {
                case 44, 125, 93, 32, 9, 10, 13: return index  // , } ] and white space
                default: index += 1
                }
            }
            return index
        }
    }
}
