import Foundation
import PrescientCore

/// A parsed HTTP/1.x request.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The path without the query string, percent-decoded.
    public var path: String
    /// Query parameters, percent-decoded; the last value wins for repeated keys.
    public var query: [String: String]
    /// The query string as sent (without `?`), for parameters that repeat (`queryValues`).
    public var rawQuery: String = ""
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var version: String
    /// Values captured by `{name}` segments of the matched route.
    public var pathParameters: [String: String] = [:]
    /// The template of the matched route (`/events/{id}`), used to label metrics.
    public var routeTemplate: String?
    /// Set once the body passed `checkJSONBody` (by the check in front of every route), so the
    /// decoders that run after it do not scan it again.
    public var bodyIsCheckedJSON = false

    public init(
        method: String, path: String, query: [String: String] = [:], headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [], version: String = "HTTP/1.1"
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.version = version
    }

    /// A request for a target as sent on the request line (`/path?a=1&b=2`): the path and query
    /// split and percent-decoded. The parser builds every request through it; tests build theirs.
    public init(
        method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], version: String = "HTTP/1.1"
    ) {
        let (path, query) = QueryString.split(target: target)
        self.init(method: method, path: path, query: query, headers: headers, body: body, version: version)
        if let mark = target.firstIndex(of: "?") { rawQuery = String(target[target.index(after: mark)...]) }
    }

    /// Every value of a repeated query parameter (`a=1&a=2`), in order, percent-decoded.
    public func queryValues(_ name: String) -> [String] {
        QueryString.parsePairs(rawQuery).filter { $0.0 == name }.map(\.1)
    }

    /// Whether the connection should stay open after this request.
    public var keepAlive: Bool {
        guard let connection = headers["Connection"] else { return version != "HTTP/1.0" }
        // The header's comma-separated tokens, compared without Foundation (this runs per request).
        let tokens = connection.lowercased().split(separator: ",").map { $0.drop { $0 == " " || $0 == "\t" } }
        if version == "HTTP/1.0" { return tokens.contains { $0.hasPrefix("keep-alive") } }
        return !tokens.contains { $0.hasPrefix("close") }
    }

    /// Decodes the JSON body into `T`, mapping every failure to a precise 400.
    public func decodeJSON<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try checkJSONBody()
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, code: "invalid_json", message: Self.describe(error))
        } catch {
            throw HTTPError(.badRequest, code: "invalid_json", message: "the body is not valid JSON")
        }
    }

    /// Refuses an empty body, malformed JSON (a trailing comma included), a key given twice and
    /// a NUL character, before any decoder sees the bytes.
    public func checkJSONBody() throws {
        guard !body.isEmpty else {
            throw HTTPError(.badRequest, code: "empty_body", message: "a JSON body is required")
        }
        if !bodyIsCheckedJSON, let problem = JSONSlicer(body).requestBodyProblem {
            throw HTTPError(.badRequest, code: "invalid_json", message: problem)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let joined = codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "the body" : "field '\(joined)'"
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "\(path(context.codingPath)) is invalid: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is required"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(Self.typeName(type)), not null"
        @unknown default:
            return "the body does not match the expected shape"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type, is Decimal.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default: return "of type \(type)"
        }
    }
}
