import Foundation
import PrescientCore

/// A seeded, bounded random walk of a token's YES price in integer thousandths, one step per
/// simulated minute. The same seed, token and step always give the same price.
struct PriceWalk: Sendable {
    let seed: UInt64
    /// Largest move per step, in thousandths.
    let maxStep: Int64 = 4
    static let stepSeconds: Int64 = 60

    /// The price at `step` (0 = recording time), starting from `start` thousandths, kept in [1, 999].
    func price(token: String, start: Int64, step: Int64) -> Int64 {
        var price = min(max(start, 1), 999)
        if step == 0 { return price }
        let direction: Int64 = step > 0 ? 1 : -1
        let tokenHash = Self.hash(token)
        var k: Int64 = 0
        while k != step {
            k += direction
            let move =
                Int64(Self.mix(seed ^ tokenHash ^ UInt64(bitPattern: k) &* 0x9E37_79B9_7F4A_7C15) % UInt64(2 * maxStep + 1))
                - maxStep
            price += move
            // Reflect at the bounds so the walk stays inside (0, 1).
            if price < 1 { price = 2 - price }
            if price > 999 { price = 1998 - price }
        }
        return price
    }

    /// FNV-1a over the token id.
    static func hash(_ text: String) -> UInt64 { SplitMix.hash(text) }

    /// SplitMix64 finaliser.
    static func mix(_ value: UInt64) -> UInt64 { SplitMix.mix(value) }
}

/// A tiny seeded generator for fault injection.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        return PriceWalk.mix(state)
    }
}
