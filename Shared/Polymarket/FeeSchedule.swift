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

    public init(from decoder: any Decoder) throws {
        guard let schedule = FeeSchedule(fields: DecoderFields(container: try decoder.container(keyedBy: AnyCodingKey.self))) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "fee schedule without a rate"))
        }
        self = schedule
    }

    /// Nil without a non-negative rate.
    init?(fields: some LenientFields) {
        guard let rate = fields.decimal("rate", usuallyNumber: true), rate >= 0 else { return nil }
        self.rate = rate
        exponent = fields.int("exponent").map { Int(clamping: $0) } ?? 1
        takerOnly = fields.bool("takerOnly") ?? true
    }
}

extension FeeSchedule {
    /// Taker rates of Polymarket's fee types, for markets that name a `feeType` but send no
    /// `feeSchedule` (2,949 of the recorded universe). Rates from Polymarket's published fee table:
    /// crypto 0.07, sports 0.03, weather 0.05 (the recorded weather schedules say the same);
    /// the 15-minute crypto markets are crypto markets. Exponent 1 (fee = C × rate × p(1 − p)).
    public static let byFeeType: [String: FeeSchedule] = [
        "crypto_fees": FeeSchedule(rate: Decimal(string: "0.07")!),
        "crypto_15_min": FeeSchedule(rate: Decimal(string: "0.07")!),
        "sports_fees": FeeSchedule(rate: Decimal(string: "0.03")!),
        "weather_fees": FeeSchedule(rate: Decimal(string: "0.05")!),
    ]
}
