import Foundation
import HTTPServer
import PrescientCore
import Yams

/// `GET /openapi.json`: the operations of `openapi.yaml` (the suite's contract, at the repository
/// root) that this service serves, as JSON: those its router has that are tagged with its name,
/// `common` or `strategy` (the simulator's Gamma paths, as `/markets`, are the markets service's
/// operations, not its own). The document is found at `OPENAPI_PATH`, else by
/// walking up from the working directory and from the executable's folder; read on first use.
/// Registered last, so it knows every route of the service.
enum OpenAPIRoute {
    static func register(on router: inout Router, service: String, environment: EnvironmentReader) {
        let served = Set((router.templates + [("GET", "/openapi.json")]).map { "\($0.method.lowercased()) \($0.template)" })
        let path = environment.string("OPENAPI_PATH")
        let cache = Locked<[UInt8]?>(nil)
        router.get("/openapi.json") { _ in
            if let bytes = cache.value { return .json(bytes: bytes) }
            guard let file = path ?? locate(), let document = try? load(file) else {
                throw HTTPError(
                    .notFound, code: "openapi_not_found",
                    message: "openapi.yaml was not found (set OPENAPI_PATH to the repository's openapi.yaml)")
            }
            let bytes = Array(
                try JSONSerialization.data(
                    withJSONObject: filtered(document, served: served, tags: [service, "common", "strategy"]), options: [.sortedKeys]))
            cache.mutate { $0 = bytes }
            return .json(bytes: bytes)
        }
    }

    /// The document with only the operations in `served` ("get /path") tagged with one of `tags`,
    /// and no path left empty.
    static func filtered(_ document: [String: Any], served: Set<String>, tags: Set<String>) -> [String: Any] {
        var copy = document
        var paths: [String: Any] = [:]
        for (path, value) in document["paths"] as? [String: Any] ?? [:] {
            let operations = (value as? [String: Any] ?? [:]).filter { method, operation in
                let operationTags = (operation as? [String: Any])?["tags"] as? [String] ?? []
                return served.contains("\(method) \(path)") && !tags.isDisjoint(with: operationTags)
            }
            if !operations.isEmpty { paths[path] = operations }
        }
        copy["paths"] = paths
        return copy
    }

    static func load(_ file: String) throws -> [String: Any]? {
        try Yams.load(yaml: try String(contentsOfFile: file, encoding: .utf8)) as? [String: Any]
    }

    static func locate() -> String? {
        let starts = [
            FileManager.default.currentDirectoryPath, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path,
        ]
        for start in starts {
            var folder = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent("openapi.yaml").path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }
}
