import Foundation

/// A market's taker-fee schedule (Gamma's `feeSchedule` object): the fee of a fill is
/// `shares × rate × (p × (1 − p))^exponent`. Markets without one use the category table.
public struct FeeSchedule: Decodable, Sendable, Equatable {
    public var rate: Decimal
    /// The power of `p × (1 − p)`; 1 when the schedule does not say.
    public var exponent: Int
    /// Whether only takers pay (every recorded schedule says true).
    public var takerOnly: Bool

    public init(rate: Decimal, exponent: Int = 1, takerOnly: Bool = true) {
        self.rate = rate
        self.exponent = exponent
        self.takerOnly = takerOnly
    }

    enum CodingKeys: String, CodingKey { case rate, exponent, takerOnly }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let rate = c.lenientDecimal(.rate, usuallyNumber: true), rate >= 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "fee schedule without a rate"))
        }
        self.rate = rate
        exponent = c.lenientInt(.exponent).map { Int(clamping: $0) } ?? 1
        takerOnly = c.lenientBool(.takerOnly) ?? true
    }
}
