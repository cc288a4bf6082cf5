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

        router.get("/events") { request in
            let (limit, offset) = try request.paging()
            var filter = EventFilter()
            filter.minLiquidity = try request.queryDecimal("min_liquidity")
            filter.minVolume = try request.queryDecimal("min_volume")
            filter.endingBefore = try request.queryDate("ending_before")
            filter.tag = request.query["tag"] ?? request.query["category"]
            filter.candidatesOnly = try request.queryBool("candidates_only") ?? false
            filter.includeInactive = try request.queryBool("include_inactive") ?? false
            let (events, total) = try repository.list(filter, limit: limit, offset: offset)
            return .json(EventList(events: events, total: total, limit: limit, offset: offset))
        }

        router.get("/events/{id}") { request in
            let id = request.pathParameters["id"] ?? ""
            guard let event = try repository.find(id: id) else { throw HTTPError.notFound("no event with id \(id)") }
            return .json(event)
        }

        return ServiceRoutes(router: router)
    }

    struct CandidateResult: Encodable {
        let status = "success"
        let trading_candidates: Int
        let min_liquidity: Decimal
        let min_volume: Decimal
        let max_days_to_end: Int?
    }

    struct EventList: Encodable {
        let events: [EventRecord]
        let total: Int
        let limit: Int
        let offset: Int
    }
}
