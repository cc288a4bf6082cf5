/// What every export answer reports, so one endpoint wrapper can count any export.
public protocol ExportReport: Codable, Sendable {
    /// Rows the export stored.
    var rowsExported: Int { get }
    var durationMilliseconds: Int { get }
}

extension EventsExportResult: ExportReport {
    public var rowsExported: Int { eventsExported }
}

extension MarketsExportResult: ExportReport {
    public var rowsExported: Int { marketsExported }
}
