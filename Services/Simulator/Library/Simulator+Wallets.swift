import Foundation
import HTTPServer
import PrescientCore

/// The Data API's wallet routes (v1) over the seeded wallet population: `/positions`,
/// `/closed-positions` (also `/v1/closed-positions`), `/activity`, `/value`, `/traded`, the
/// population's fills in `/trades?user=`, and `/sim/wallets/truth` (the simulator's own: each
/// wallet's archetype and true edge, for tests to measure detection against).
extension Simulator {
    func registerWallets(on router: inout Router) {
        router.get("/positions") { [self] request in
            let wallet = try populationWallet(request)
            let threshold = try request.queryDecimal("sizeThreshold") ?? 1
            let (limit, offset) = try Self.walletPaging(request, defaultLimit: 100, maxLimit: 500, maxOffset: 10_000)
            let rows = population.holdings(of: wallet).filter { population.standing($0) != .won && $0.shares >= threshold }
                .map { positionRow(wallet, $0) }.sorted { $0.currentValue > $1.currentValue }
            return .json(Array(rows.dropFirst(offset).prefix(limit)))
        }
        let closed: Router.Handler = { [self] request in
            let wallet = try populationWallet(request)
            let (limit, offset) = try Self.walletPaging(request, defaultLimit: 10, maxLimit: 50, maxOffset: 100_000)
            let rows = population.holdings(of: wallet).filter { population.standing($0) == .won }.map { closedRow(wallet, $0) }
                .sorted { $0.realizedPnl > $1.realizedPnl }
            return .json(Array(rows.dropFirst(offset).prefix(limit)))
        }
        router.get("/closed-positions", closed)
        router.get("/v1/closed-positions", closed)
        router.get("/activity") { [self] request in
            let wallet = try populationWallet(request)
            let (limit, offset) = try Self.walletPaging(request, defaultLimit: 100, maxLimit: 500, maxOffset: 3_000)
            let start = try request.queryInt("start").map(Int64.init)
            let end = try request.queryInt("end").map(Int64.init)
            let types = request.query["type"].map { Set($0.split(separator: ",").map { $0.uppercased() }) }
            let rows = activityRows(wallet).filter { row in
                (start == nil || row.timestamp >= start!) && (end == nil || row.timestamp <= end!) && (types?.contains(row.type) ?? true)
            }
            return .json(Array(rows.dropFirst(offset).prefix(limit)))
        }
        router.get("/value") { [self] request in
            let wallet = try populationWallet(request)
            return .json([WalletValueRow(user: request.query["user"]!.lowercased(), value: openValue(wallet))])
        }
        router.get("/traded") { [self] request in
            let wallet = try populationWallet(request)
            let markets = Set((population.fillsByWallet[wallet] ?? []).map { population.fills[$0].market }).count
            return .json(TradedRow(user: request.query["user"]!.lowercased(), traded: markets))
        }
    }

    func registerWalletTruth(on router: inout Router) {
        router.get("/sim/wallets/truth") { [self] _ in .json(population.revealed()) }
    }

    struct WalletValueRow: Encodable {
        let user: String
        let value: Decimal
    }

    struct TradedRow: Encodable {
        let user: String
        let traded: Int
    }

    /// The `user` parameter as a population wallet: 400 when missing or not an address; -1 (a
    /// wallet with nothing, as Polymarket answers an unknown one) when no simulated wallet has it.
    func populationWallet(_ request: HTTPRequest) throws -> Int {
        guard let user = request.query["user"]?.lowercased(), !user.isEmpty else {
            throw HTTPError.badRequest("user (a 0x address) is required", code: "missing_parameter")
        }
        guard user.count == 42, user.hasPrefix("0x"), user.dropFirst(2).allSatisfy(\.isHexDigit) else {
            throw HTTPError.badRequest("user must be a 0x-prefixed 40-hex-digit address", code: "invalid_parameter")
        }
        return population.walletIndex[user] ?? -1
    }

