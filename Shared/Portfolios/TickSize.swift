import Foundation
import PrescientCore

/// Polymarket's price grid: order prices must be multiples of the market's tick size (0.01,
/// 0.001 or 0.0001) strictly between 0 and 1; the CLOB rejects anything else.
public enum TickSize {
    public static let standard = Decimal(string: "0.01")!

    /// Whether `price` sits on the grid of `tick`.
    public static func isOnGrid(_ price: Decimal, tick: Decimal) -> Bool {
        guard tick > 0 else { return true }
        let steps = price / tick
        return steps == steps.rounded(scale: 0)
    }

    /// The nearest grid price no worse for the taker: a buy's limit rounds down, a sell's up,
    /// kept within [tick, 1 − tick].
    public static func limit(_ price: Decimal, tick: Decimal, buying: Bool) -> Decimal {
        let tick = tick > 0 ? tick : standard
        let steps = (price / tick).rounded(scale: 0, buying ? .down : .up)
        return min(1 - tick, max(tick, steps * tick))
    }
}
