/// Deterministic 64-bit mixing for seeded simulations and replays: SplitMix64's finaliser and
/// the FNV-1a hash of a text (so a seed can be combined with a name).
public enum SplitMix {
    /// SplitMix64's output for `value` (one step of the generator's state).
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over the text's UTF-8 bytes.
    public static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// A small, fast, seedable generator (SplitMix64), so a failing random sequence can be replayed.
public struct SplitMixGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        let value = SplitMix.mix(state)
        state &+= 0x9E37_79B9_7F4A_7C15
        return value
    }
}
