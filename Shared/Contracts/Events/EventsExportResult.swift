/// `GET /events/export-all-active-events-db`: what one export of the open events stored.
public struct EventsExportResult: Codable, Sendable, Equatable {
    public var status: String
    public var eventsExported: Int
    public var eventsMarkedInactive: Int
    public var pages: Int
    /// Time until the last page was fetched, decoded and streamed into COPY.
    public var fetchMilliseconds: Int
    /// Time after that: upsert from staging, retirement, commit.
    public var storeMilliseconds: Int
    public var durationMilliseconds: Int

    enum CodingKeys: String, CodingKey {
        case status, eventsExported = "events_exported", eventsMarkedInactive = "events_marked_inactive", pages,
            fetchMilliseconds = "fetch_ms", storeMilliseconds = "store_ms", durationMilliseconds = "duration_ms"
    }

    public init(
        eventsExported: Int, eventsMarkedInactive: Int, pages: Int, fetchMilliseconds: Int, storeMilliseconds: Int,
        durationMilliseconds: Int
    ) {
        self.status = "success"
        self.eventsExported = eventsExported
        self.eventsMarkedInactive = eventsMarkedInactive
        self.pages = pages
        self.fetchMilliseconds = fetchMilliseconds
        self.storeMilliseconds = storeMilliseconds
        self.durationMilliseconds = durationMilliseconds
    }
}
