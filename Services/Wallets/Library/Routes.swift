import Contracts
import Foundation
import HTTPServer
import Logging
import MarketData
import Polymarket
import Postgres
import PrescientCore
import ServiceKit
import WalletScoring

/// The wallets service (port 8008): wallet profiles, the smart-money scanner and its alerts.
/// Every endpoint in one list.
public enum WalletsService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let environment = context.environment
        let client = try PolymarketClient.make(environment: environment, logger: context.logger)
        let minResolved = try environment.int("WALLETS_MIN_RESOLVED", default: 20, range: 1...10_000)
        let profiles = WalletProfileRepository(pool: pool, minResolved: minResolved)
        let outcomes = MarketOutcomeRepository(pool: pool)
        let clock = try MarketClock(environment: environment)
        let refresher = ProfileRefresher(
            fetcher: WalletHistoryFetcher(client: client), histories: WalletHistoryRepository(pool: pool), outcomes: outcomes,
            outcomeReader: MarketOutcomeReader(
                client: client, repository: outcomes,
                recheckAfter: try environment.double("WALLETS_OUTCOME_RECHECK_S", default: 3_600, range: 0...604_800)),
            profiles: profiles, clock: clock, concurrency: try environment.int("WALLETS_FETCH_CONCURRENCY", default: 8, range: 1...64),
            logger: context.logger)
        let ttl = try environment.double("WALLETS_PROFILE_TTL_S", default: 21_600, range: 0...2_592_000)
        var router = Router()

        router.post("/wallets/refresh", changesState: true) { request in
            .json(try refresher.refresh(try addresses(request)))
        }

        router.get("/wallets") { request in
            let (limit, offset) = try request.paging(defaultLimit: 50, maxLimit: 500)
            let sortText = request.query["sort"] ?? "edge"
            guard let sort = WalletProfileRepository.Sort(rawValue: sortText) else {
                throw HTTPError.badRequest(
                    "query parameter 'sort' must be one of \(WalletProfileRepository.Sort.allCases.map(\.rawValue).joined(separator: ", "))",
                    code: "invalid_parameter")
            }
            let walletClass = request.query["class"] ?? "trader"
            guard walletClass == "all" || WalletClass(rawValue: walletClass) != nil else {
                throw HTTPError.badRequest(
                    "query parameter 'class' must be all or one of \(WalletClass.allCases.map(\.rawValue).joined(separator: ", "))",
                    code: "invalid_parameter")
            }
            let category = request.query["category"]
            if let category,
                category.isEmpty || category.count > 64 || !category.allSatisfy({ $0.isLetter || $0.isNumber || " &-_".contains($0) })
            {
                throw HTTPError.badRequest(
                    "query parameter 'category' must be 1 to 64 letters, digits, spaces, '&', '-' or '_'", code: "invalid_parameter")
            }
            let listed = try profiles.list(
                sort: sort, minResolved: try request.queryInt("min_resolved", default: 0, range: 0...100_000) ?? 0,
                walletClass: walletClass == "all" ? nil : walletClass, category: category, limit: limit, offset: offset)
            return .json(WalletList(wallets: listed.profiles, total: listed.total, limit: limit, offset: offset))
        }

        router.get("/wallets/leaderboard/polymarket") { request in
            let orderBy = (request.query["order_by"] ?? "PNL").uppercased()
            let period = (request.query["time_period"] ?? "MONTH").uppercased()
            guard ["PNL", "VOL"].contains(orderBy), ["DAY", "WEEK", "MONTH", "ALL"].contains(period) else {
                throw HTTPError.badRequest(
                    "order_by must be PNL or VOL and time_period DAY, WEEK, MONTH or ALL", code: "invalid_parameter")
            }
            let limit = try request.queryInt("limit", default: 20, range: 1...50) ?? 20
            let rows = try client.leaderboard(timePeriod: period, orderBy: orderBy, limit: limit)
            let ours = try profiles.find(rows.map { $0.proxyWallet.lowercased() })
            return .json(
                PolymarketLeaderboard(
                    rows: rows.map { .init(polymarket: $0, profile: ours[$0.proxyWallet.lowercased()]) }, orderBy: orderBy,
                    timePeriod: period))
        }

        // A read only: a crawl of the Data API and a profile rewrite are a write, behind the token.
        router.get("/wallets/{address}") { request in
            let address = try PolymarketIdentifier.address(request.pathParameters["address"] ?? "")
            guard request.query["refresh"] == nil else {
                throw HTTPError(
                    .badRequest, code: "invalid_parameter",
                    message: "a GET reads the stored profile; refresh it with POST /wallets/\(address)/refresh")
            }
            if let asOf = try request.queryDate("as_of") {
                guard let profile = try refresher.profile(of: address, asOf: asOf) else { throw unknownWallet(address) }
                return .json(profile)
            }
            guard let profile = try profiles.find(address) else { throw unknownWallet(address) }
            return .json(profile)
        }
        router.post("/wallets/{address}/refresh", changesState: true) { request in
            let address = try PolymarketIdentifier.address(request.pathParameters["address"] ?? "")
            let result = try refresher.refresh([address])
            if !result.failed.isEmpty, try profiles.find(address) == nil {
                throw HTTPError(.badGateway, code: "upstream_error", message: "the Data API did not give the wallet's history; retry later")
            }
            guard let profile = try profiles.find(address) else { throw unknownWallet(address) }
            return .json(profile)
        }

        let scanner = SmartMoneyScanner(
            client: client, pool: pool, repository: ScannerRepository(pool: pool), profiles: profiles,
            histories: WalletHistoryRepository(pool: pool), refresher: refresher, clock: clock,
            settings: try SmartMoneyScanner.Settings(environment: environment, profileTTL: ttl), logger: context.logger)
        let candidates = ScannerRepository(pool: pool)

        router.post("/smart-money/scan", changesState: true) { _ in .json(try scanner.scan()) }

        router.get("/smart-money/top33") { request in
            .json(CandidateList(markets: try candidates.candidates(top12Only: false, withMaps: try request.queryBool("wallets") ?? false)))
        }

        router.get("/smart-money/top12") { request in
            .json(CandidateList(markets: try candidates.candidates(top12Only: true, withMaps: try request.queryBool("wallets") ?? false)))
        }

        router.get("/smart-money/markets/{condition_id}") { request in
            let id = try PolymarketIdentifier.conditionID(request.pathParameters["condition_id"] ?? "", field: "condition_id")
            guard let candidate = try candidates.candidate(id) else {
                throw HTTPError(.notFound, code: "not_found", message: "market \(id) is not in the Top 33")
            }
            return .json(candidate)
        }

        router.get("/smart-money/scans") { request in
            .json(["scans": try candidates.scans(limit: try request.queryInt("limit", default: 20, range: 1...500) ?? 20)])
        }

        let alertRepository = AlertRepository(pool: pool)
        let detection = AlertDetection(
            client: client, repository: alertRepository, profiles: profiles, detectors: try TradeDetectors(environment: environment),
            tradesPerMarket: try environment.int("ALERTS_TRADES_PER_MARKET", default: 1_000, range: 1...10_000), logger: context.logger)

        router.post("/alerts/detect", changesState: true) { request in
            .json(try detection.run(markets: try alertMarkets(request)))
        }

        router.get("/alerts") { request in
            let (limit, offset) = try request.paging(defaultLimit: 50, maxLimit: 1_000)
            let kind = request.query["type"]
            if let kind, TradeAlert.Kind(rawValue: kind) == nil {
                throw HTTPError.badRequest(
                    "query parameter 'type' must be one of \(TradeAlert.Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                    code: "invalid_parameter")
            }
            let wallet = try request.query["wallet"].map { try PolymarketIdentifier.address($0, field: "wallet") }
            let market = try request.query["market"].map { try PolymarketIdentifier.conditionID($0, field: "market") }
            let alerts = try alertRepository.list(
                kind: kind, market: market, wallet: wallet, since: try request.queryDate("since"), limit: limit, offset: offset)
            return .json(["alerts": alerts])
        }

        let scanInterval = try environment.double("SEER_SCAN_INTERVAL_S", default: 1_800, range: 0...604_800)
        let scanning =
            scanInterval > 0
            ? PeriodicTask(name: "smart-money-scan", interval: scanInterval) {
                do {
                    _ = try scanner.scan()
                    _ = try detection.run(markets: nil)
                } catch {
                    context.logger.error("smart-money scan failed", metadata: ["error": "\(error)"])
                }
            } : nil
        scanning?.start()
        let background = try BackgroundRefresh.make(
            environment: environment, refresher: refresher, profiles: profiles, client: client,
            ttl: ttl, logger: context.logger)
        background?.start()
        let fitDays = try environment.double("FIT_RETENTION_DAYS", default: 90, range: 1...36_500)
        let retentionTask = try RetentionTask.start(context: context) { "\(try profiles.pruneFits(olderThanDays: fitDays)) fits" }
        return ServiceRoutes(
            router: router,
            onStop: {
                background?.stop()
                scanning?.stop()
                retentionTask?.stop()
            })
    }

    static func unknownWallet(_ address: String) -> HTTPError {
        HTTPError(.notFound, code: "wallet_not_found", message: "wallet \(address) has no Polymarket activity")
    }

    /// An optional `{"markets":["0x…",…]}` (1 to 500 condition ids); an empty body watches the
    /// Top 33 and the markets portfolios hold.
    static func alertMarkets(_ request: HTTPRequest) throws -> [String]? {
        guard !request.body.isEmpty else { return nil }
        let fields = try JSONFields(request, allowed: ["markets"])
        guard let value = fields.values["markets"] else { return nil }
        guard case .array(let items) = value, (1...AlertDetection.maximumMarkets).contains(items.count) else {
            throw HTTPError(
                .badRequest, code: "invalid_field",
                message: "field 'markets' must be an array of 1 to \(AlertDetection.maximumMarkets) condition ids")
        }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item else {
                throw HTTPError(.badRequest, code: "invalid_field", message: "'markets[\(index)]' must be a string, not \(item.kindName)")
            }
            return try PolymarketIdentifier.conditionID(text, field: "markets[\(index)]")
        }
    }

    /// `{"addresses":["0x…",…]}`: 1 to `ProfileRefresher.maximumWallets` valid addresses.
    static func addresses(_ request: HTTPRequest) throws -> [String] {
        let fields = try JSONFields(request, allowed: ["addresses"])
        guard case .array(let items)? = fields.values["addresses"], (1...ProfileRefresher.maximumWallets).contains(items.count) else {
            throw HTTPError(
                .badRequest, code: "invalid_field",
                message: "field 'addresses' must be an array of 1 to \(ProfileRefresher.maximumWallets) addresses")
        }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item else {
                throw HTTPError(.badRequest, code: "invalid_field", message: "'addresses[\(index)]' must be a string, not \(item.kindName)")
            }
            return try PolymarketIdentifier.address(text, field: "addresses[\(index)]")
        }
    }

    struct CandidateList: Encodable {
        let markets: [SmartMoneyCandidate]
    }

    struct WalletList: Encodable {
        let wallets: [WalletProfileView]
        let total: Int
        let limit: Int
        let offset: Int
    }
}
