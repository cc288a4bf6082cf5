import Foundation
import LiveTier
import PrescientCore
import Testing

/// The detector on hand-made paths: every firing time, velocity, acceleration and surge below is
/// worked out by hand from the path.
@Suite("Momentum detector")
struct MomentumDetectorTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    /// A tick at `second` with mid `mid`, a 0.02 spread around it and 500 shares a side.
    func tick(_ second: Int64, _ mid: String, traded: Decimal = 0, spread: String = "0.02", depth: Decimal = 500) -> MomentumDetector.Tick {
        let m = d(mid), half = d(spread) / 2
        return MomentumDetector.Tick(
            asset: "A", market: "M", time: second * 1_000, mid: m, bestBid: m - half, bestAsk: m + half,
            spreadBps: (d(spread) / m * 10_000).rounded(scale: 2), bidDepth: depth, askDepth: depth, traded: traded)
    }

    @Test func aSteadyRise_firesAtTheFirstTickWhoseWindowVelocityReachesTheThreshold() {
        var detector = MomentumDetector()
        var fired: [MomentumDetection] = []
        // 0.400 flat for 50 s, then +0.01 every 10 s from 60 s.
        for second in stride(from: Int64(0), through: 120, by: 10) {
            let mid = second < 60 ? d("0.400") : d("0.400") + Decimal(second / 10 - 5) * d("0.01")
            if let detection = detector.observe(tick(second, "\(mid)", traded: 10)) { fired.append(detection) }
        }
        // 60 s: (0.41 − 0.40)/60; 70 s: 0.02/60; 80 s: 0.03/60 = 0.0005 per second, the threshold.
        #expect(fired.count == 1, "the cooldown holds the later ticks")
        let first = fired.first
        #expect(first?.time == 80_000)
        #expect(first?.direction == .up)
        #expect(first?.velocity == d("0.03") / 60)
        #expect(first?.midBefore == d("0.40") && first?.mid == d("0.43"))
        // Two windows of history do not exist yet (80 − 120 < 0): no acceleration; the baseline
        // (0 to 20 s) is shorter than a window: no surge, so LOW.
        #expect(first?.acceleration == 0)
        #expect(first?.volumeSurge == nil)
        #expect(first?.confidence == .low)
        // Implied: 0.43 + 0.5 × 0.57 / 2 = 0.5725.
        #expect(first?.impliedProbability == d("0.5725"))
        #expect(first?.reason.contains("+3¢ in 60 s") == true)
    }

    @Test func aSurgeWithAcceleration_isHighConfidence() {
        var settings = MomentumDetector.Settings()
        settings.minVelocity = d("0.0003")
        var detector = MomentumDetector(settings: settings)
        // 0.40 flat to 300 s with 10 shares a tick; then +0.04 a tick with 60 shares a tick.
        var fired: [MomentumDetection] = []
        for second in stride(from: Int64(0), through: 330, by: 10) {
            let rising = second > 300
            let mid = rising ? d("0.40") + Decimal(second / 10 - 30) * d("0.04") : d("0.40")
            if let detection = detector.observe(tick(second, "\(mid)", traded: rising ? 60 : 10)) { fired.append(detection) }
        }
        let first = fired.first
        // 310 s: (0.44 − 0.40)/60 = 0.000667 ≥ 0.0003.
        #expect(first?.time == 310_000)
        #expect(first?.velocity == d("0.04") / 60)
        // The window before (190 → 250 s) was flat: acceleration = the velocity itself.
        #expect(first?.acceleration == d("0.04") / 60)
        // Window (250, 310]: 5 × 10 + 60 = 110 shares. Baseline (0, 250]: 25 × 10 = 250 shares over
        // 250 s = 60 a window. Surge 110 / 60 = 1.8333.
        #expect(first?.windowVolume == 110)
        #expect(first?.volumeSurge == d("1.8333"))
        // |v| ≥ 2 × 0.0003, accelerating, surge ≥ 1.5.
        #expect(first?.confidence == .high)
        #expect(fired.count == 1)
    }

    @Test func aFall_firesDown_andTheGuardsHoldBackWideOrThinBooks() {
        var wide = MomentumDetector()
        var thin = MomentumDetector()
        var normal = MomentumDetector()
        var results: (wide: [MomentumDetection], thin: [MomentumDetection], normal: [MomentumDetection]) = ([], [], [])
        for second in stride(from: Int64(0), through: 90, by: 10) {
            let mid = "\(d("0.60") - Decimal(second / 10) * d("0.01"))"
            // 0.60 falling 0.01 a tick: 60 s: (0.54 − 0.60)/60 = −0.001.
            if let found = wide.observe(tick(second, mid, spread: "0.05")) { results.wide.append(found) }
            if let found = thin.observe(tick(second, mid, depth: 99)) { results.thin.append(found) }
            if let found = normal.observe(tick(second, mid)) { results.normal.append(found) }
        }
        // A 0.05 spread at 0.54 is 925.93 bps, over 500; 99 shares is under 100.
        #expect(results.wide.isEmpty)
        #expect(results.thin.isEmpty)
        #expect(results.normal.map(\.time) == [60_000])
        #expect(results.normal.first?.direction == .down)
        #expect(results.normal.first?.velocity == d("-0.001"))
        // Selling at 0.54 with weight 0.75 (|v| ≥ 2 × threshold): 0.54 − 0.75 × 0.54 / 2 = 0.3375.
        #expect(results.normal.first?.impliedProbability == d("0.3375"))
    }
}
