import Foundation

/// Turns a response into bytes on the wire.
enum ResponseWriter {
    static func serialize(_ response: HTTPResponse, keepAlive: Bool, headOnly: Bool) -> [UInt8] {
        // Bytes appended straight into one array sized up front (this runs for every answer).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + response.headers.storage.count * 48 + (headOnly ? 0 : response.body.count))
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        bytes.append(contentsOf: String(response.status.code).utf8)
        bytes.append(32)
        bytes.append(contentsOf: response.status.reason.utf8)
        bytes.append(contentsOf: [13, 10])
        for field in response.headers.storage where field.key != "content-length" && field.key != "connection" {
            bytes.append(contentsOf: field.name.utf8)
            bytes.append(contentsOf: [58, 32])
            bytes.append(contentsOf: field.value.utf8)
            bytes.append(contentsOf: [13, 10])
        }
        bytes.append(contentsOf: "Content-Length: ".utf8)
        bytes.append(contentsOf: String(response.body.count).utf8)
        bytes.append(contentsOf: keepAlive ? "\r\nConnection: keep-alive\r\n\r\n".utf8 : "\r\nConnection: close\r\n\r\n".utf8)
        if !headOnly { bytes.append(contentsOf: response.body) }
        return bytes
    }
}