    /// `limit` and `offset` within the published caps; past the offset cap the Data API answers 400.
    static func walletPaging(_ request: HTTPRequest, defaultLimit: Int, maxLimit: Int, maxOffset: Int) throws -> (Int, Int) {
        let limit = try request.queryInt("limit", default: defaultLimit, range: 0...maxLimit) ?? defaultLimit
        guard let offset = try request.queryInt("offset", default: 0, range: 0...Int.max), offset <= maxOffset else {
            throw HTTPError.badRequest("max historical activity offset of \(maxOffset) exceeded", code: "invalid_parameter")
        }
        return (limit, offset)
    }

    /// The dollars the wallet's open and redeemable positions are worth at their marks.
    func openValue(_ wallet: Int) -> Decimal {
        population.holdings(of: wallet).filter { population.standing($0) != .won }.map { positionRow(wallet, $0).currentValue }
            .reduce(0, +)
    }

    /// A holding's current price: the book's midpoint for an open market, 0 once it lost.
    func currentPrice(_ holding: WalletPopulation.Holding) -> Decimal {
        switch population.standing(holding) {
        case .won: return 1
        case .lost: return 0
        case .open:
            let market = population.markets[holding.market]
            return (try? currentMidpoint(token: market.tokens[holding.outcome])).flatMap { $0 } ?? 0
        }
    }

    func positionRow(_ wallet: Int, _ holding: WalletPopulation.Holding) -> DataAPIRows.Position {
        let market = population.markets[holding.market]
        let price = currentPrice(holding)
        let value = (holding.shares * price).rounded(scale: 4)
        let cashPnl = value - holding.cost
        return DataAPIRows.Position(
            proxyWallet: population.wallets[wallet].address, asset: market.tokens[holding.outcome], conditionId: market.conditionID,
            size: holding.shares, avgPrice: holding.averagePrice, initialValue: holding.cost, currentValue: value, cashPnl: cashPnl,
            percentPnl: holding.cost > 0 ? (cashPnl / holding.cost * 100).rounded(scale: 4) : 0, totalBought: holding.bought,
            realizedPnl: 0, percentRealizedPnl: population.standing(holding) == .lost ? -100 : 0, curPrice: price,
            redeemable: population.standing(holding) == .lost, mergeable: false, title: market.title, slug: market.slug, icon: "",
            eventId: "", eventSlug: market.eventSlug, outcome: market.outcomes[holding.outcome], outcomeIndex: holding.outcome,
            oppositeOutcome: market.outcomes[1 - holding.outcome], oppositeAsset: market.tokens[1 - holding.outcome],
            endDate: market.endDate, negativeRisk: false)
    }

    func closedRow(_ wallet: Int, _ holding: WalletPopulation.Holding) -> DataAPIRows.ClosedPosition {
        let market = population.markets[holding.market]
        return DataAPIRows.ClosedPosition(
            proxyWallet: population.wallets[wallet].address, asset: market.tokens[holding.outcome], conditionId: market.conditionID,
            avgPrice: holding.averagePrice, totalBought: holding.bought, realizedPnl: holding.shares - holding.cost, curPrice: 1,
            title: market.title, slug: market.slug, icon: "", eventSlug: market.eventSlug, outcome: market.outcomes[holding.outcome],
            outcomeIndex: holding.outcome, oppositeOutcome: market.outcomes[1 - holding.outcome],
            oppositeAsset: market.tokens[1 - holding.outcome], endDate: market.endDate, timestamp: market.closesAt)
    }

