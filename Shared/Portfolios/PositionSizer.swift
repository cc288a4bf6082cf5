import Contracts
import Foundation
import Postgres
import PrescientCore

/// A portfolio's record on its resolved trades (closed positions: settled or sold out), as
/// returns on the dollars staked: a position that cost $40 and realised +$10 returned +0.25.
public struct ResolvedTradeStatistics: Sendable, Equatable, Encodable {
    public let resolved_trades: Int
    public let wins: Int
    public let losses: Int
    /// Mean return of the winning trades (positive).
    public let average_win: Decimal
    /// Mean loss of the losing trades, as a positive fraction of the stake.
    public let average_loss: Decimal

    public init(returns: [Decimal]) {
        let winning = returns.filter { $0 > 0 }
        let losing = returns.filter { $0 < 0 }
        resolved_trades = returns.count
        wins = winning.count
        losses = losing.count
        average_win = winning.isEmpty ? 0 : (winning.reduce(0, +) / Decimal(winning.count)).rounded(scale: 6)
        average_loss = losing.isEmpty ? 0 : (-losing.reduce(0, +) / Decimal(losing.count)).rounded(scale: 6)
    }

    public var winRate: Decimal { resolved_trades == 0 ? 0 : Decimal(wins) / Decimal(resolved_trades) }

    /// Each closed position's realised P&L over the dollars its buys cost.
    public static func load(portfolioID: PortfolioID, pool: PostgresPool) throws -> ResolvedTradeStatistics {
        let returns = try PortfolioRecordsRepository(pool: pool).closedPositions(portfolioID: portfolioID).compactMap { closed in
            closed.staked > 0 ? closed.realizedPnl / closed.staked : nil
        }
        return ResolvedTradeStatistics(returns: returns)
    }
}

/// Chooses the dollars of each buy: a fixed amount, a share of equity, or a fraction of the Kelly
/// stake from the portfolio's own resolved trades. Kelly for a bet that gains `average_win` or
/// loses `average_loss` per dollar: f* = W / average_loss − (1 − W) / average_win. Until
/// `kelly_min_trades` trades exist, or while there are no wins or no losses to estimate from, it
/// stakes 1% of equity; a negative edge stakes nothing. A percent or Kelly stake never exceeds
/// `max_single_position_pct` of equity (a fixed amount is what it is configured to be; the risk
/// limits judge it at execution).
public enum PositionSizer {
    /// The amount and how it was reached (shown in the strategy's answer).
    public static let fallbackPct = Decimal(string: "0.01")!

    public static func size(config: StrategyConfig, equity: Decimal, statistics: () throws -> ResolvedTradeStatistics) rethrows
        -> TradeSizing
    {
        let cap = max(0, equity * config.maxSinglePositionPct)
        func capped(_ amount: Decimal) -> Decimal { min(max(0, amount), cap).rounded(scale: 2, .down) }
        switch config.sizing {
        case .fixed:
            return TradeSizing(amount: config.perTradeAmount, method: "fixed", basis: "per_trade_amount \(config.perTradeAmount)")
        case .percentOfEquity:
            return TradeSizing(
                amount: capped(equity * config.sizingPct), method: "percent_of_equity",
                basis: "\(config.sizingPct) × equity \(equity.rounded(scale: 2))")
        case .kelly:
            let stats = try statistics()
            guard stats.resolved_trades >= config.kellyMinTrades else {
                return TradeSizing(
                    amount: capped(equity * fallbackPct), method: "kelly",
                    basis: "1% of equity: \(stats.resolved_trades) of \(config.kellyMinTrades) resolved trades needed for Kelly")
            }
            guard stats.average_win > 0, stats.average_loss > 0 else {
                return TradeSizing(
                    amount: capped(equity * fallbackPct), method: "kelly",
                    basis: "1% of equity: Kelly needs both wins and losses (\(stats.wins) won, \(stats.losses) lost)")
            }
            let win = stats.winRate
            let kelly = (win / stats.average_loss - (1 - win) / stats.average_win).rounded(scale: 6)
            let basis =
                "\(config.kellyFraction) × Kelly \(kelly) (win rate \(win.rounded(scale: 4)), avg win \(stats.average_win), "
                + "avg loss \(stats.average_loss), \(stats.resolved_trades) trades) × equity \(equity.rounded(scale: 2))"
            return TradeSizing(amount: capped(equity * config.kellyFraction * kelly), method: "kelly", basis: basis)
        }
    }

    /// The stake on a binary share bought at `price` that the buyer believes wins with
    /// `probability`: `kelly_fraction` of the Kelly fraction (p − price) ÷ (1 − price) of equity, at
    /// most `max_stake` and `max_single_position_pct` of equity, in cents rounded down; 0 without an edge.
    public static func binaryKellyStake(probability: Decimal, price: Decimal, equity: Decimal, config: StrategyConfig) -> Decimal {
        guard price > 0, price < 1, probability > price, equity > 0 else { return 0 }
        let kelly = (probability - price) / (1 - price)
        let cap = min(config.maxStake, equity * config.maxSinglePositionPct)
        return min(cap, equity * config.kellyFraction * kelly).rounded(scale: 2, .down)
    }
}
