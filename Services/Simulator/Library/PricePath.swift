import Foundation

/// A price path an operator or a test sets for a market (`POST /sim/price-path`): YES prices in
/// thousandths at clock seconds, straight lines between the points, the last price held after
/// the last point. Before the first point the seeded walk applies.
struct PricePath: Sendable, Equatable {
    struct Point: Sendable, Equatable {
        /// Simulated clock seconds.
        let second: Int64
        let yesThousandths: Int64
    }

    /// Points in time order, at distinct seconds.
    let points: [Point]

    func price(atSecond second: Int64) -> Int64? {
        guard let first = points.first, second >= first.second else { return nil }
        guard let next = points.firstIndex(where: { $0.second > second }) else { return points.last?.yesThousandths }
        let from = points[next - 1], to = points[next]
        let elapsed = second - from.second, span = to.second - from.second
        // Rounded to the nearest thousandth, halves away from zero.
        let numerator = (to.yesThousandths - from.yesThousandths) * elapsed * 2
        let step = numerator >= 0 ? (numerator + span) / (2 * span) : -((-numerator + span) / (2 * span))
        return from.yesThousandths + step
    }
}
