import Foundation
import Postgres

/// The taker fee a stored market charges, and where its rate came from: the market's own
/// `feeSchedule` or its fee type's published rate (both stored by the markets export as
/// `fee_rate`/`fee_exponent`/`fee_source`), else a guess from its category, recorded as one.
/// One reading of those columns for the executor, the quote and the strategies.
public struct MarketFee: Sendable, Equatable {
    public let rate: Decimal
    public let exponent: Int
    /// `fee_schedule`, `fee_type:<type>`, `category_guess:<category>` or `fees_disabled`.
    public let source: String

    public static let none = MarketFee(rate: 0, exponent: 1, source: "fees_disabled")

    public init(rate: Decimal, exponent: Int, source: String) {
        self.rate = rate
        self.exponent = exponent
        self.source = source
    }

    /// The columns this reads from a `markets` row aliased `m`.
    public static let columns = "m.fees_enabled, m.fee_rate, m.fee_exponent, m.fee_source, m.category"

    /// Reads the fee columns of a `markets` row.
    public init(row: PostgresRow) throws {
        guard try row.decode("fees_enabled", as: Bool.self) else {
            self = .none
            return
        }
        if let rate: Decimal = try row.decodeIfPresent("fee_rate") {
            self.init(
                rate: rate, exponent: try row.decodeIfPresent("fee_exponent", as: Int.self) ?? 1,
                source: try row.decodeIfPresent("fee_source") ?? "fee_schedule")
        } else {
            let category: String? = try row.decodeIfPresent("category")
            self.init(rate: TakerFee.rate(category: category), exponent: 1, source: "category_guess:\(category ?? "other")")
        }
    }

    /// The fee of `fill` at this rate.
    public func fee(_ fill: Fill) -> Decimal { TakerFee.fee(fill, rate: rate, exponent: exponent) }
}
