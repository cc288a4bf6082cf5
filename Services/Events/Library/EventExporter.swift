import Foundation
import Logging
import MarketData
import Polymarket
import Postgres

/// Fetches every active event (500 per page, markets nested) and stores them.
struct EventExporter: Sendable {
    let client: PolymarketClient
    let repository: EventsRepository
    let pool: PostgresPool
    static let lock = ExportLock(key: 0x4556_454E_5453, name: "events")

    struct Result: Encodable {
        let status = "success"
        let events_exported: Int
        let events_marked_inactive: Int
        let pages: Int
        /// Time spent fetching and decoding pages.
        let fetch_ms: Int
        /// Time spent writing to the database.
        let store_ms: Int
        let duration_ms: Int
    }

    func export() throws -> Result {
        let started = Date()
        return try Self.lock.run(on: pool) { connection in
            var entries: [EventPage.Entry] = []
            var pages = 0
            try client.allEvents(closed: false, withMarkets: false) { page in
                pages += 1
                entries += EventPage(page).entries
            }
            let fetched = Date()
            let (exported, retired) = try repository.replaceOpenUniverse(with: entries, on: connection)
            return Result(
                events_exported: exported, events_marked_inactive: retired, pages: pages,
                fetch_ms: Int(fetched.timeIntervalSince(started) * 1000), store_ms: Int(Date().timeIntervalSince(fetched) * 1000),
                duration_ms: Int(Date().timeIntervalSince(started) * 1000))
        }
    }
}
