import Foundation
import HTTPServer
import PrescientCore

/// v2's wallet statistics over the population: `/v2/user-stats` (the all-time P&L split that
/// tells a trader from a liquidity provider), `/v2/user-pnl` (that split at daily or hourly
/// points) and `/v2/biggest-winners`.
extension Simulator {
    func registerWalletStats(on router: inout Router) {
        router.get("/v2/user-stats") { [self] request in
            let wallet = try populationWallet(request)
            let fills = wallet >= 0 ? population.fillsByWallet[wallet] ?? [] : []
            let wins = population.holdings(of: wallet).filter { population.standing($0) == .won }.map { $0.shares - $0.cost }
            return .json([
                "data": DataAPIRows.UserStats(
                    proxy_wallet: request.query["user"]!.lowercased(), trades: fills.count, biggest_win: wins.max() ?? 0, views: 0,
                    join_date: fills.map { population.fills[$0].timestamp }.min() ?? 0, all_time_pnl: breakdown(wallet, asOf: Int64.max))
            ])
        }
        router.get("/v2/user-pnl") { [self] request in
            let wallet = try populationWallet(request)
            let spans: [String: Int64] = ["1d": 86_400, "1w": 604_800, "1m": 2_592_000, "all": 31_536_000]
            let steps: [String: Int64] = ["1h": 3_600, "1d": 86_400]
            let interval = request.query["interval"] ?? "1w"
            let fidelity = request.query["fidelity"] ?? "1d"
            guard let span = spans[interval], let step = steps[fidelity] else {
                throw HTTPError.badRequest("interval must be 1d, 1w, 1m or all and fidelity 1h or 1d", code: "invalid_parameter")
            }
            let now = epoch + state.elapsedSeconds
            var points: [DataAPIRows.PnLBreakdown] = []
            var time: Int64 = now - span + step
            while time <= now {
                points.append(breakdown(wallet, asOf: time))
                time += step
            }
            return .json([
                "data": DataAPIRows.UserPnL(
                    proxy_wallet: request.query["user"]!.lowercased(), interval: interval, fidelity: fidelity, source_fidelity: fidelity,
                    points: points)
            ])
        }
        router.get("/v2/biggest-winners") { [self] request in
            let (offset, limit) = try Self.v2Paging(request, defaultLimit: 25, maxLimit: 100)
            var wins: [(wallet: Int, holding: WalletPopulation.Holding)] = []
            for wallet in population.wallets.indices {
                for holding in population.holdings(of: wallet) where population.standing(holding) == .won { wins.append((wallet, holding)) }
            }
            wins.sort { ($0.holding.shares - $0.holding.cost) > ($1.holding.shares - $1.holding.cost) }
            let rows = wins.enumerated().map { rank, win in
                let market = population.markets[win.holding.market]
                return DataAPIRows.BiggestWin(
                    win_rank: rank + 1, kind: "market", user_id: population.wallets[win.wallet].address,
                    pnl: win.holding.shares - win.holding.cost, initial_value: win.holding.cost, final_value: win.holding.shares,
                    resolved_at: market.closesAt, condition_id: market.conditionID, position_id: market.tokens[win.holding.outcome],
                    event_id: 0,
                    event_slug: market.eventSlug, event_title: market.title, user_name: population.wallets[win.wallet].name,
                    profile_image: "")
            }
            return .json(Self.v2Page(Array(rows.dropFirst(offset).prefix(limit)), offset: offset, total: rows.count, limit: limit))
        }
    }

    /// The wallet's P&L split as of `time`: settled holdings' P&L as market P&L (a liquidity
    /// provider's or market maker's as LP P&L), reward and rebate income received by then, open
    /// holdings at their mark.
    func breakdown(_ wallet: Int, asOf time: Int64) -> DataAPIRows.PnLBreakdown {
        var settled: Decimal = 0
        var unrealized: Decimal = 0
        var volume: Decimal = 0
        var volumeUSDC: Decimal = 0
        var trades = 0
        guard wallet >= 0 else {
            return Self.pnl(time, settled: 0, lp: false, unrealized: 0, rewards: 0, rebates: 0, volume: 0, usdc: 0, trades: 0)
        }
        for index in population.fillsByWallet[wallet] ?? [] where population.fills[index].timestamp <= time {
            let fill = population.fills[index]
            volume += fill.size
            volumeUSDC += fill.size * fill.price
            trades += 1
        }
        for holding in population.holdings(of: wallet) where holding.firstTime <= time {
            let market = population.markets[holding.market]
            switch population.standing(holding) {
            case .won where market.closesAt <= time: settled += holding.shares - holding.cost
            case .lost where market.closesAt <= time: settled -= holding.cost
            default: unrealized += marketPositionRow(wallet, holding).cashPnl
            }
        }
        let income = (population.incomeByWallet[wallet] ?? []).map { population.income[$0] }.filter { $0.timestamp <= time }
        let rewards = income.filter { $0.type == "REWARD" }.reduce(Decimal(0)) { $0 + $1.amount }
        let rebates = income.filter { $0.type == "MAKER_REBATE" }.reduce(Decimal(0)) { $0 + $1.amount }
        let archetype = population.wallets[wallet].archetype
        return Self.pnl(
            time == Int64.max ? epoch + state.elapsedSeconds : time, settled: settled,
            lp: archetype == .liquidityProvider || archetype == .marketMaker, unrealized: unrealized, rewards: rewards, rebates: rebates,
            volume: volume, usdc: volumeUSDC.rounded(scale: 6), trades: trades)
    }

    static func pnl(
        _ time: Int64, settled: Decimal, lp: Bool, unrealized: Decimal, rewards: Decimal, rebates: Decimal, volume: Decimal, usdc: Decimal,
        trades: Int
    ) -> DataAPIRows.PnLBreakdown {
        let income = rewards + rebates
        return DataAPIRows.PnLBreakdown(
            timestamp: time, source_block: 0, realized_market_pnl: lp ? 0 : settled, realized_lp_pnl: lp ? settled : 0,
            realized_combo_pnl: 0,
            unrealized_pnl: unrealized, fees_refunded: 0, maker_rebate: rebates, taker_rebate: 0, reward_income: rewards, yield_income: 0,
            referral_income: 0, deposits: nil, withdrawals: nil, realized_pnl: settled, wallet_income: income,
            position_pnl: settled + unrealized, settled_pnl: settled, economic_pnl: settled + unrealized + income, trade_pnl: settled,
            sponsored_income: rewards, fees: 0, fees_paid: 0, cashflow_net: nil, volume: volume, volume_usdc: usdc, trade_count: trades)
    }
}
