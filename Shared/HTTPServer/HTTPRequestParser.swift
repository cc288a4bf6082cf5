import Foundation

/// Parses HTTP/1.x requests out of a connection's receive buffer, enforcing size limits.
///
/// The parser looks at bytes and either returns a complete request with the number of bytes it
/// used, says more bytes are needed, or throws an `HTTPError` with the exact status (400
/// malformed, 413 body too large, 431 headers too large, 501 unknown transfer coding, 505 bad
/// version). A connection keeps a `Progress` between reads, so no byte is scanned twice.
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

    /// What the parser knows of the request being received; reset after each complete request.
    public struct Progress: Sendable {
        /// Bytes already searched for the end of the head.
        var scanned = 0
        var head: HTTPRequest?
        var bodyStart = 0
        var contentLength = 0
        var chunked: ChunkedBodyDecoder?

        public init() {}

        /// True once any byte of a request has arrived (the request deadline runs from then).
        public var hasStarted: Bool { scanned > 0 || head != nil }
    }

    /// Parses a request from the start of `buffer` with no memory of earlier reads.
    public func parse(_ buffer: [UInt8]) throws -> Outcome {
        var progress = Progress()
        return try parse(buffer, progress: &progress)
    }

    /// Parses a request from the start of `buffer`, resuming from `progress`; resets it once a
    /// request is complete. `onHead` sees each request's head once, as soon as it is parsed, with
    /// the most body bytes that may follow (the Content-Length, or the limit for a chunked body),
    /// before any of the body is waited for; what it throws refuses the request.
    public func parse(
        _ buffer: [UInt8], progress: inout Progress, onHead: ((HTTPRequest, _ bodyBytes: Int) throws -> Void)? = nil
    ) throws -> Outcome {
        if progress.head == nil {
            guard let headerEnd = try Self.findHeadEnd(in: buffer, from: progress.scanned, limit: maxHeaderBytes) else {
                progress.scanned = buffer.count
                return .incomplete(expectsContinue: false)
            }
            let request = try Self.parseHead(buffer[0..<headerEnd])
            progress.head = request
            progress.bodyStart = headerEnd + 4
            try frameBody(of: request, progress: &progress)
            try onHead?(request, progress.chunked == nil ? progress.contentLength : maxBodyBytes)
        }
        let request = progress.head!
        if var decoder = progress.chunked {
            let end = try decoder.advance(buffer)
            progress.chunked = decoder
            guard let end else { return .incomplete(expectsContinue: Self.expectsContinue(request)) }
            var complete = request
            complete.body = decoder.body
            complete.headers["Transfer-Encoding"] = nil
            progress = Progress()
            return .complete(complete, consumed: end)
        }
        let bodyStart = progress.bodyStart
        let length = progress.contentLength
        guard buffer.count - bodyStart >= length else {
            return .incomplete(expectsContinue: Self.expectsContinue(request))
        }
        var complete = request
        complete.body = Array(buffer[bodyStart..<(bodyStart + length)])
        progress = Progress()
        return .complete(complete, consumed: bodyStart + length)
    }

    /// Decides how the body is framed (RFC 9112 §6.3): chunked, a Content-Length, or empty.
    private func frameBody(of request: HTTPRequest, progress: inout Progress) throws {
        let codings = request.headers.values("Transfer-Encoding")
        let lengths = request.headers.values("Content-Length")
        if !codings.isEmpty {
            guard codings.count == 1 else {
                throw HTTPError.badRequest("Transfer-Encoding must be sent once", code: "malformed_request")
            }
            guard lengths.isEmpty else {
                throw HTTPError.badRequest(
                    "Content-Length and Transfer-Encoding must not both be sent",
                    code: "malformed_request")
            }
            guard codings[0].lowercased() == "chunked" else {
                throw HTTPError(
                    .notImplemented, code: "unsupported_transfer_encoding",
                    message: "only the chunked transfer encoding is supported")
            }
            progress.chunked = ChunkedBodyDecoder(start: progress.bodyStart, maxBodyBytes: maxBodyBytes)
            return
        }
        guard !lengths.isEmpty else {
            // No Content-Length and no Transfer-Encoding: the body is empty (RFC 9112 §6.3).
            progress.contentLength = 0
            return
        }
        let distinct = Set(lengths)
        guard distinct.count == 1, let value = distinct.first, !value.isEmpty,
            value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), value.count <= 18, let parsed = Int(value)
        else {
            throw HTTPError.badRequest("Content-Length is not a valid length", code: "malformed_request")
        }
        if parsed > maxBodyBytes {
            throw HTTPError(
                .payloadTooLarge, code: "body_too_large",
                message: "the body is \(parsed) bytes; the limit is \(maxBodyBytes)")
        }
        progress.contentLength = parsed
    }

    static func expectsContinue(_ request: HTTPRequest) -> Bool {
        request.headers["Expect"]?.lowercased() == "100-continue"
    }

    /// The index of the CRLFCRLF ending the head, searching from `from` (minus the three bytes
    /// a terminator may straddle). A bare LF is refused rather than waited on forever.
    static func findHeadEnd(in buffer: [UInt8], from: Int, limit: Int) throws -> Int? {
        let tooLarge = HTTPError(
            .headersTooLarge, code: "headers_too_large",
            message: "the request line and headers exceed \(limit) bytes")
        return try buffer.withUnsafeBufferPointer { bytes -> Int? in
            var index = max(0, from - 3)
            while index < bytes.count {
                if bytes[index] == 10 {
                    guard index > 0, bytes[index - 1] == 13 else {
                        throw HTTPError.badRequest("a line of the request ends in a bare LF; use CRLF", code: "malformed_request")
                    }
                    if index >= 3, bytes[index - 2] == 10, bytes[index - 3] == 13 {
                        guard index - 3 <= limit else { throw tooLarge }
                        return index - 3
                    }
                }
                index += 1
            }
            if bytes.count > limit + 4 { throw tooLarge }
            return nil
        }
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
            throw HTTPError(
                .versionNotSupported, code: "version_not_supported",
                message: "\(version) is not supported; use HTTP/1.1")
        }
        guard parts[1].allSatisfy({ $0 > 32 && $0 != 127 }), let target = String(validating: parts[1], as: UTF8.self) else {
            throw malformed
        }
        guard !Self.containsEncodedNUL(parts[1]) else {
            throw HTTPError.badRequest("the request target contains a NUL character (%00)", code: "malformed_request")
        }
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
            guard name.allSatisfy({ $0 > 32 && $0 < 127 }), line[(colon + 1)...].allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) })
            else {
                throw HTTPError.badRequest("a header contains a control character", code: "malformed_request")
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
        return HTTPRequest(method: String(decoding: parts[0], as: UTF8.self), target: target, headers: headers, version: version)
    }

    /// Whether `%00` occurs in `bytes`.
    static func containsEncodedNUL(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index + 2 < bytes.endIndex {
            if bytes[index] == 37 && bytes[index + 1] == 48 && bytes[index + 2] == 48 { return true }
            index += 1
        }
        return false
    }

    static func firstCRLF(in bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            if bytes[index] == 13 && bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}
