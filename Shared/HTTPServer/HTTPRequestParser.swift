import Foundation

/// Parses HTTP/1.x requests out of a connection's receive buffer, enforcing size limits.
///
/// The parser is pure: it looks at bytes and either returns a complete request with the number
/// of bytes it used, says more bytes are needed, or throws an `HTTPError` with the exact status
/// (400 malformed, 411 no length, 413 body too large, 431 headers too large, 505 bad version).
public struct HTTPRequestParser: Sendable {
    public var maxHeaderBytes: Int
    public var maxBodyBytes: Int

    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1024 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }

    public enum Outcome: Sendable {
        /// More bytes are needed. `expectsContinue` is true once the headers asked for `100 Continue`.
        case incomplete(expectsContinue: Bool)
        /// A whole request and how many buffer bytes it used.
        case complete(HTTPRequest, consumed: Int)
    }

    public func parse(_ buffer: [UInt8]) throws -> Outcome {
        guard let headerEnd = Self.find([13, 10, 13, 10], in: buffer, limit: maxHeaderBytes + 4) else {
            if buffer.count > maxHeaderBytes {
                throw HTTPError(.headersTooLarge, code: "headers_too_large",
                    message: "the request line and headers exceed \(maxHeaderBytes) bytes")
            }
            return .incomplete(expectsContinue: false)
        }
        guard headerEnd <= maxHeaderBytes else {
            throw HTTPError(.headersTooLarge, code: "headers_too_large",
                message: "the request line and headers exceed \(maxHeaderBytes) bytes")
        }
        guard let head = String(validating: buffer[0..<headerEnd], as: UTF8.self) else {
            throw HTTPError.badRequest("the request head is not valid UTF-8", code: "malformed_request")
        }
        var request = try Self.parseHead(head)
        let bodyStart = headerEnd + 4
        let isChunked = request.headers["Transfer-Encoding"].map { $0.lowercased().contains("chunked") } ?? false
        let lengths = request.headers.values("Content-Length")

        if isChunked {
            if !lengths.isEmpty {
                throw HTTPError.badRequest("Content-Length and Transfer-Encoding must not both be sent",
                    code: "malformed_request")
            }
            guard request.headers["Transfer-Encoding"]!.lowercased().trimmingCharacters(in: .whitespaces) == "chunked"
            else {
                throw HTTPError(.notImplemented, code: "unsupported_transfer_encoding",
                    message: "only the chunked transfer encoding is supported")
            }
            switch try ChunkedBodyDecoder.decode(buffer, from: bodyStart, maxBodyBytes: maxBodyBytes) {
            case .incomplete:
                return .incomplete(expectsContinue: Self.expectsContinue(request))
            case .complete(let body, let end):
                request.body = body
                request.headers["Transfer-Encoding"] = nil
                return .complete(request, consumed: end)
            }
        }

        let length: Int
        if lengths.isEmpty {
            if ["POST", "PUT", "PATCH"].contains(request.method) {
                throw HTTPError(.lengthRequired, code: "length_required",
                    message: "\(request.method) needs a Content-Length header or a chunked body")
            }
            length = 0
        } else {
            let distinct = Set(lengths.map { $0.trimmingCharacters(in: .whitespaces) })
            guard distinct.count == 1, let value = distinct.first, !value.isEmpty,
                value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), value.count <= 18, let parsed = Int(value)
            else {
                throw HTTPError.badRequest("Content-Length is not a valid length", code: "malformed_request")
            }
            length = parsed
        }
        if length > maxBodyBytes {
            throw HTTPError(.payloadTooLarge, code: "body_too_large",
                message: "the body is \(length) bytes; the limit is \(maxBodyBytes)")
        }
        guard buffer.count - bodyStart >= length else {
            return .incomplete(expectsContinue: Self.expectsContinue(request))
        }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        return .complete(request, consumed: bodyStart + length)
    }

    static func expectsContinue(_ request: HTTPRequest) -> Bool {
        request.headers["Expect"]?.lowercased() == "100-continue"
    }

    static func parseHead(_ head: String) throws -> HTTPRequest {
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw HTTPError.badRequest("empty request", code: "malformed_request") }
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isUppercase || $0 == "-" }),
            parts[1].first == "/" || parts[1] == "*"
        else {
            throw HTTPError.badRequest("the request line is malformed", code: "malformed_request")
        }
        let version = String(parts[2])
        guard version.hasPrefix("HTTP/"), version.count == 8 else {
            throw HTTPError.badRequest("the HTTP version is malformed", code: "malformed_request")
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw HTTPError(.versionNotSupported, code: "version_not_supported",
                message: "\(version) is not supported; use HTTP/1.1")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw HTTPError.badRequest("a header line is malformed", code: "malformed_request")
            }
            let name = line[..<colon]
            guard !name.contains(" "), !name.contains("\t") else {
                throw HTTPError.badRequest("a header name contains white space", code: "malformed_request")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(String(name), value)
        }
        if version == "HTTP/1.1" && headers["Host"] == nil {
            throw HTTPError.badRequest("HTTP/1.1 requests need a Host header", code: "malformed_request")
        }
        let target = parts[1]
        let (path, query) = QueryString.split(target: String(target))
        return HTTPRequest(method: String(parts[0]), path: path, query: query, headers: headers, version: version)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], limit: Int) -> Int? {
        let end = min(haystack.count, limit) - needle.count
        guard end >= 0 else { return nil }
        return haystack.withUnsafeBufferPointer { bytes -> Int? in
            var index = 0
            while index <= end {
                if bytes[index] == needle[0] && bytes[index + 1] == needle[1] && bytes[index + 2] == needle[2]
                    && bytes[index + 3] == needle[3]
                {
                    return index
                }
                index += 1
            }
            return nil
        }
    }
}
