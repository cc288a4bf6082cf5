import Foundation
import PrescientCore

/// One firing of the momentum detector, with the figures behind it.
public struct MomentumDetection: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable, Hashable {
        case up, down
    }

    public enum Confidence: String, Sendable, Codable {
        case low = "LOW", medium = "MEDIUM", high = "HIGH"

        /// Its weight in the implied probability (`SignalProbability`).
        public var weight: Decimal {
            switch self {
            case .low: return Decimal(string: "0.5")!
            case .medium: return Decimal(string: "0.75")!
            case .high: return 1
            }
        }
    }

    public let asset: String
    public let market: String
    /// Epoch milliseconds of the tick that fired it.
    public let time: Int64
    public let direction: Direction
    public let mid: Decimal
    /// The mid one window earlier.
    public let midBefore: Decimal
    public let bestBid: Decimal?
    public let bestAsk: Decimal?
    public let spreadBps: Decimal
    /// Shares on the side a follower would take.
    public let depth: Decimal
    /// Price per second.
    public let velocity: Decimal
    public let acceleration: Decimal
    /// Shares traded within the window, and that against the market's baseline.
    public let windowVolume: Decimal
    public let volumeSurge: Decimal?
    public let confidence: Confidence
    /// Seconds.
    public let window: Int64

    /// The probability the signal implies that its asset wins (`SignalProbability`).
    public var impliedProbability: Decimal {
        SignalProbability.implied(mid: mid, buying: direction == .up, weight: confidence.weight)
    }

    /// One line an operator can read: what moved, how fast, and against which guards.
    public var reason: String {
        let cents = ((mid - midBefore) * 100).rounded(scale: 2)
        let perMinute = (velocity * 60 * 100).rounded(scale: 2)
        let surgeText = volumeSurge.map { "volume \(DecimalText.format($0.rounded(scale: 2)))× its baseline" } ?? "no volume baseline yet"
        return
            "\(confidence.rawValue) momentum \(direction.rawValue): mid \(DecimalText.format(midBefore)) → \(DecimalText.format(mid)) "
            + "(\(cents > 0 ? "+" : "")\(DecimalText.format(cents))¢ in \(window) s, \(DecimalText.format(perMinute))¢/min), "
            + "\(surgeText), spread \(DecimalText.format(spreadBps)) bps, \(DecimalText.format(depth)) shares to take"
    }
}
