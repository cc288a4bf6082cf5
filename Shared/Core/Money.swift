import Foundation

extension Decimal {
    /// Rounded to `scale` decimal places (`.down` truncates toward zero).
    public func rounded(scale: Int, _ mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, mode)
        return result
    }

    /// A fraction as a percentage with one decimal: 0.2537 → `25.4%`.
    public var percentText: String {
        DecimalText.format((self * 100).rounded(scale: 1)) + "%"
    }
}
