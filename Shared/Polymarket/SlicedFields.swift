import Foundation
import PrescientCore

/// `LenientFields` straight over an object's bytes: no intermediate tree, no decoding errors built
/// for the lenient fallbacks. The markets export reads 36k markets this way.
public struct SlicedFields: LenientFields {
    let slicer: JSONSlicer
    let members: [String: Range<Int>]

    /// The object at `range` of `slicer`'s bytes; nil when it is not an object.
    public init?(_ slicer: JSONSlicer, object range: Range<Int>) {
        guard let list = slicer.members(ofObject: range) else { return nil }
        self.slicer = slicer
        members = Dictionary(list.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    enum Value {
        case string(String)
        case literal(String)
        case array(Range<Int>)
        case object(Range<Int>)
    }

    func value(_ key: String) -> Value? {
        guard let range = members[key], let first = range.first.map({ slicer.bytes[$0] }) else { return nil }
        switch first {
        case UInt8(ascii: "\""): return slicer.string(at: range).map(Value.string)
        case UInt8(ascii: "["): return .array(range)
        case UInt8(ascii: "{"): return .object(range)
        default:
            guard let text = slicer.literal(at: range), text != "null" else { return nil }
            return .literal(text)
        }
    }

    static func isNumber(_ text: String) -> Bool { text != "true" && text != "false" }

    public func contains(_ key: String) -> Bool { members[key] != nil }

    public func decimal(_ key: String, usuallyNumber: Bool) -> Decimal? {
        switch value(key) {
        case .string(let text): return PolymarketDecimal.parse(text)
        case .literal(let text) where Self.isNumber(text): return PolymarketDecimal.parse(text) ?? Decimal(string: text)
        default: return nil
        }
    }

    public func string(_ key: String) -> String? {
        switch value(key) {
        case .string(let text): return text
        case .literal(let text) where Self.isNumber(text):
            if let integer = Int64(text) { return String(integer) }
            return (PolymarketDecimal.parse(text) ?? Decimal(string: text))?.description
        default: return nil
        }
    }

    public func bool(_ key: String) -> Bool? {
        switch value(key) {
        case .literal("true"): return true
        case .literal("false"): return false
        case .string(let text):
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    public func int(_ key: String) -> Int64? {
        switch value(key) {
        case .literal(let text) where Self.isNumber(text):
            if let integer = Int64(text) { return integer }
            guard let number = Double(text), number.isFinite else { return nil }
            return Int64(exactly: number.rounded(.towardZero)) ?? nil
        case .string(let text): return Int64(text)
        default: return nil
        }
    }

    public func stringList(_ key: String) -> [String]? {
        switch value(key) {
        case .string(let text): return text.isEmpty ? nil : EmbeddedJSONList.parse(text)
        case .array(let range):
            guard let elements = slicer.elements(ofArray: range) else { return nil }
            var strings: [String] = []
            for element in elements {
                guard let text = slicer.string(at: element) else { return nil }
                strings.append(text)
            }
            return strings
        default: return nil
        }
    }

    public func object(_ key: String) -> SlicedFields? {
        guard case .object(let range) = value(key) else { return nil }
        return SlicedFields(slicer, object: range)
    }

    public func objectList(_ key: String) -> [SlicedFields]? {
        guard let elements = arrayElements(key) else { return nil }
        var result: [SlicedFields] = []
        for element in elements {
            guard let object = SlicedFields(slicer, object: element) else { return nil }
            result.append(object)
        }
        return result
    }

    /// The element ranges of the array at `key`.
    func arrayElements(_ key: String) -> [Range<Int>]? {
        guard case .array(let range) = value(key) else { return nil }
        return slicer.elements(ofArray: range)
    }
}
