import Foundation
import HTTPServer
import PrescientCore

/// The Data API's views across wallets, over the seeded population: a market's top holders
/// (`/holders`, at most 20 per token as published), its positions with each holder's P&L there
/// (`/v1/market-positions`, up to 500 per token) and the trader leaderboard (`/v1/leaderboard`).
extension Simulator {
    func registerMarketWallets(on router: inout Router) {
        router.get("/v1/market-positions") { [self] request in
            guard let condition = request.query["market"], !condition.isEmpty else {
                throw HTTPError.badRequest("market (a condition id) is required", code: "missing_parameter")
            }
            let status = request.query["status"]?.uppercased() ?? "ALL"
            guard ["OPEN", "CLOSED", "ALL"].contains(status) else { throw HTTPError.badRequest("status must be OPEN, CLOSED or ALL") }
            let (limit, offset) = try Self.walletPaging(request, defaultLimit: 50, maxLimit: 500, maxOffset: 10_000)
            guard let market = population.marketIndex[condition] else { return .json([DataAPIRows.MarketPositions]()) }
            return .json(
                (0...1).map { outcome in
                    let rows = marketHoldings(market, outcome: outcome).filter { wallet, holding in
                        let won = population.standing(holding) == .won
                        return status == "ALL" || (status == "CLOSED") == won
                    }.map { marketPositionRow($0.wallet, $0.holding) }.sorted { $0.totalPnl > $1.totalPnl }
                    return DataAPIRows.MarketPositions(
                        token: population.markets[market].tokens[outcome], positions: Array(rows.dropFirst(offset).prefix(limit)))
                })
        }
        router.get("/v1/leaderboard") { [self] request in
            let (limit, offset) = try Self.walletPaging(request, defaultLimit: 25, maxLimit: 50, maxOffset: 1_000)
            let orderBy = request.query["orderBy"]?.uppercased() ?? "PNL"
            guard orderBy == "PNL" || orderBy == "VOL" else { throw HTTPError.badRequest("orderBy must be PNL or VOL") }
            let ranked = leaderboard(orderBy: orderBy)
            if let user = request.query["user"]?.lowercased() {
                return .json(ranked.filter { $0.proxyWallet == user })
            }
            return .json(Array(ranked.dropFirst(offset).prefix(max(1, limit))))
        }
    }

    /// Every wallet holding the outcome of a population market, with its holding.
    func marketHoldings(_ market: Int, outcome: Int) -> [(wallet: Int, holding: WalletPopulation.Holding)] {
        let wallets = Set((population.fillsByMarket[market] ?? []).map { population.fills[$0].wallet }).sorted()
        return wallets.flatMap { wallet in
            population.holdings(of: wallet).filter { $0.market == market && $0.outcome == outcome }.map { (wallet, $0) }
        }
    }

    /// The top holders of each token of the population market `condition`, by shares (none when
    /// the population does not trade it).
    func populationHolders(of condition: String, limit: Int, minimum: Decimal) -> [DataAPIRows.TokenHolders]? {
        guard let market = population.marketIndex[condition] else { return nil }
        return (0...1).map { outcome in
            let holders = marketHoldings(market, outcome: outcome).filter {
                population.standing($0.holding) != .won && $0.holding.shares >= minimum
            }
            .sorted { $0.holding.shares > $1.holding.shares }.prefix(limit).map { wallet, holding in
                let name = population.wallets[wallet].name
                return DataAPIRows.Holder(
                    proxyWallet: population.wallets[wallet].address, bio: "", asset: population.markets[market].tokens[outcome],
                    pseudonym: name, amount: holding.shares, displayUsernamePublic: true, outcomeIndex: outcome, name: name,
                    profileImage: "", profileImageOptimized: "", verified: false)
            }
            return DataAPIRows.TokenHolders(token: population.markets[market].tokens[outcome], holders: Array(holders))
        }
    }

    func marketPositionRow(_ wallet: Int, _ holding: WalletPopulation.Holding) -> DataAPIRows.MarketPosition {
        let market = population.markets[holding.market]
        let won = population.standing(holding) == .won
        let price = currentPrice(holding)
        let value = won ? 0 : (holding.shares * price).rounded(scale: 4)
        let realized = won ? holding.shares - holding.cost : 0
        let cash = won ? 0 : value - holding.cost
        return DataAPIRows.MarketPosition(
            proxyWallet: population.wallets[wallet].address, name: population.wallets[wallet].name, profileImage: "", verified: false,
            asset: market.tokens[holding.outcome], conditionId: market.conditionID, avgPrice: holding.averagePrice,
            size: won ? 0 : holding.shares, currPrice: price, currentValue: value, cashPnl: cash, totalBought: holding.bought,
            realizedPnl: realized, totalPnl: realized + cash, outcome: market.outcomes[holding.outcome], outcomeIndex: holding.outcome)
    }

    /// Every wallet that traded, ranked by P&L (realised on won holdings, the cost of lost ones,
    /// open ones at their mark) or by volume (dollars of fills), best first.
    func leaderboard(orderBy: String) -> [DataAPIRows.LeaderboardRow] {
        let scored = population.wallets.indices.compactMap { wallet -> (Int, Decimal, Decimal)? in
            let fills = population.fillsByWallet[wallet] ?? []
            guard !fills.isEmpty else { return nil }
            let volume = fills.reduce(Decimal(0)) { $0 + population.fills[$1].size * population.fills[$1].price }
            let pnl = population.holdings(of: wallet).reduce(Decimal(0)) { total, holding in
                total + marketPositionRow(wallet, holding).totalPnl
            }
            return (wallet, pnl, volume)
        }
        let sorted = scored.sorted { orderBy == "VOL" ? $0.2 > $1.2 : $0.1 > $1.1 }
        return sorted.enumerated().map { rank, entry in
            DataAPIRows.LeaderboardRow(
                rank: String(rank + 1), proxyWallet: population.wallets[entry.0].address, userName: population.wallets[entry.0].name,
                xUsername: "", verifiedBadge: false, vol: entry.2.rounded(scale: 6), pnl: entry.1.rounded(scale: 6), profileImage: "")
        }
    }
}
