import Foundation
import HTTPServer
import PrescientCore

/// The inputs the fuzzers drive. Each must return for any bytes at all: a crash, a trap or a hang
/// here is a defect (found ones become seeds in `corpus/` and cases in the test suite).
public enum FuzzTargets {
    /// The request parser and chunked decoder, given the bytes whole and in pieces (as reads would
    /// deliver them: the split points come from the input's first byte).
    public static func httpParser(_ bytes: [UInt8]) {
        let parser = HTTPRequestParser(maxHeaderBytes: 4096, maxBodyBytes: 8192)
        if case .complete(_, let consumed)? = try? parser.parse(bytes) {
            precondition(consumed > 0 && consumed <= bytes.count, "consumed \(consumed) of \(bytes.count)")
        }
        var progress = HTTPRequestParser.Progress()
        let step = max(1, Int(bytes.first ?? 1) % 17)
        var buffer: [UInt8] = []
        var index = 0
        while index < bytes.count {
            buffer.append(contentsOf: bytes[index..<min(bytes.count, index + step)])
            index += step
            do {
                if case .complete(_, let consumed) = try parser.parse(buffer, progress: &progress) {
                    precondition(consumed > 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count)")
                    buffer.removeFirst(consumed)
                }
            } catch {
                return
            }
        }
    }

    /// The JSON body readers: the strict check, the field reader and a typed decode.
    public static func jsonBody(_ bytes: [UInt8]) {
        let problem = JSONSlicer(bytes).requestBodyProblem
        precondition(problem != nil || JSONNesting.depth(of: bytes) <= JSONNesting.limit, "a body nesting too deep was accepted")
        _ = JSONSlicer(bytes).isWellFormed
        var request = HTTPRequest(method: "POST", path: "/fuzz")
        request.body = bytes
        if let fields = try? JSONFields(request, allowed: ["name", "portfolio_id", "amount", "confirm", "config"]) {
            _ = try? fields.string("name")
            _ = try? fields.int64("portfolio_id")
            _ = try? fields.decimal("amount")
            _ = try? fields.bool("confirm")
            _ = try? fields.object("config")
        }
        struct Typed: Decodable {
            let seconds: Int?
            let condition_id: String?
            let outcome: String?
        }
        _ = try? request.decodeJSON(Typed.self)
    }

    /// The target a name picks (`http` or `json`), run on a worker's stack as the server runs it.
    public static func named(_ name: String) -> (@Sendable ([UInt8]) -> Void)? {
        let target: @Sendable ([UInt8]) -> Void
        switch name {
        case "http": target = httpParser
        case "json": target = jsonBody
        default: return nil
        }
        return { bytes in WorkerStack.shared.run { target(bytes) } }
    }
}
