import Foundation

extension Decimal {
    /// The nearest double: for statistics of money (ratios, Sharpe, Brier), never for balances.
    public var doubleValue: Double { NSDecimalNumber(decimal: self).doubleValue }
}
