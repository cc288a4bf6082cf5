import CCurl
import Foundation

/// A blocking HTTP client over libcurl.
///
/// Easy handles are pooled and reused, so keep-alive connections survive between requests;
/// responses are transparently un-gzipped (`Accept-Encoding` is offered automatically), and
/// reading stops once the decompressed body passes the cap (`maxResponseBytes`), so a gzip bomb
/// costs no more than the cap. Only `http` and `https` are spoken and redirects are never
/// followed: a 3xx is returned as it is. Over TLS
/// it asks for HTTP/2 (ALPN) and takes it where the server offers it, as Polymarket's hosts do;
/// plain `http://` (the simulator, the suite's own services) stays HTTP/1.1.
public final class HTTPClient: @unchecked Sendable {
    // Safe because the handle pool is guarded by `lock` and a handle has one user at a time.
    public let connectTimeout: Double
    public let defaultTimeout: Double
    private let lock = NSLock()
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private let maxIdleHandles: Int
    /// Certificates to trust instead of the system's (a private CA, a test server); nil: the system's.
    public let trustedCertificatesPath: String?
    /// The most body bytes (after decompression) an answer may have, unless a request sets its own.
    public let maxResponseBytes: Int

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    public init(
        connectTimeout: Double = 5, defaultTimeout: Double = 30, maxIdleHandles: Int = 16, trustedCertificatesPath: String? = nil,
        maxResponseBytes: Int = 64 << 20
    ) {
        _ = Self.globalInit
        self.maxResponseBytes = maxResponseBytes
        self.trustedCertificatesPath = trustedCertificatesPath
        self.connectTimeout = connectTimeout
        self.defaultTimeout = defaultTimeout
        self.maxIdleHandles = maxIdleHandles
    }

    deinit {
        for handle in idleHandles { curl_easy_cleanup(handle) }
    }

    /// Sends a request and waits for the whole response.
    public func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        let handle = checkoutHandle()
        var reusable = true
        defer { checkin(handle, reusable: reusable) }
        curl_easy_reset(handle)

        let sink = ResponseSink(limit: request.maxResponseBytes ?? maxResponseBytes)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // curl would otherwise send `Expect: 100-continue` for larger bodies and wait for it.
        headerList = curl_slist_append(headerList, "Expect:")

        prescient_curl_set_string(handle, CURLOPT_URL, request.url)
        prescient_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        prescient_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        prescient_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        prescient_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        var pinned: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(pinned) }
        if let target = request.target {
            // Connect to the address the policy checked, on a connection of this request's own.
            guard let address = target.address else {
                throw HTTPClientError(kind: .connectionFailed, message: "the host did not resolve", url: request.url)
            }
            let literal = address.contains(":") ? "[\(address)]" : address
            pinned = curl_slist_append(nil, "\(target.host):\(target.port):\(literal)")
            prescient_curl_set_slist(handle, CURLOPT_RESOLVE, pinned)
            prescient_curl_set_string(handle, CURLOPT_NOPROXY, "*")
            prescient_curl_set_long(handle, CURLOPT_FRESH_CONNECT, 1)
            prescient_curl_set_long(handle, CURLOPT_FORBID_REUSE, 1)
            reusable = false  // its DNS cache now holds the pinned entry
        }
        prescient_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        prescient_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        prescient_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int((request.timeout ?? defaultTimeout) * 1000))
        prescient_curl_set_long(handle, CURLOPT_TCP_NODELAY, 1)
        prescient_curl_set_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if let trustedCertificatesPath { prescient_curl_set_string(handle, CURLOPT_CAINFO, trustedCertificatesPath) }
        prescient_curl_set_slist(handle, CURLOPT_HTTPHEADER, headerList)
        prescient_curl_set_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            guard sink.body.count + length <= sink.limit else {
                sink.overflowed = true
                return 0  // curl stops with CURLE_WRITE_ERROR
            }
            data!.withMemoryRebound(to: UInt8.self, capacity: length) {
                sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }
        prescient_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        prescient_curl_set_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            let line = data!.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            sink.addHeaderLine(line)
            return length
        }
        prescient_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)

        let body = request.body ?? []
        switch request.method {
        case "GET":
            prescient_curl_set_long(handle, CURLOPT_HTTPGET, 1)
        case "HEAD":
            prescient_curl_set_long(handle, CURLOPT_NOBODY, 1)
        default:
            prescient_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        let code: CURLcode = body.withUnsafeBytes { raw in
            if request.method != "GET" && request.method != "HEAD" && (request.body != nil || request.method == "POST") {
                prescient_curl_set_postfields(handle, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), raw.count)
                if request.method != "POST" {
                    prescient_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
                }
            }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            reusable = false
            if sink.overflowed {
                throw HTTPClientError(
                    kind: .responseTooLarge, message: "the answer is larger than \(sink.limit) bytes", url: request.url)
            }
            let message = String(cString: curl_easy_strerror(code))
            let kind: HTTPClientError.Kind =
                code == CURLE_OPERATION_TIMEDOUT
                ? .timeout
                : (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) ? .connectionFailed : .other
            throw HTTPClientError(kind: kind, message: message, url: request.url)
        }
        var status = 0
        var version = 0
        var connects = 0
        prescient_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        prescient_curl_get_long(handle, CURLINFO_HTTP_VERSION, &version)
        prescient_curl_get_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        var response = HTTPClientResponse(status: status, headers: sink.headers, body: sink.body)
        response.httpVersion = version == Int(CURL_HTTP_VERSION_2_0) ? "2" : version == Int(CURL_HTTP_VERSION_1_0) ? "1.0" : "1.1"
        response.reusedConnection = connects == 0
        return response
    }

    /// GET `url`.
    public func get(_ url: String, headers: [(String, String)] = [], timeout: Double? = nil) throws -> HTTPClientResponse {
        try send(HTTPClientRequest(method: "GET", url: url, headers: headers, timeout: timeout))
    }

    /// Sends `body` as JSON with `method` (POST by default).
    public func sendJSON(
        _ method: String = "POST", _ url: String, body: [UInt8], headers: [(String, String)] = [], timeout: Double? = nil
    ) throws -> HTTPClientResponse {
        try send(
            HTTPClientRequest(
                method: method, url: url, headers: [("Content-Type", "application/json")] + headers, body: body,
                timeout: timeout))
    }

    private func checkoutHandle() -> UnsafeMutableRawPointer {
        lock.lock()
        if let handle = idleHandles.popLast() {
            lock.unlock()
            return handle
        }
        lock.unlock()
        return curl_easy_init()!
    }

    private func checkin(_ handle: UnsafeMutableRawPointer, reusable: Bool) {
        lock.lock()
        if reusable && idleHandles.count < maxIdleHandles {
            idleHandles.append(handle)
            lock.unlock()
        } else {
            lock.unlock()
            curl_easy_cleanup(handle)
        }
    }
}

/// Collects one response's body and headers from curl's callbacks.
final class ResponseSink {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    /// The most body bytes kept; past it the transfer stops and `overflowed` is set.
    let limit: Int
    var overflowed = false

    init(limit: Int) {
        self.limit = limit
    }

    func addHeaderLine(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (e.g. after 100 Continue) starts over
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
    }
}
