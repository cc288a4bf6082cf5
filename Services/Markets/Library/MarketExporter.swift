import Contracts
import Foundation
import MarketData
import Polymarket
import Postgres

/// Collects markets through `/events/keyset` (500 events per page with their markets nested:
/// 17 requests for the 2026-03-11 universe instead of 360 at `/markets/keyset`'s 100 per page).
struct MarketExporter: Sendable {
    let client: PolymarketClient
    let repository: MarketsRepository
    let pool: PostgresPool
    let quality = MarketQualityFilter()
    static let lock = ExportLock(key: 0x4D41_524B_4554, name: "markets")

    /// The whole open universe; markets that left it are flagged inactive.
    func exportAll() throws -> MarketsExportResult {
        try export(retireMissing: true) { _ in true }
    }

    /// Only markets of candidate events meeting the thresholds (the single-portfolio flow).
    func exportFiltered(minLiquidity: Decimal, minVolume: Decimal) throws -> MarketsExportResult {
        let candidates = try repository.candidateEventIDs()
        return try export(retireMissing: false) { row in
            guard let eventID = row.eventID, candidates.contains(eventID) else { return false }
            return (row.market.liquidity ?? 0) >= minLiquidity && (row.market.volume ?? 0) >= minVolume
        }
    }

    private func export(retireMissing: Bool, keep: (MarketsRepository.Row) -> Bool) throws -> MarketsExportResult {
        let started = Date()
        return try Self.lock.run(on: pool) { connection in
            var tradable = 0
            var pages = 0
            var fetched = started
            let (stored, retired) = try repository.store(retireMissing: retireMissing, on: connection) { emit in
                // Events decoded without their markets; the markets are read from their bytes.
                try client.allEvents(closed: false, withMarkets: false) { page in
                    pages += 1
                    for entry in EventPage(page, readingMarkets: true).entries {
                        let tagged = entry.event.category ?? entry.event.tagSlugs.first
                        for (market, payload) in entry.markets {
                            let category =
                                (market.category ?? tagged)?.lowercased()
                                ?? MarketCategorizer.category(
                                    eventTitle: entry.event.title, eventSlug: entry.event.slug, question: market.question)
                            let row = MarketsRepository.Row(
                                market: market, eventID: entry.event.id, category: category,
                                payload: payload, passesQualityFilter: quality.accepts(market))
                            guard keep(row) else { continue }
                            if row.passesQualityFilter { tradable += 1 }
                            try emit(row)
                        }
                    }
                }
                fetched = Date()
            }
            return MarketsExportResult(
                marketsExported: stored, marketsTradable: tradable, marketsMarkedInactive: retired, pages: pages,
                fetchMilliseconds: Int(fetched.timeIntervalSince(started) * 1000),
                storeMilliseconds: Int(Date().timeIntervalSince(fetched) * 1000),
                durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000))
        }
    }
}
