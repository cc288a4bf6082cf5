import Foundation
import PrescientCore

/// The fields of one JSON object read leniently (numbers as strings, JSON inside strings, nulls,
/// missing keys, wrong types → nil), whether the object comes through a `Decoder` or straight from
/// its bytes. Types read through it (`GammaMarket`, `FeeSchedule`) have one mapping for both paths.
public protocol LenientFields {
    func contains(_ key: String) -> Bool
    /// A decimal from a numeric string or a JSON number. `usuallyNumber` says which form the real
    /// API sends (the decoder path tries that first).
    func decimal(_ key: String, usuallyNumber: Bool) -> Decimal?
    /// A string from a JSON string or number.
    func string(_ key: String) -> String?
    /// A boolean from true/false or "true"/"false"/"1"/"0".
    func bool(_ key: String) -> Bool?
    /// An integer from a JSON number or numeric string.
    func int(_ key: String) -> Int64?
    /// A list of strings sent as JSON text inside a string, or as a real array of strings.
    func stringList(_ key: String) -> [String]?
    /// The object at `key`, read the same way.
    func object(_ key: String) -> Self?
    /// The array of objects at `key`; nil when it is missing or holds anything but objects.
    func objectList(_ key: String) -> [Self]?
}

/// A coding key for any field name.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// `LenientFields` over a decoder's keyed container.
struct DecoderFields: LenientFields {
    let container: KeyedDecodingContainer<AnyCodingKey>

    func contains(_ key: String) -> Bool { container.contains(AnyCodingKey(key)) }
    func decimal(_ key: String, usuallyNumber: Bool) -> Decimal? {
        container.lenientDecimal(AnyCodingKey(key), usuallyNumber: usuallyNumber)
    }
    func string(_ key: String) -> String? { container.lenientString(AnyCodingKey(key)) }
    func bool(_ key: String) -> Bool? { container.lenientBool(AnyCodingKey(key)) }
    func int(_ key: String) -> Int64? { container.lenientInt(AnyCodingKey(key)) }
    func stringList(_ key: String) -> [String]? { container.stringList(AnyCodingKey(key)) }
    func object(_ key: String) -> DecoderFields? {
        (try? container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey(key))).map(DecoderFields.init)
    }
    func objectList(_ key: String) -> [DecoderFields]? {
        guard var list = try? container.nestedUnkeyedContainer(forKey: AnyCodingKey(key)) else { return nil }
        var result: [DecoderFields] = []
        while !list.isAtEnd {
            guard let element = try? list.nestedContainer(keyedBy: AnyCodingKey.self) else { return nil }
            result.append(DecoderFields(container: element))
        }
        return result
    }
}
