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

    struct Result: ExportResult {
        let status = "success"
        let events_exported: Int
        let events_marked_inactive: Int
        let pages: Int
        /// Time until the last page was fetched, decoded and streamed into COPY.
        let fetch_ms: Int
        /// Time after that: upsert from staging, retirement, commit.
        let store_ms: Int
        let duration_ms: Int

        var rowsExported: Int { events_exported }
        var durationMilliseconds: Int { duration_ms }
    }

    func export() throws -> Result {
        let started = Date()
        return try Self.lock.run(on: pool) { connection in
            var pages = 0
            var fetched = started
            let (exported, retired) = try repository.replaceOpenUniverse(on: connection) { emit in
                try client.allEvents(closed: false, withMarkets: false) { page in
                    pages += 1
                    for entry in EventPage(page).entries { try emit(entry) }
                }
                fetched = Date()
            }
            return Result(
                events_exported: exported, events_marked_inactive: retired, pages: pages,
                fetch_ms: Int(fetched.timeIntervalSince(started) * 1000), store_ms: Int(Date().timeIntervalSince(fetched) * 1000),
                duration_ms: Int(Date().timeIntervalSince(started) * 1000))
        }
    }
}
