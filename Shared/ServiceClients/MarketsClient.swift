import Contracts

/// The markets service's calls, typed.
public struct MarketsClient: Sendable {
    public let baseURL: String
    let caller: ServiceCaller

    public init(baseURL: String, caller: ServiceCaller) {
        self.baseURL = baseURL
        self.caller = caller
    }

    /// Exports the whole open market universe into the shared database.
    public func exportAllMarkets() throws -> MarketsExportResult {
        try caller.send("GET", ServiceURL.make(baseURL, "/markets/export-all-markets-db"))
    }
}
