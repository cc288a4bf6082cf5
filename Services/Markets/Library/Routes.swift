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

        router.listing(
            "/markets", name: "markets", noun: "market",
            list: { request, listing in
                var filter = MarketFilter(listing: listing)
                filter.category = request.query["category"] ?? request.query["tag"]
                filter.eventID = request.query["event_id"]
                filter.tradableOnly = try request.queryBool("tradable_only") ?? true
                return try repository.list(filter)
            },
            find: repository.find(id:))

        return ServiceRoutes(router: router)
    }
}
