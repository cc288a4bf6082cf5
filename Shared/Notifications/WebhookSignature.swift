import COpenSSL
import Foundation

/// The signature a delivery carries so its receiver can tell it came from this suite and was not
/// altered: `X-Prescient-Signature: sha256=<hex>`, the HMAC-SHA256 under the webhook's secret of
/// `<timestamp>.<body>`, with the timestamp (epoch seconds) in `X-Prescient-Timestamp` so an old
/// delivery cannot be replayed as new.
public enum WebhookSignature {
    /// OpenSSL failed to sign or to draw random bytes: nothing is sent unsigned and no weak secret is made.
    public struct CryptoFailure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func sign(secret: String, timestamp: Int64, body: [UInt8]) throws -> String {
        let message = Array("\(timestamp).".utf8) + body
        let key = Array(secret.utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let signed = key.withUnsafeBufferPointer { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), messageBytes.baseAddress, messageBytes.count, &digest,
                    &length) != nil
            }
        }
        guard signed, length == 32 else { throw CryptoFailure(description: "HMAC-SHA256 failed") }
        return "sha256=" + hex(digest.prefix(Int(length)))
    }

    /// A new random secret: 32 bytes from OpenSSL's generator, as hex.
    public static func newSecret() throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        guard RAND_bytes(&bytes, 32) == 1 else { throw CryptoFailure(description: "the random generator failed") }
        return hex(bytes[...])
    }

    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
