import COpenSSL
import Foundation

/// The opening handshake (RFC 6455 §4): the client's upgrade request with a random key, and the
/// server's 101 answer whose `Sec-WebSocket-Accept` proves it read that key.
public enum WebSocketHandshake {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// base64(SHA-1(key + GUID)): the accept value a server answers `key` with.
    public static func accept(key: String) -> String {
        let input = Array((key + guid).utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        _ = input.withUnsafeBufferPointer { bytes in
            digest.withUnsafeMutableBufferPointer { SHA1(bytes.baseAddress, bytes.count, $0.baseAddress) }
        }
        return Data(digest).base64EncodedString()
    }

    /// A fresh key: 16 random bytes in base64.
    public static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    /// The upgrade request for `path` on `host` (with its port when not the scheme's default).
    public static func request(host: String, path: String, key: String, headers: [(String, String)] = []) -> [UInt8] {
        var lines = [
            "GET \(path) HTTP/1.1", "Host: \(host)", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: \(key)",
            "Sec-WebSocket-Version: 13",
        ]
        lines += headers.map { "\($0.0): \($0.1)" }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// Checks a server's answer to the request made with `key` (§4.1): status 101, `Upgrade:
    /// websocket`, `Connection: Upgrade` and the accept value for that key. `headers` are keyed
    /// in lowercase.
    public static func validate(status: Int, headers: [String: String], key: String) throws {
        guard status == 101 else { throw WebSocketProtocolError(.protocolError, "the server answered \(status), not 101") }
        guard headers["upgrade"]?.lowercased() == "websocket" else {
            throw WebSocketProtocolError(.protocolError, "the answer does not upgrade to websocket")
        }
        guard
            headers["connection"]?.lowercased().split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces) == "upgrade"
            }) == true
        else { throw WebSocketProtocolError(.protocolError, "the answer's Connection is not Upgrade") }
        guard headers["sec-websocket-accept"] == accept(key: key) else {
            throw WebSocketProtocolError(.protocolError, "Sec-WebSocket-Accept does not match the key")
        }
    }
}
