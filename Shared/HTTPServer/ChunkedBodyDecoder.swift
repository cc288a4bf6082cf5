/// Decodes a `Transfer-Encoding: chunked` body incrementally: each call resumes where the last one
/// stopped, so a body arriving byte by byte is read once, not re-decoded on every read.
///
/// Everything on the wire counts toward the body limit (chunk sizes, extensions, CRLFs and the
/// trailer section), so no framing can grow a buffer without bound. A chunk size is hexadecimal
/// digits only (no sign, no `0x`, at most 15 digits); the trailer section is capped on its own.
struct ChunkedBodyDecoder: Sendable {
    /// Longest chunk-size line (size plus extensions) accepted.
    static let maxSizeLineBytes = 1024
    /// Longest trailer section accepted (431 above it, like oversized headers).
    static let maxTrailerBytes = 8 * 1024

    enum Phase: Sendable, Equatable {
        case sizeLine
        case data(remaining: Int)
        case dataEnd
        case trailer
    }

    let start: Int
    let maxBodyBytes: Int
    private(set) var body: [UInt8] = []
    private(set) var phase = Phase.sizeLine
    /// Absolute index in the receive buffer of the next byte to read.
    private(set) var offset: Int
    private var trailerBytes = 0

    init(start: Int, maxBodyBytes: Int) {
        self.start = start
        self.offset = start
        self.maxBodyBytes = maxBodyBytes
    }

    /// Reads what `buffer` holds beyond the last call; returns the index just past the body once
    /// the last chunk and the trailer section have arrived, nil while more bytes are needed.
    mutating func advance(_ buffer: [UInt8]) throws -> Int? {
        while true {
            switch phase {
            case .sizeLine:
                guard let lineEnd = try line(in: buffer, limit: Self.maxSizeLineBytes, what: "a chunk size line") else { return nil }
                let size = try Self.chunkSize(buffer[offset..<lineEnd])
                offset = lineEnd + 2
                try checkWireLimit(adding: size == 0 ? 0 : size + 2)
                phase = size == 0 ? .trailer : .data(remaining: size)
            case .data(let remaining):
                let available = min(remaining, buffer.count - offset)
                guard available > 0 else { return nil }
                body.append(contentsOf: buffer[offset..<(offset + available)])
                offset += available
                phase = remaining == available ? .dataEnd : .data(remaining: remaining - available)
            case .dataEnd:
                guard buffer.count >= offset + 2 else { return nil }
                guard buffer[offset] == 13, buffer[offset + 1] == 10 else {
                    throw HTTPError.badRequest("a chunk is not followed by CRLF", code: "malformed_chunk")
                }
                offset += 2
                phase = .sizeLine
            case .trailer:
                let room = Self.maxTrailerBytes - trailerBytes
                guard let lineEnd = try line(in: buffer, limit: room, what: "the trailer section") else { return nil }
                let length = lineEnd + 2 - offset
                trailerBytes += length
                offset = lineEnd + 2
                try checkWireLimit(adding: 0)
                if length == 2 { return offset }
            }
        }
    }

    /// The end of the CRLF-terminated line at `offset`, nil while it is incomplete. A bare CR or
    /// LF, or a line longer than `limit`, is an error.
    private func line(in buffer: [UInt8], limit: Int, what: String) throws -> Int? {
        var index = offset
        while index < buffer.count {
            let byte = buffer[index]
            if byte == 10 { throw HTTPError.badRequest("\(what) has a bare LF", code: "malformed_chunk") }
            if byte == 13 {
                guard index + 1 < buffer.count else { break }
                guard buffer[index + 1] == 10 else {
                    throw HTTPError.badRequest("\(what) has a bare CR", code: "malformed_chunk")
                }
                return index
            }
            index += 1
            if index - offset > limit { throw tooLong(what) }
        }
        if buffer.count - offset > limit { throw tooLong(what) }
        try checkWireLimit(adding: buffer.count - offset)
        return nil
    }

    private func tooLong(_ what: String) -> HTTPError {
        if what == "the trailer section" {
            return HTTPError(
                .headersTooLarge, code: "trailers_too_large",
                message: "the trailer section exceeds \(Self.maxTrailerBytes) bytes")
        }
        return HTTPError.badRequest("\(what) is longer than \(Self.maxSizeLineBytes) bytes", code: "malformed_chunk")
    }

    private func checkWireLimit(adding pending: Int) throws {
        if offset - start + pending > maxBodyBytes {
            throw HTTPError(
                .payloadTooLarge, code: "body_too_large",
                message: "the chunked body, framing included, exceeds the limit of \(maxBodyBytes) bytes")
        }
    }

    /// Parses `1*HEXDIG [ BWS ";" chunk-ext ]`: digits only, then optional extensions of visible
    /// characters, spaces and tabs.
    static func chunkSize(_ line: ArraySlice<UInt8>) throws -> Int {
        let invalid = HTTPError.badRequest("a chunk size is not hexadecimal", code: "malformed_chunk")
        var size = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let value = hexValue(line[index]) {
            digits += 1
            guard digits <= 15 else { throw invalid }
            size = size * 16 + value
            index += 1
        }
        guard digits > 0 else { throw invalid }
        while index < line.endIndex, line[index] == 32 || line[index] == 9 { index += 1 }
        guard index == line.endIndex || line[index] == 59 else { throw invalid }
        guard line[index...].allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else {
            throw HTTPError.badRequest("a chunk extension has a control character", code: "malformed_chunk")
        }
        return size
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: return Int(byte - 48)
        case 65...70: return Int(byte - 55)
        case 97...102: return Int(byte - 87)
        default: return nil
        }
    }
}
