import Contracts
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

    func export() throws -> EventsExportResult {
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
            return EventsExportResult(
                eventsExported: exported, eventsMarkedInactive: retired, pages: pages,
                fetchMilliseconds: Int(fetched.timeIntervalSince(started) * 1000),
                storeMilliseconds: Int(Date().timeIntervalSince(fetched) * 1000),
                durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000))
        }
    }
}
