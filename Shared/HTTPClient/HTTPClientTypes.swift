/// An outbound request.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// Whole-request timeout in seconds; `nil` uses the client's default.
    public var timeout: Double?
    /// The most body bytes (after decompression) the answer may have; `nil` uses the client's cap.
    public var maxResponseBytes: Int?
    /// A URL vetted by `OutboundPolicy`: the connection goes to its checked address only, fresh,
    /// never through a proxy, and is not kept.
    public var target: OutboundTarget?

    public init(
        method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
        timeout: Double? = nil, maxResponseBytes: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// A request to a vetted URL, pinned to the address the policy checked.
    public init(
        method: String = "POST", target: OutboundTarget, headers: [(String, String)] = [], body: [UInt8]? = nil,
        timeout: Double? = nil, maxResponseBytes: Int
    ) {
        self.init(method: method, url: target.url, headers: headers, body: body, timeout: timeout, maxResponseBytes: maxResponseBytes)
        self.target = target
    }
}

/// A response: status, headers (names lower-cased) and the decoded (un-gzipped) body.
public struct HTTPClientResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]
    /// The protocol the answer came over: `1.1`, `2` (HTTP/2, negotiated over TLS) or `1.0`.
    public var httpVersion = "1.1"
    /// True when the request went over a connection kept from an earlier one.
    public var reusedConnection = false

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A request that never produced an HTTP response.
public struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case timeout
        case connectionFailed
        /// The answer's body passed the request's (or the client's) size cap; reading stopped there.
        case responseTooLarge
        case other
    }

    public let kind: Kind
    public let message: String
    public let url: String

    public init(kind: Kind, message: String, url: String) {
        self.kind = kind
        self.message = message
        self.url = url
    }

    public var description: String { "\(kind) for \(url): \(message)" }

    /// What went wrong without the URL (which may carry a secret in its path or query).
    public var reason: String {
        switch kind {
        case .timeout: return "timed out"
        case .connectionFailed: return "could not connect"
        case .responseTooLarge: return message
        case .other: return message
        }
    }
}
