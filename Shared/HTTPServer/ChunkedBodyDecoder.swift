import Foundation

/// Decodes a `Transfer-Encoding: chunked` body from a receive buffer.
enum ChunkedBodyDecoder {
    enum Outcome {
        case incomplete
        case complete(body: [UInt8], end: Int)
    }

    static func decode(_ buffer: [UInt8], from start: Int, maxBodyBytes: Int) throws -> Outcome {
        var body: [UInt8] = []
        var index = start
        while true {
            guard let lineEnd = findCRLF(buffer, from: index) else {
                if buffer.count - index > 1024 {
                    throw HTTPError.badRequest("a chunk size line is too long", code: "malformed_chunk")
                }
                return .incomplete
            }
            let sizeText = String(decoding: buffer[index..<lineEnd], as: UTF8.self)
            let hex = sizeText.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard !hex.isEmpty, hex.count <= 15, let size = Int(hex.trimmingCharacters(in: .whitespaces), radix: 16)
            else {
                throw HTTPError.badRequest("a chunk size is not hexadecimal", code: "malformed_chunk")
            }
            index = lineEnd + 2
            if size == 0 {
                // Skip trailers up to the blank line.
                while true {
                    guard let trailerEnd = findCRLF(buffer, from: index) else { return .incomplete }
                    let empty = trailerEnd == index
                    index = trailerEnd + 2
                    if empty { return .complete(body: body, end: index) }
                }
            }
            if body.count + size > maxBodyBytes {
                throw HTTPError(.payloadTooLarge, code: "body_too_large",
                    message: "the chunked body exceeds the limit of \(maxBodyBytes) bytes")
            }
            guard buffer.count >= index + size + 2 else { return .incomplete }
            body.append(contentsOf: buffer[index..<(index + size)])
            guard buffer[index + size] == 13, buffer[index + size + 1] == 10 else {
                throw HTTPError.badRequest("a chunk is not followed by CRLF", code: "malformed_chunk")
            }
            index += size + 2
        }
    }

    static func findCRLF(_ buffer: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}
