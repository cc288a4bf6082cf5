import Foundation
import PrescientCore
import Verdicts

/// Seeded uniform and standard normal draws (SplitMix64, then Box–Muller).
public struct SeededNormal {
    let seed: UInt64
    var counter: UInt64 = 0

    public init(seed: UInt64) { self.seed = seed }

    public mutating func uniform() -> Double {
        counter += 1
        return Double(SplitMix.mix(seed &+ counter) >> 11) / Double(1 << 53)
    }

    public mutating func next() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// Trades on planted markets: each event one trade at a mid drawn between 0.2 and 0.8, a one-cent
/// half spread, won with probability mid + `edge` (so an edge of 0 is a fair market), the strategy's
/// probability that chance, held to resolution; the mid an hour and a day later drift toward the
/// outcome by a tenth and a fifth of the way.
public enum PlantedEvidence {
    public static func trades(events: Int, edge: Double, seed: UInt64) -> [EvidenceTrade] {
        var random = SeededNormal(seed: seed)
        return (0..<events).map { index in
            let mid = 0.2 + 0.6 * random.uniform()
            let price = mid + 0.01
            let chance = min(0.99, mid + edge)
            let won = random.uniform() < chance
            let outcome = won ? 1.0 : 0.0
            return EvidenceTrade(
                event: "event-\(index)", time: 1_770_000_000 + Int64(index) * 3_600, stake: 10, fee: 0.02,
                payout: won ? 10 / price : 0, won: won, price: price, mid: mid, otherAsk: 1 - mid + 0.01, probability: chance,
                midAfterHour: mid + (outcome - mid) * 0.1, midAfterDay: mid + (outcome - mid) * 0.2, priceAfterLatency: price)
        }
    }
}
