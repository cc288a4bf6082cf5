import Foundation
import PrescientCore

/// A seeded bootstrap over blocks of observations (events that share their weather, say): each
/// resample draws as many blocks as there are, with replacement, and the 95% interval is the
/// 2.5th and 97.5th percentile of the statistic over the resamples.
public enum BlockBootstrap {
    /// The interval of `statistic` over `resamples` draws of `blocks` (draws where it is nil are
    /// left out); nil with fewer than two blocks or no defined draw.
    public static func interval<Value>(
        _ blocks: [[Value]], resamples: Int = 1_000, seed: UInt64, statistic: ([Value]) -> Double?
    ) -> (low: Double, high: Double)? {
        guard blocks.count >= 2 else { return nil }
        var counter: UInt64 = 0
        var draws: [Double] = []
        for _ in 0..<resamples {
            let sample = (0..<blocks.count).flatMap { _ in
                counter += 1
                return blocks[Int(SplitMix.mix(seed &+ counter) % UInt64(blocks.count))]
            }
            if let value = statistic(sample) { draws.append(value) }
        }
        guard !draws.isEmpty else { return nil }
        draws.sort()
        return (draws[Int((Double(draws.count - 1) * 0.025).rounded())], draws[Int((Double(draws.count - 1) * 0.975).rounded())])
    }
}
