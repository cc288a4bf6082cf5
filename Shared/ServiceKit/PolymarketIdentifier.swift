import Foundation
import HTTPServer

/// Polymarket identifiers as services take them from requests, lowercase: a wallet address
/// (`0x` and 40 hexadecimal digits; the Data API answers in lowercase, and a checksummed
/// spelling is the same wallet) and a market's condition id (`0x` and 64). Anything else is a
/// 400 naming the field.
public enum PolymarketIdentifier {
    public static func address(_ text: String, field: String = "address") throws -> String {
        try hex(text, digits: 40, field: field, code: "invalid_address")
    }

    public static func conditionID(_ text: String, field: String) throws -> String {
        try hex(text, digits: 64, field: field, code: "invalid_condition_id")
    }

    static func hex(_ text: String, digits: Int, field: String, code: String) throws -> String {
        let lower = text.lowercased()
        guard lower.utf8.count == digits + 2, lower.hasPrefix("0x"),
            lower.utf8.dropFirst(2).allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw HTTPError(
                .badRequest, code: code,
                message: "\(field) must be 0x followed by \(digits) hexadecimal digits, got \(text.prefix(80).debugDescription)")
        }
        return lower
    }
}
