import Foundation

extension Decimal {
    /// Rounded to `scale` decimal places (`.down` truncates toward zero).
    public func rounded(scale: Int, _ mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, mode)
        return result
    }
}
