import Foundation
import HTTPClient

/// The services' HTTP API as the CLI uses it: JSON in, JSON out, every error answer turned into
/// a `CLIError` with the service's own code and message.
struct API {
    let endpoints: Endpoints
    let http = HTTPClient(connectTimeout: 3, defaultTimeout: 600)

    init(endpoints: Endpoints = Endpoints()) {
        self.endpoints = endpoints
    }

    /// The raw answer body of a successful request.
    func call(_ method: String, _ url: String, body: Any? = nil) throws -> [UInt8] {
        var headers: [(String, String)] = []
        if let token = endpoints.token { headers.append(("Authorization", "Bearer \(token)")) }
        let response: HTTPClientResponse
        do {
            let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
            response =
                method == "GET"
                ? try http.get(url, headers: headers) : try http.sendJSON(method, url, body: bytes, headers: headers)
        } catch {
            throw CLIError.unreachable(url.components(separatedBy: "?")[0], "\(error)")
        }
        guard (200..<300).contains(response.status) else {
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            let error = object?["error"] as? [String: Any]
            throw CLIError.refused(
                status: response.status, code: error?["code"] as? String ?? "http_\(response.status)",
                message: error?["message"] as? String ?? String(decoding: response.body.prefix(300), as: UTF8.self))
        }
        return response.body
    }

    func json(_ method: String, _ url: String, body: Any? = nil) throws -> [String: Any] {
        let bytes = try call(method, url, body: body)
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    /// GETs `url`: with `--json`, prints the answer as it came and returns nil; otherwise returns
    /// the answer's object for a table.
    func read(_ url: String, _ output: OutputOptions) throws -> [String: Any]? {
        let bytes = try call("GET", url)
        if output.json {
            Output.json(bytes)
            return nil
        }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}
