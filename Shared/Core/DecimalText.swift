import Foundation

/// Exact, fast conversions between decimal text and `Decimal`.
///
/// Foundation's `Decimal(string:)` and `description` are correct but slow (locale handling and
/// long division); bulk paths (36k markets per export) use these, which fall back to Foundation
/// for anything beyond 19 significant digits.
public enum DecimalText {
    /// Parses `-12.5`, `0.268`, `80362.86028499973`, `1e-3`; nil for anything that is not a number.
    public static func parse(_ text: String) -> Decimal? {
        var utf8 = text.utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        } else if utf8.first == UInt8(ascii: "+") {
            utf8 = utf8.dropFirst()
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var seenPoint = false
        var seenDigit = false
        var exponent = 0
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte >= 48 && byte <= 57 {
                seenDigit = true
                if mantissa == 0 && byte == 48 {
                    if seenPoint { scale += 1 }
                } else {
                    guard digits < 19 else { return slow(text) }
                    mantissa = mantissa * 10 + UInt64(byte - 48)
                    digits += 1
                    if seenPoint { scale += 1 }
                }
            } else if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if (byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")) && seenDigit {
                guard let tail = String(utf8[utf8.index(after: index)...]), let value = Int(tail), abs(value) < 100 else {
                    return nil
                }
                exponent = value
                break
            } else {
                return nil
            }
            index = utf8.index(after: index)
        }
        guard seenDigit else { return nil }
        let value = Decimal(sign: negative ? .minus : .plus, exponent: exponent - scale, significand: Decimal(mantissa))
        return value
    }

    /// Plain decimal text (`0.268`, `-12`, `80362.86028499973`), never scientific notation.
    public static func format(_ value: Decimal) -> String {
        guard value.isFinite, let (mantissa, exponent) = smallParts(value) else { return value.description }
        var digits = String(mantissa)
        let negative = value.sign == .minus && mantissa != 0
        if exponent >= 0 {
            if mantissa != 0 { digits += String(repeating: "0", count: exponent) }
        } else {
            let scale = -exponent
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        return negative ? "-" + digits : digits
    }

    /// The significand as a UInt64 and the power-of-ten exponent, when the significand fits.
    ///
    /// Foundation keeps `Decimal`'s fields internal, so they are read from its 20-byte layout
    /// (exponent byte, length/sign nibbles, eight little-endian 16-bit mantissa words). The layout
    /// is verified once against `description`; if it ever differs, every call falls back to it.
    static func smallParts(_ value: Decimal) -> (UInt64, Int)? {
        guard layoutVerified else { return nil }
        return rawParts(value)
    }

    static func rawParts(_ value: Decimal) -> (UInt64, Int)? {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        return withUnsafeBytes(of: value) { bytes -> (UInt64, Int)? in
            let length = Int(bytes[1] >> 4)
            guard length <= 4 else { return nil }
            var mantissa: UInt64 = 0
            for word in stride(from: length - 1, through: 0, by: -1) {
                mantissa = mantissa << 16 | UInt64(bytes[4 + word * 2]) | UInt64(bytes[5 + word * 2]) << 8
            }
            return (mantissa, Int(Int8(bitPattern: bytes[0])))
        }
    }

    static let layoutVerified: Bool = {
        let samples = ["80362.86028499973", "-12.5", "0", "1000", "0.000123", "-987654321.123456789", "18446744073709551615"]
        for sample in samples {
            guard let value = Decimal(string: sample, locale: posix), let (mantissa, exponent) = rawParts(value) else { return false }
            let rebuilt = Decimal(sign: value.sign, exponent: exponent, significand: Decimal(mantissa))
            guard rebuilt == value else { return false }
        }
        return true
    }()

    static func slow(_ text: String) -> Decimal? {
        Decimal(string: text, locale: posix)
    }

    static let posix = Locale(identifier: "en_US_POSIX")
}