    /// The wallet's activity, newest first: its fills older than the Data API's lag, the redemption of each won holding, and
    /// its reward and rebate income.
    func activityRows(_ wallet: Int) -> [DataAPIRows.Activity] {
        guard wallet >= 0 else { return [] }
        let address = population.wallets[wallet].address
        let name = population.wallets[wallet].name
        func row(
            _ type: String, _ time: Int64, market: PopulationMarket?, outcome: Int?, side: String, size: Decimal, usdc: Decimal,
            price: Decimal, salt: Int
        )
            -> DataAPIRows.Activity
        {
            DataAPIRows.Activity(
                proxyWallet: address, timestamp: time, conditionId: market?.conditionID ?? "", type: type, size: size, usdcSize: usdc,
                transactionHash: Self.transactionHash(wallet, salt), price: price, asset: outcome.map { market!.tokens[$0] } ?? "",
                side: side, outcomeIndex: outcome ?? 999, title: market?.title ?? "", slug: market?.slug ?? "", icon: "",
                eventSlug: market?.eventSlug ?? "", outcome: outcome.map { market!.outcomes[$0] } ?? "", name: name, pseudonym: name,
                bio: "",
                profileImage: "", profileImageOptimized: "")
        }
        var rows: [DataAPIRows.Activity] = []
        let visible = dataVisibleThrough
        for index in population.fillsByWallet[wallet] ?? [] where population.fills[index].timestamp <= visible {
            let fill = population.fills[index]
            rows.append(
                row(
                    "TRADE", fill.timestamp, market: population.markets[fill.market], outcome: fill.outcome, side: fill.side,
                    size: fill.size,
                    usdc: (fill.size * fill.price).rounded(scale: 6), price: fill.price, salt: index))
        }
        for (offset, holding) in population.holdings(of: wallet).enumerated() where population.standing(holding) == .won {
            let market = population.markets[holding.market]
            // As recorded: a redemption names the market but no token, side or outcome.
            rows.append(
                row(
                    "REDEEM", market.closesAt + 3_600, market: market, outcome: nil, side: "", size: holding.shares, usdc: holding.shares,
                    price: 0, salt: -1 - offset))
        }
        for offset in population.incomeByWallet[wallet] ?? [] {
            let income = population.income[offset]
            rows.append(
                row(
                    income.type, income.timestamp, market: nil, outcome: nil, side: "", size: income.amount, usdc: income.amount, price: 0,
                    salt: 1_000_000 + offset))
        }
        return rows.sorted { $0.timestamp > $1.timestamp }
    }

    /// The population's fills in one market, or of one wallet, as `/trades` rows, newest first,
    /// once older than the Data API's lag.
    func populationTrades(wallet: Int?, conditionID: String?) -> [DataAPIRows.Trade] {
        let indexes: [Int]
        if let wallet {
            indexes = wallet >= 0 ? population.fillsByWallet[wallet] ?? [] : []
        } else if let conditionID, let market = population.markets.firstIndex(where: { $0.conditionID == conditionID }) {
            indexes = population.fillsByMarket[market] ?? []
        } else {
            indexes = []
        }
        let visible = dataVisibleThrough
        return indexes.filter { population.fills[$0].timestamp <= visible }.map { index in
            let fill = population.fills[index]
            let market = population.markets[fill.market]
            let wallet = population.wallets[fill.wallet]
            return DataAPIRows.Trade(
                proxyWallet: wallet.address, side: fill.side, asset: market.tokens[fill.outcome], conditionId: market.conditionID,
                size: fill.size, price: fill.price, timestamp: fill.timestamp, title: market.title, slug: market.slug, icon: "",
                eventSlug: market.eventSlug, outcome: market.outcomes[fill.outcome], outcomeIndex: fill.outcome, name: wallet.name,
                pseudonym: wallet.name, bio: "", profileImage: "", profileImageOptimized: "",
                transactionHash: Self.transactionHash(fill.wallet, index))
        }.sorted { $0.timestamp > $1.timestamp }
    }

    static func transactionHash(_ wallet: Int, _ salt: Int) -> String {
        let a = PriceWalk.mix(UInt64(bitPattern: Int64(wallet)) &* 31 &+ UInt64(bitPattern: Int64(salt)))
        return "0x" + String(format: "%016llx%016llx%016llx%016llx", a, PriceWalk.mix(a), PriceWalk.mix(a ^ 1), PriceWalk.mix(a ^ 2))
    }
}
