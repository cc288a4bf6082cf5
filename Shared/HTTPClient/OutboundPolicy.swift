import CCurl
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a URL a user supplied (a webhook) may send the suite's requests: `https` (`http` only
/// when `allowHTTP`), no credentials in the URL, and a host whose every address is public
/// (`AddressScope`) unless `allowPrivate`. The URL is read by libcurl's own parser, the one that
/// will connect, so the host checked is the host reached; the address checked is pinned for the
/// connection (`HTTPClientRequest.target`), so a name cannot resolve elsewhere between the check
/// and the connect (DNS rebinding).
public struct OutboundPolicy: Sendable {
    public var allowHTTP: Bool
    public var allowPrivate: Bool

    public init(allowHTTP: Bool = false, allowPrivate: Bool = false) {
        self.allowHTTP = allowHTTP
        self.allowPrivate = allowPrivate
    }

    /// Checks `url` and resolves its host. With `requireAddress` false, a host that does not resolve
    /// now is accepted (a webhook registered before its receiver's name exists); one that resolves is
    /// judged by every address.
    public func vet(_ url: String, requireAddress: Bool = true) throws(OutboundRefusal) -> OutboundTarget {
        guard url.utf8.count <= 2_000, url.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 }) else {
            throw OutboundRefusal("the URL must be at most 2,000 characters without spaces or control characters")
        }
        let parts = try Self.parse(url)
        guard parts.scheme == "https" || (parts.scheme == "http" && allowHTTP) else {
            throw OutboundRefusal(
                parts.scheme == "http"
                    ? "plain http is refused; use https (or set NOTIFY_ALLOW_HTTP=1)"
                    : "only https URLs are accepted, not \(parts.scheme.prefix(20)):")
        }
        guard !parts.hasCredentials else {
            throw OutboundRefusal("credentials in the URL are refused; the receiver checks the signature instead")
        }
        let host = parts.host.hasPrefix("[") ? String(parts.host.dropFirst().dropLast()) : parts.host
        let addresses = Self.resolve(host, port: parts.port)
        guard !addresses.isEmpty || !requireAddress else {
            throw OutboundRefusal("the host \(host.prefix(100)) does not resolve")
        }
        if !allowPrivate {
            for address in addresses {
                let scope = AddressScope.of(numeric: address) ?? .reserved
                guard scope.isPublic else {
                    // The address itself is not named: the answer must not map a network inside.
                    throw OutboundRefusal(
                        "the host resolves to a \(scope.rawValue) address; set NOTIFY_ALLOW_PRIVATE=1 to allow receivers inside")
                }
            }
        }
        return OutboundTarget(url: parts.normalized, host: host, port: parts.port, address: addresses.first)
    }

    struct Parts {
        let scheme: String
        let host: String
        let port: Int
        let hasCredentials: Bool
        let normalized: String
    }

    /// The URL's parts as libcurl reads them.
    static func parse(_ url: String) throws(OutboundRefusal) -> Parts {
        guard let handle = curl_url() else { throw OutboundRefusal("the URL could not be read") }
        defer { curl_url_cleanup(handle) }
        // Only the schemes this libcurl supports parse; no scheme guessing.
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else {
            throw OutboundRefusal("the URL is malformed or its scheme is not http(s)")
        }
        func part(_ which: CURLUPart, _ flags: UInt32 = 0) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        guard let scheme = part(CURLUPART_SCHEME)?.lowercased(), let host = part(CURLUPART_HOST), !host.isEmpty,
            let portText = part(CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)), let port = Int(portText), let normalized = part(CURLUPART_URL)
        else { throw OutboundRefusal("the URL needs a scheme and a host") }
        let credentials = part(CURLUPART_USER) != nil || part(CURLUPART_PASSWORD) != nil
        return Parts(scheme: scheme, host: host.lowercased(), port: port, hasCredentials: credentials, normalized: normalized)
    }

    /// Every address `host` resolves to now (numeric hosts to themselves), as text.
    static func resolve(_ host: String, port: Int) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var result: [String] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if let address = current.pointee.ai_addr {
                switch Int32(current.pointee.ai_family) {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        var raw = v4.pointee.sin_addr
                        _ = inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        var raw = v6.pointee.sin6_addr
                        _ = inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    }
                default: break
                }
            }
            let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !address.isEmpty && !result.contains(address) { result.append(address) }
            entry = current.pointee.ai_next
        }
        // IPv4 first: the address pinned is the first, and a network without IPv6 is common.
        return result.filter { !$0.contains(":") } + result.filter { $0.contains(":") }
    }
}

/// A URL that passed the policy, with the address its connection must use.
public struct OutboundTarget: Sendable, Equatable {
    /// The URL as libcurl will send it.
    public let url: String
    public let host: String
    public let port: Int
    /// The checked address the connection is pinned to; nil when the host did not resolve.
    public let address: String?

    public init(url: String, host: String, port: Int, address: String?) {
        self.url = url
        self.host = host
        self.port = port
        self.address = address
    }
}

/// Why a URL is refused. The reason names the rule, never the URL's path or query.
public struct OutboundRefusal: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
