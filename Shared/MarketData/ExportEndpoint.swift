import Contracts
import HTTPServer
import ServiceKit

/// Runs an export for an endpoint and counts its rows and failures under `<name>_…` metrics.
/// Failures propagate unchanged: the service kit's error mapping gives them their status.
public struct ExportEndpoint: Sendable {
    public let name: String
    public let metrics: MetricsRegistry

    public init(name: String, metrics: MetricsRegistry) {
        self.name = name
        self.metrics = metrics
    }

    public func respond(_ export: () throws -> some ExportReport) throws -> HTTPResponse {
        do {
            let result = try export()
            metrics.increment("\(name)_exported_total", by: Double(result.rowsExported))
            metrics.set("\(name)_last_export_duration_seconds", Double(result.durationMilliseconds) / 1000)
            return .json(result)
        } catch {
            metrics.increment("\(name)_export_failures_total")
            throw error
        }
    }
}
