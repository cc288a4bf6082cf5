import HTTPServer
import ServiceKit

/// An export's result as the endpoint reports it and counts it.
public protocol ExportResult: Encodable {
    var rowsExported: Int { get }
    var durationMilliseconds: Int { get }
}

/// Runs an export for an endpoint: counts rows and failures under `<name>_…` metrics and turns
/// upstream failures (even inside the rolled-back transaction) into 502/503/504.
public struct ExportEndpoint: Sendable {
    public let name: String
    public let metrics: MetricsRegistry

    public init(name: String, metrics: MetricsRegistry) {
        self.name = name
        self.metrics = metrics
    }

    public func respond(_ export: () throws -> some ExportResult) throws -> HTTPResponse {
        do {
            let result = try export()
            metrics.increment("\(name)_exported_total", by: Double(result.rowsExported))
            metrics.set("\(name)_last_export_duration_seconds", Double(result.durationMilliseconds) / 1000)
            return .json(result)
        } catch {
            metrics.increment("\(name)_export_failures_total")
            throw ExportFailure.translate(error)
        }
    }
}
