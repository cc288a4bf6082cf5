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
        var request = try Self.parseHead(buffer[0..<headerEnd])
        let bodyStart = headerEnd + 4
        let isChunked = request.headers["Transfer-Encoding"].map { $0.lowercased().contains("chunked") } ?? false
        let lengths = request.headers.values("Content-Length")

        if isChunked {
            if !lengths.isEmpty {
                throw HTTPError.badRequest("Content-Length and Transfer-Encoding must not both be sent",
                    code: "malformed_request")
            }
            guard request.headers["Transfer-Encoding"]!.lowercased() == "chunked"
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
            let distinct = Set(lengths)
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

    /// Parses the request line and header fields straight from bytes (no Foundation string work).
    static func parseHead(_ bytes: ArraySlice<UInt8>) throws -> HTTPRequest {
        let malformed = HTTPError.badRequest("the request line is malformed", code: "malformed_request")
        guard let lineEnd = firstCRLF(in: bytes) else { throw malformed }
        let requestLine = bytes[bytes.startIndex..<lineEnd]
        let parts = requestLine.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty,
            parts[0].allSatisfy({ ($0 >= 65 && $0 <= 90) || $0 == 45 }),
            let first = parts[1].first, first == 47 || (first == 42 && parts[1].count == 1)
        else { throw malformed }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version.hasPrefix("HTTP/"), version.utf8.count == 8 else {
            throw HTTPError.badRequest("the HTTP version is malformed", code: "malformed_request")
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw HTTPError(.versionNotSupported, code: "version_not_supported",
                message: "\(version) is not supported; use HTTP/1.1")
        }
        guard let target = String(validating: parts[1], as: UTF8.self) else { throw malformed }
        var headers = HTTPHeaders()
        var cursor = lineEnd + 2
        while cursor < bytes.endIndex {
            let end = firstCRLF(in: bytes[cursor...]) ?? bytes.endIndex
            let line = bytes[cursor..<end]
            cursor = end + 2
            guard let colon = line.firstIndex(of: 58), colon != line.startIndex else {
                throw HTTPError.badRequest("a header line is malformed", code: "malformed_request")
            }
            let name = line[line.startIndex..<colon]
            guard !name.contains(32), !name.contains(9) else {
                throw HTTPError.badRequest("a header name contains white space", code: "malformed_request")
            }
            var value = line[(colon + 1)...]
            while let byte = value.first, byte == 32 || byte == 9 { value = value.dropFirst() }
            while let byte = value.last, byte == 32 || byte == 9 { value = value.dropLast() }
            guard let nameText = String(validating: name, as: UTF8.self),
                let valueText = String(validating: value, as: UTF8.self)
            else {
                throw HTTPError.badRequest("a header is not valid UTF-8", code: "malformed_request")
            }
            headers.add(nameText, valueText)
        }
        if version == "HTTP/1.1" && headers["Host"] == nil {
            throw HTTPError.badRequest("HTTP/1.1 requests need a Host header", code: "malformed_request")
        }
        let (path, query) = QueryString.split(target: target)
        return HTTPRequest(
            method: String(decoding: parts[0], as: UTF8.self), path: path, query: query, headers: headers, version: version)
    }

    static func firstCRLF(in bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            if bytes[index] == 13 && bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
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
