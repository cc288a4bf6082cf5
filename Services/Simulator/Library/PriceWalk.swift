import Foundation

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
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// SplitMix64 finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A tiny seeded generator for fault injection.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        return PriceWalk.mix(state)
    }
}
