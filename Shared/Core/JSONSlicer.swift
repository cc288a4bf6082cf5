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

    /// The whole document without surrounding white space, found without scanning it: only for a
    /// document already checked with `isWellFormed`.
    public var wellFormedRoot: Range<Int> {
        var end = bytes.count
        while end > 0, [32, 9, 10, 13].contains(bytes[end - 1]) { end -= 1 }
        return skipSpace(0)..<end
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

    /// Whether the whole document is well-formed JSON (strict grammar: strings and their escapes,
    /// numbers, literals, commas and colons, balanced nesting). The slicing functions assume valid
    /// input; a page read by slicing alone is checked with this first, so a corrupted body is
    /// refused as a decoder would refuse it instead of losing values quietly.
    public var isWellFormed: Bool {
        guard JSONNesting.depth(of: bytes) <= JSONNesting.limit else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var validator = Validator(buffer: buffer)
            validator.skipSpace()
            guard validator.value(depth: 0) else { return false }
            validator.skipSpace()
            return validator.index == buffer.count
        }
    }

    /// Why the document is not acceptable as a request body, or nil when it is: well-formed
    /// (no trailing commas), no key twice in one object (which value wins is parser-specific),
    /// and no NUL character in any string (PostgreSQL text cannot hold it).
    public var requestBodyProblem: String? {
        // Measured flat before the recursive validator (or any decoder) walks the body.
        if let problem = JSONNesting.problem(in: bytes) { return problem }
        return bytes.withUnsafeBufferPointer { buffer in
            var validator = Validator(buffer: buffer, strict: true)
            validator.skipSpace()
            let valid = validator.value(depth: 0)
            validator.skipSpace()
            if let problem = validator.problem { return problem }
            guard valid, validator.index == buffer.count else {
                return "the body is not valid JSON (byte \(validator.index + 1) of \(buffer.count))"
            }
            return nil
        }
    }

    struct Validator {
        let buffer: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Also refuse duplicate keys and NUL characters (`\u0000`), naming the problem.
        let strict: Bool
        var problem: String?

        init(buffer: UnsafeBufferPointer<UInt8>, strict: Bool = false) {
            self.buffer = buffer
            self.strict = strict
        }

        var current: UInt8? { index < buffer.count ? buffer[index] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 32 || byte == 9 || byte == 10 || byte == 13 { index += 1 }
        }

        mutating func expect(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= buffer.count else { return false }
            for offset in 0..<count where buffer[index + offset] != literal.utf8Start[offset] { return false }
            index += count
            return true
        }

        mutating func value(depth: Int) -> Bool {
            guard depth <= JSONNesting.limit, let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return expect("true")
            case UInt8(ascii: "f"): return expect("false")
            case UInt8(ascii: "n"): return expect("null")
            default: return number()
            }
        }

        mutating func object(depth: Int) -> Bool {
            index += 1
            skipSpace()
            if current == UInt8(ascii: "}") {
                index += 1
                return true
            }
            var keys: Set<String> = []
            while true {
                let keyStart = index
                guard current == UInt8(ascii: "\""), string() else { return false }
                if strict && !checkUnique(keyStart..<index, in: &keys) { return false }
                skipSpace()
                guard current == UInt8(ascii: ":") else { return false }
                index += 1
                skipSpace()
                guard value(depth: depth + 1) else { return false }
                skipSpace()
                switch current {
                case UInt8(ascii: ","):
                    index += 1
                    skipSpace()
                case UInt8(ascii: "}"):
                    index += 1
                    return true
                default: return false
                }
            }
        }

        /// Records the key at `range`; false (with the problem named) when it was already seen.
        mutating func checkUnique(_ range: Range<Int>, in keys: inout Set<String>) -> Bool {
            let raw = Array(buffer[range])
            let key = JSONSlicer(raw).string(at: 0..<raw.count) ?? String(decoding: raw, as: UTF8.self)
            guard keys.insert(key).inserted else {
                problem = "key '\(key)' appears twice in one object"
                return false
            }
            return true
        }

        mutating func array(depth: Int) -> Bool {
            index += 1
            skipSpace()
            if current == UInt8(ascii: "]") {
                index += 1
                return true
            }
            while true {
                guard value(depth: depth + 1) else { return false }
                skipSpace()
                switch current {
                case UInt8(ascii: ","):
                    index += 1
                    skipSpace()
                case UInt8(ascii: "]"):
                    index += 1
                    return true
                default: return false
                }
            }
        }

        mutating func string() -> Bool {
            index += 1
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"):
                    guard index + 1 < buffer.count else { return false }
                    switch buffer[index + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 2
                    case UInt8(ascii: "u"):
                        guard index + 6 <= buffer.count,
                            (2..<6).allSatisfy({ JSONSlicer.hexValue(buffer[index + $0]) != nil })
                        else { return false }
                        if strict && (2..<6).allSatisfy({ buffer[index + $0] == UInt8(ascii: "0") }) {
                            problem = "a string contains a NUL character (\\u0000)"
                            return false
                        }
                        index += 6
                    default: return false
                    }
                case 0..<0x20:
                    return false
                default:
                    index += 1
                }
            }
            return false
        }

        mutating func number() -> Bool {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
            if first == UInt8(ascii: "0") { index += 1 } else { digits() }
            if current == UInt8(ascii: ".") {
                index += 1
                guard digits() else { return false }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard digits() else { return false }
            }
            return index > start
        }

        @discardableResult
        mutating func digits() -> Bool {
            let start = index
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            return index > start
        }
    }

    /// Every member of the object at `range`, in order: its key (escapes resolved) and where its
    /// value lies. Nil when `range` does not hold an object.
    public func members(ofObject range: Range<Int>) -> [(key: String, value: Range<Int>)]? {
        var result: [(key: String, value: Range<Int>)] = []
        var keysRead = true
        let walked = walkMembers(ofObject: range) { key, value in
            guard let name = string(at: key) else {
                keysRead = false
                return false
            }
            result.append((name, value))
            return true
        }
        return walked && keysRead ? result : nil
    }

    /// Walks the members of the object at `range` in order, giving each one's key (with its
    /// quotes) and value ranges until `body` answers false. False when `range` is not a
    /// well-formed object as far as it was walked.
    func walkMembers(ofObject range: Range<Int>, _ body: (_ key: Range<Int>, _ value: Range<Int>) -> Bool) -> Bool {
        var index = skipSpace(range.lowerBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { return false }
        index = skipSpace(index + 1)
        if index < range.upperBound, bytes[index] == UInt8(ascii: "}") { return true }
        while index < range.upperBound, bytes[index] == UInt8(ascii: "\"") {
            guard let keyEnd = skipString(index) else { return false }
            var colon = skipSpace(keyEnd)
            guard colon < range.upperBound, bytes[colon] == UInt8(ascii: ":") else { return false }
            colon += 1
            let valueStart = skipSpace(colon)
            guard let valueEnd = skipValue(valueStart) else { return false }
            guard body(index..<keyEnd, valueStart..<valueEnd) else { return true }
            index = skipSpace(valueEnd)
            guard index < range.upperBound else { return false }
            if bytes[index] == UInt8(ascii: "}") { return true }
            guard bytes[index] == UInt8(ascii: ",") else { return false }
            index = skipSpace(index + 1)
        }
        return false
    }

    /// The string whose quoted JSON text is at `range`, escapes resolved; nil when `range` is not
    /// a well-formed string.
    public func string(at range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"")
        else { return nil }
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        guard bytes[inner].contains(UInt8(ascii: "\\")) else { return String(decoding: bytes[inner], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var index = inner.lowerBound
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= inner.upperBound else { return nil }
            var value: UInt32 = 0
            for byte in bytes[at..<(at + 4)] {
                guard let digit = Self.hexValue(byte) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < inner.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < inner.upperBound else { return nil }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(index) else { return nil }
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    // A surrogate pair: the low half must follow as another \u escape.
                    guard index + 6 <= inner.upperBound, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                        let low = hex4(index + 2), (0xDC00...0xDFFF).contains(low)
                    else { return nil }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The raw text of the number, `true`, `false` or `null` at `range` (nil for strings, objects
    /// and arrays).
    public func literal(at range: Range<Int>) -> String? {
        guard let first = range.first.map({ bytes[$0] }), first != UInt8(ascii: "\""), first != UInt8(ascii: "{"),
            first != UInt8(ascii: "[")
        else { return nil }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The member `key` of the object at `range`: where its value lies, and the span to cut to
    /// remove the member (including one adjoining comma) while keeping the object valid.
    public func member(_ key: String, ofObject range: Range<Int>) -> (value: Range<Int>, removal: Range<Int>)? {
        let wanted = Array(key.utf8)
        var previousValueEnd: Int?
        var found: (value: Range<Int>, removal: Range<Int>)?
        _ = walkMembers(ofObject: range) { keyRange, value in
            guard bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)].elementsEqual(wanted) else {
                previousValueEnd = value.upperBound
                return true
            }
            let next = skipSpace(value.upperBound)
            let hasMore = next < range.upperBound && bytes[next] == UInt8(ascii: ",")
            if let previousValueEnd {
                found = (value, previousValueEnd..<value.upperBound)
            } else if hasMore {
                found = (value, keyRange.lowerBound..<skipSpace(next + 1))
            } else {
                found = (value, keyRange.lowerBound..<value.upperBound)
            }
            return false
        }
        return found
    }

    /// The values of `keys` in the object at `range` (each key's first member; nil where the
    /// object has none), found in one pass over it; nil when `range` is not an object.
    public func values(of keys: [String], inObject range: Range<Int>) -> [Range<Int>?]? {
        let wanted = keys.map { Array($0.utf8) }
        var found = [Range<Int>?](repeating: nil, count: keys.count)
        let walked = walkMembers(ofObject: range) { key, value in
            let name = bytes[(key.lowerBound + 1)..<(key.upperBound - 1)]
            for slot in wanted.indices where found[slot] == nil && wanted[slot].elementsEqual(name) {
                found[slot] = value
            }
            return true
        }
        return walked ? found : nil
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
