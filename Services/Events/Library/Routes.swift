import Foundation
import HTTPServer
import MarketData
import Polymarket
import Postgres
import ServiceKit

/// The events service (port 8000): every endpoint in one list.
public enum EventsService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let repository = EventsRepository(pool: pool)
        let client = try PolymarketClient.make(environment: context.environment, logger: context.logger)
        let exporter = EventExporter(client: client, repository: repository, pool: pool)
        var router = Router()

        let endpoint = ExportEndpoint(name: "events", metrics: context.metrics)
        router.getOrPost("/events/export-all-active-events-db") { _ in
            try endpoint.respond { try exporter.export() }
        }

        router.getOrPost("/events/filter-trading-candidates-db") { request in
            let minLiquidity = try request.queryDecimal("min_liquidity") ?? 10_000
            let minVolume = try request.queryDecimal("min_volume") ?? 50_000
            let maxDays = try request.queryInt("max_days_to_end", range: 0...3_650)
            let count = try repository.markCandidates(
                minLiquidity: minLiquidity, minVolume: minVolume, maxDaysToEnd: maxDays, now: Date())
            return .json(
                CandidateResult(trading_candidates: count, min_liquidity: minLiquidity, min_volume: minVolume, max_days_to_end: maxDays))
        }

        router.listing(
            "/events", name: "events", noun: "event",
            list: { request, listing in
                var filter = EventFilter(listing: listing)
                filter.tag = request.query["tag"] ?? request.query["category"]
                filter.candidatesOnly = try request.queryBool("candidates_only") ?? false
                return try repository.list(filter)
            },
            find: repository.find(id:))

        return ServiceRoutes(router: router)
    }

    struct CandidateResult: Encodable {
        let status = "success"
        let trading_candidates: Int
        let min_liquidity: Decimal
        let min_volume: Decimal
        let max_days_to_end: Int?
    }

}
