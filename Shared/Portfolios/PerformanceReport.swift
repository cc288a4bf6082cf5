import Contracts
import Foundation
import Postgres
import PrescientCore

/// A portfolio's performance: the equity curve (one point per `portfolio_history` snapshot, then
/// the equity now), P&L, fees, its resolved trades (closed positions: settled or sold out), max
/// drawdown on the curve, and the daily Sharpe ratio.
///
/// Money is exact (`Decimal`). The Sharpe ratio is a statistic, not money, and is computed in
/// floating point: the mean over the sample standard deviation of daily returns (from the last
/// equity of each UTC day), × √365 because prediction markets trade every day; nil with fewer
/// than two daily returns or no variation.
public struct PerformanceReport: Encodable, Sendable {
    public struct Point: Encodable, Sendable {
        public let at: Date
        public let equity: Decimal
        public let cycle_id: String?
    }

    public let portfolio_id: PortfolioID
    public let name: String
    public let strategy_type: String
    public let status: String
    public let initial_balance: Decimal
    public let equity: Decimal
    /// (equity − initial) / initial.
    public let return_pct: Decimal
    public let realized_pnl: Decimal
    public let unrealized_pnl: Decimal
    public let fees_paid: Decimal
    /// Realised + unrealised − fees.
    public let total_pnl: Decimal
    public let trades: Int
    public let buys: Int
    public let sells: Int
    public let resolved_trades: Int
    public let wins: Int
    public let losses: Int
    public let win_rate: Decimal?
    /// Mean realised P&L of the winning and of the losing resolved trades, in dollars.
    public let average_win: Decimal?
    public let average_loss: Decimal?
    /// The largest peak-to-trough fall of the equity curve, in dollars and as a fraction of the peak.
    public let max_drawdown: Decimal
    public let max_drawdown_pct: Decimal
    public let sharpe_daily: Double?
    public let days: Int
    public let equity_curve: [Point]?

    /// The report of `portfolio`, with or without the whole curve.
    public static func load(_ portfolio: Portfolio, pool: PostgresPool, withCurve: Bool, now: Date = Date()) throws -> PerformanceReport {
        let records = PortfolioRecordsRepository(pool: pool)
        let history = try records.equityHistory(portfolioID: portfolio.id)
        let curve =
            [Point(at: portfolio.createdAt, equity: portfolio.initialBalance, cycle_id: nil)] + history
            + [Point(at: now, equity: portfolio.equity, cycle_id: nil)]
        let counts = try records.tradeCounts(portfolioID: portfolio.id)
        let closed = try records.closedPositions(portfolioID: portfolio.id).map(\.realizedPnl)
        let wins = closed.filter { $0 > 0 }
        let losses = closed.filter { $0 < 0 }
        let drawdown = MoneyFigures.maxDrawdown(curve.map(\.equity))
        let daily = dailyEquity(curve)
        return PerformanceReport(
            portfolio_id: portfolio.id, name: portfolio.name, strategy_type: portfolio.strategyType.rawValue,
            status: portfolio.status.rawValue, initial_balance: portfolio.initialBalance, equity: portfolio.equity,
            return_pct: ((portfolio.equity - portfolio.initialBalance) / portfolio.initialBalance).rounded(scale: 6),
            realized_pnl: portfolio.realizedPnl, unrealized_pnl: portfolio.unrealizedPnl, fees_paid: portfolio.feesPaid,
            total_pnl: portfolio.totalPnl, trades: counts.trades, buys: counts.buys, sells: counts.sells, resolved_trades: closed.count,
            wins: wins.count, losses: losses.count,
            win_rate: closed.isEmpty ? nil : (Decimal(wins.count) / Decimal(closed.count)).rounded(scale: 4),
            average_win: wins.isEmpty ? nil : (wins.reduce(0, +) / Decimal(wins.count)).rounded(scale: 6),
            average_loss: losses.isEmpty ? nil : (losses.reduce(0, +) / Decimal(losses.count)).rounded(scale: 6),
            max_drawdown: drawdown.amount, max_drawdown_pct: drawdown.fraction, sharpe_daily: sharpe(daily),
            days: daily.count, equity_curve: withCurve ? curve : nil)
    }

    /// The last equity of each UTC day, oldest first.
    static func dailyEquity(_ curve: [Point]) -> [Decimal] { dailyCloses(curve).map(\.equity) }

    /// Each UTC day (its start) with its last equity, oldest first.
    public static func dailyCloses(_ curve: [Point]) -> [(day: Date, equity: Decimal)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var days: [(day: Date, equity: Decimal)] = []
        for point in curve.sorted(by: { $0.at < $1.at }) {
            let day = calendar.startOfDay(for: point.at)
            if let last = days.last, last.day == day {
                days[days.count - 1].equity = point.equity
            } else {
                days.append((day, point.equity))
            }
        }
        return days
    }

    /// The return of each UTC day from the day before's close (keyed by the day).
    public static func dailyReturns(_ curve: [Point]) -> [Date: Double] {
        let closes = dailyCloses(curve)
        var returns: [Date: Double] = [:]
        for (previous, next) in zip(closes, closes.dropFirst()) where previous.equity > 0 {
            returns[next.day] = NSDecimalNumber(decimal: (next.equity - previous.equity) / previous.equity).doubleValue
        }
        return returns
    }

    /// Mean daily return over its sample standard deviation, annualised by √365.
    public static func sharpe(_ dailyEquity: [Decimal]) -> Double? {
        let values = dailyEquity.map { NSDecimalNumber(decimal: $0).doubleValue }
        let returns = zip(values, values.dropFirst()).compactMap { previous, next in previous > 0 ? next / previous - 1 : nil }
        guard returns.count >= 2 else { return nil }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        guard variance > 0 else { return nil }
        return ((mean / variance.squareRoot()) * 365.0.squareRoot() * 10_000).rounded() / 10_000
    }
}
