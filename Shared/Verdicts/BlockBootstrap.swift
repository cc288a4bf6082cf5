import Foundation
import PrescientCore

/// A seeded bootstrap over blocks of observations (the trades of one event, or events that share
/// their weather): each resample draws as many blocks as there are, with replacement (block
/// `SplitMix.mix(seed + k) mod blocks` for the k-th draw, k counting from 1 across resamples),
/// and the 95% interval is the 2.5th and 97.5th percentile of the statistic over the resamples
/// (the draws sorted, at index round((n − 1)·q)).
public enum BlockBootstrap {
    /// The interval of `statistic` over `resamples` draws of `blocks` (draws where it is nil are
    /// left out); nil with fewer than two blocks or no defined draw.
    public static func interval<Value>(
        _ blocks: [[Value]], resamples: Int = 1_000, seed: UInt64, statistic: ([Value]) -> Double?
    ) -> (low: Double, high: Double)? {
        let sorted = draws(blocks, resamples: resamples, seed: seed, statistic: statistic)
        guard !sorted.isEmpty else { return nil }
        return (percentile(sorted, 0.025), percentile(sorted, 0.975))
    }

    /// The statistic of every resample where it is defined, sorted; empty with fewer than two blocks.
    public static func draws<Value>(
        _ blocks: [[Value]], resamples: Int = 1_000, seed: UInt64, statistic: ([Value]) -> Double?
    ) -> [Double] {
        guard blocks.count >= 2 else { return [] }
        var counter: UInt64 = 0
        var draws: [Double] = []
        draws.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let sample = (0..<blocks.count).flatMap { _ in
                counter += 1
                return blocks[Int(SplitMix.mix(seed &+ counter) % UInt64(blocks.count))]
            }
            if let value = statistic(sample) { draws.append(value) }
        }
        return draws.sorted()
    }

    /// The `q` quantile of sorted draws, at index round((n − 1)·q).
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        sorted[Int((Double(sorted.count - 1) * q).rounded())]
    }
}
