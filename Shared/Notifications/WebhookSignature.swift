import COpenSSL
import Foundation

/// The signature a delivery carries so its receiver can tell it came from this suite and was not
/// altered: `X-Prescient-Signature: sha256=<hex>`, the HMAC-SHA256 under the webhook's secret of
/// `<timestamp>.<body>`, with the timestamp (epoch seconds) in `X-Prescient-Timestamp` so an old
/// delivery cannot be replayed as new.
public enum WebhookSignature {
    public static func sign(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        let message = Array("\(timestamp).".utf8) + body
        let key = Array(secret.utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                _ = HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), messageBytes.baseAddress, messageBytes.count, &digest,
                    &length)
            }
        }
        return "sha256=" + digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random secret: 32 bytes as hex.
    public static func newSecret() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        _ = RAND_bytes(&bytes, 32)
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
