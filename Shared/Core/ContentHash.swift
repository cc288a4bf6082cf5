/// A 64-bit FNV-1a hash of bytes: a cheap fingerprint to tell whether a stored payload changed
/// (collisions are a 2⁻⁶⁴ chance per change; never used for security).
public enum ContentHash {
    public static func fnv1a64(_ bytes: ArraySlice<UInt8>) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        return Int64(bitPattern: hash)
    }
}
