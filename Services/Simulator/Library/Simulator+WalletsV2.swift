import Foundation
import HTTPServer
import PrescientCore

/// The wallet routes' v2 forms over the seeded population: `/v2/positions` (`user` or
/// `condition`, `status` OPEN/CLOSED/REDEEMABLE), `/v2/activity`, `/v2/value`, `/v2/leaderboard`
/// (`user=` for one wallet's ranks), snake_case, `{data, pagination}`, cursor-only.
extension Simulator {
    func registerWalletsV2(on router: inout Router) {
        router.get("/v2/positions") { [self] request in
            let (offset, limit) = try Self.v2Paging(request, defaultLimit: 100, maxLimit: 500)
            let status = request.query["status"]?.uppercased()
            guard status == nil || ["OPEN", "CLOSED", "REDEEMABLE"].contains(status!) else {
                throw HTTPError.badRequest("status must be OPEN, CLOSED or REDEEMABLE", code: "invalid_parameter")
            }
            var held: [(Int, WalletPopulation.Holding)] = []
            if request.query["user"] != nil {
                let wallet = try populationWallet(request)
                held = population.holdings(of: wallet).map { (wallet, $0) }
            } else if let condition = request.query["condition"], let market = population.marketIndex[condition] {
                held = (0...1).flatMap { marketHoldings(market, outcome: $0).map { ($0.wallet, $0.holding) } }
            } else if request.query["condition"] == nil {
                throw HTTPError.badRequest("user or condition is required", code: "missing_parameter")
            }
            let all: [DataAPIRows.PositionV2] = held.map { positionV2($0.0, $0.1) }
            let rows = all.filter { status == nil || $0.status == status }.sorted(by: Self.byValueThenToken)
            return .json(Self.v2Page(Array(rows.dropFirst(offset).prefix(limit)), offset: offset, total: rows.count, limit: limit))
        }
        router.get("/v2/activity") { [self] request in
            let wallet = try populationWallet(request)
            let (offset, limit) = try Self.v2Paging(request, defaultLimit: 100, maxLimit: 500)
            let rows = try activityRows(wallet).map { try Self.v2Row(Array(try JSONEncoder().encode($0))) }
            return .json(Self.v2Page(Array(rows.dropFirst(offset).prefix(limit)), offset: offset, total: rows.count, limit: limit))
        }
        router.get("/v2/value") { [self] request in
            let wallet = try populationWallet(request)
            return .json(["data": DataAPIRows.ValueV2(proxy_wallet: request.query["user"]!.lowercased(), value: openValue(wallet))])
        }
        router.get("/v2/leaderboard") { [self] request in
            let byPnl = leaderboard(orderBy: "PNL")
            if let user = request.query["user"]?.lowercased() {
                guard let row = byPnl.first(where: { $0.proxyWallet == user }) else { throw HTTPError.notFound("user not found") }
                let volumeRank = (leaderboard(orderBy: "VOL").firstIndex { $0.proxyWallet == user } ?? 0) + 1
                return .json([
                    "data": DataAPIRows.LeaderboardUserV2(
                        user_id: user, pnl: row.pnl, volume: row.vol, rank_pnl: Int(row.rank) ?? 0, rank_volume: volumeRank,
                        user_name: row.userName, profile_image: "", x_username: "", verified: false)
                ])
            }
            let sortBy = request.query["sort_by"]?.uppercased() ?? "PNL"
            guard sortBy == "PNL" || sortBy == "VOLUME" else {
                throw HTTPError.badRequest("sort_by must be PNL or VOLUME", code: "invalid_parameter")
            }
            let (offset, limit) = try Self.v2Paging(request, defaultLimit: 25, maxLimit: 50)
            let rows = leaderboard(orderBy: sortBy == "PNL" ? "PNL" : "VOL").map {
                DataAPIRows.LeaderboardRowV2(
                    rank: Int($0.rank) ?? 0, user_id: $0.proxyWallet, pnl: $0.pnl, volume: $0.vol, user_name: $0.userName,
                    profile_image: "",
                    x_username: "", verified: false)
            }
            return .json(Self.v2Page(Array(rows.dropFirst(offset).prefix(limit)), offset: offset, total: rows.count, limit: limit))
        }
    }

    /// Largest current value first; ties by token, so pages are stable.
    static func byValueThenToken(_ a: DataAPIRows.PositionV2, _ b: DataAPIRows.PositionV2) -> Bool {
        a.current_value != b.current_value ? a.current_value > b.current_value : a.token_id < b.token_id
    }

    func positionV2(_ wallet: Int, _ holding: WalletPopulation.Holding) -> DataAPIRows.PositionV2 {
        let v1 = marketPositionRow(wallet, holding)
        let market = population.markets[holding.market]
        let standing = population.standing(holding)
        let status = standing == .won ? "CLOSED" : standing == .lost ? "REDEEMABLE" : "OPEN"
        return DataAPIRows.PositionV2(
            proxy_wallet: v1.proxyWallet, token_id: v1.asset, condition_id: v1.conditionId, current_size: v1.size, avg_price: v1.avgPrice,
            entry_cost_usdc: holding.cost, entry_fees_usdc: 0, total_cost_usdc: holding.cost, current_price: v1.currPrice,
            current_value: v1.currentValue, total_size: v1.totalBought, realized_pnl: v1.realizedPnl, unrealized_pnl: v1.cashPnl,
            total_pnl: v1.totalPnl, percent_pnl: holding.cost > 0 ? (v1.totalPnl / holding.cost * 100).rounded(scale: 4) : 0,
            percent_realized_pnl: holding.cost > 0 ? (v1.realizedPnl / holding.cost * 100).rounded(scale: 4) : 0, status: status,
            redeemable: standing == .lost, mergeable: false, negative_risk: false, archived: false, title: market.title, slug: market.slug,
            icon: "", event_id: "", event_slug: market.eventSlug, outcome: v1.outcome, outcome_index: v1.outcomeIndex,
            opposite_outcome: market.outcomes[1 - holding.outcome], opposite_token_id: market.tokens[1 - holding.outcome],
            end_date: market.endDate, last_event_at: holding.lastTime, first_entry_at: holding.firstTime, name: v1.name, profile_image: "",
            verified: false)
    }
}
