import Foundation
import PrescientCore

/// The probability a directional signal implies that its asset wins, for the Brier score:
/// directional strategies name a side and a confidence, not a probability, so a signal of
/// weight w (its confidence, 0…1) is read as claiming half the distance from the market's mid
/// to certainty at w = 1: buying, p = m + w·(1 − m)/2; selling, p = m − w·m/2. Kept inside
/// [0.01, 0.99] so one signal cannot dominate the score.
public enum SignalProbability {
    public static func implied(mid: Decimal, buying: Bool, weight: Decimal) -> Decimal {
        let w = min(max(weight, 0), 1)
        let p = buying ? mid + w * (1 - mid) / 2 : mid - w * mid / 2
        return min(max(p, Decimal(string: "0.01")!), Decimal(string: "0.99")!).rounded(scale: 6)
    }
}
