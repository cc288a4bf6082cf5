/// `GET /markets/export-all-markets-db` (and the filtered export): what one export stored.
public struct MarketsExportResult: Codable, Sendable, Equatable {
    public var status: String
    public var marketsExported: Int
    /// Of those, the markets the quality filter lets strategies trade.
    public var marketsTradable: Int
    public var marketsMarkedInactive: Int
    public var pages: Int
    /// Time until the last page was fetched, decoded and streamed into COPY.
    public var fetchMilliseconds: Int
    /// Time after that: upsert from staging, retirement, commit.
    public var storeMilliseconds: Int
    public var durationMilliseconds: Int

    enum CodingKeys: String, CodingKey {
        case status, marketsExported = "markets_exported", marketsTradable = "markets_tradable",
            marketsMarkedInactive = "markets_marked_inactive", pages, fetchMilliseconds = "fetch_ms", storeMilliseconds = "store_ms",
            durationMilliseconds = "duration_ms"
    }

    public init(
        marketsExported: Int, marketsTradable: Int, marketsMarkedInactive: Int, pages: Int, fetchMilliseconds: Int,
        storeMilliseconds: Int, durationMilliseconds: Int
    ) {
        self.status = "success"
        self.marketsExported = marketsExported
        self.marketsTradable = marketsTradable
        self.marketsMarkedInactive = marketsMarkedInactive
        self.pages = pages
        self.fetchMilliseconds = fetchMilliseconds
        self.storeMilliseconds = storeMilliseconds
        self.durationMilliseconds = durationMilliseconds
    }
}
