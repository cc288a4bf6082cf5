import Contracts

/// The events service's calls, typed.
public struct EventsClient: Sendable {
    public let baseURL: String
    let caller: ServiceCaller

    public init(baseURL: String, caller: ServiceCaller) {
        self.baseURL = baseURL
        self.caller = caller
    }

    /// Exports every open event into the shared database.
    public func exportAllActiveEvents() throws -> EventsExportResult {
        try caller.send("GET", ServiceURL.make(baseURL, "/events/export-all-active-events-db"))
    }
}
