import Foundation
import HTTPServer
import MarketData
import Polymarket
import Postgres
import ServiceKit

/// The markets service (port 8001): every endpoint in one list.
public enum MarketsService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let repository = MarketsRepository(pool: pool)
        let client = try PolymarketClient.make(environment: context.environment, logger: context.logger)
        let exporter = MarketExporter(client: client, repository: repository, pool: pool)
        var router = Router()

        let endpoint = ExportEndpoint(name: "markets", metrics: context.metrics)

        router.getOrPost("/markets/export-all-markets-db") { _ in
            try endpoint.respond { try exporter.exportAll() }
        }

        router.getOrPost("/markets/export-filtered-markets-db") { request in
            let minLiquidity = try request.queryDecimal("min_liquidity") ?? 10_000
            let minVolume = try request.queryDecimal("min_volume") ?? 50_000
            return try endpoint.respond { try exporter.exportFiltered(minLiquidity: minLiquidity, minVolume: minVolume) }
        }

        router.get("/markets") { request in
            let (limit, offset) = try request.paging()
            var filter = MarketFilter()
            filter.minLiquidity = try request.queryDecimal("min_liquidity")
            filter.minVolume = try request.queryDecimal("min_volume")
            filter.endingBefore = try request.queryDate("ending_before")
            filter.category = request.query["category"] ?? request.query["tag"]
            filter.eventID = request.query["event_id"]
            filter.tradableOnly = try request.queryBool("tradable_only") ?? true
            filter.includeInactive = try request.queryBool("include_inactive") ?? false
            let (markets, total) = try repository.list(filter, limit: limit, offset: offset)
            return .json(MarketList(markets: markets, total: total, limit: limit, offset: offset))
        }

        router.get("/markets/{id}") { request in
            let id = request.pathParameters["id"] ?? ""
            guard let market = try repository.find(id: id) else { throw HTTPError.notFound("no market with id \(id)") }
            return .json(market)
        }

        return ServiceRoutes(router: router)
    }

    struct MarketList: Encodable {
        let markets: [MarketRecord]
        let total: Int
        let limit: Int
        let offset: Int
    }
}
