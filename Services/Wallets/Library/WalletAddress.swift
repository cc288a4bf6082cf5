import HTTPServer

/// A Polymarket wallet address: `0x` and 40 hexadecimal digits, kept lowercase (the Data API
/// answers in lowercase; a checksummed spelling is the same wallet).
struct WalletAddress {
    /// The lowercase address, or a 400 `invalid_address` naming what was wrong.
    static func parse(_ text: String, field: String = "address") throws -> String {
        let lower = text.lowercased()
        guard lower.utf8.count == 42, lower.hasPrefix("0x"),
            lower.utf8.dropFirst(2).allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw HTTPError(
                .badRequest, code: "invalid_address",
                message: "\(field) must be 0x followed by 40 hexadecimal digits, got \(text.prefix(60).debugDescription)")
        }
        return lower
    }
}
