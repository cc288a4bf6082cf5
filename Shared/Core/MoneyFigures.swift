import Foundation

/// The one definition of a portfolio's headline figures. The leaderboard, the dashboard, the CLI,
/// replays, the risk limits and the drawdown breaker all compute them here (or, in SQL, from
/// `equitySQL`), so no two screens can disagree about what a portfolio is worth.
public enum MoneyFigures {
    /// Cash + cost basis of the open positions + their unrealised P&L: the open positions at
    /// their marks.
    public static func equity(cash: Decimal, invested: Decimal, unrealized: Decimal) -> Decimal {
        cash + invested + unrealized
    }

    /// Realised + unrealised P&L, net of the fees paid.
    public static func totalPnl(realized: Decimal, unrealized: Decimal, fees: Decimal) -> Decimal {
        realized + unrealized - fees
    }

    /// How far `equity` is below `peak`, as a fraction of the peak: 0 at or above the peak, and
    /// 0 when there is no positive peak to fall from.
    public static func drawdown(equity: Decimal, peak: Decimal) -> Decimal {
        guard peak > 0, equity < peak else { return 0 }
        return (peak - equity) / peak
    }

    /// The worst drawdown along an equity curve (oldest first): its fraction of the running peak
    /// (rounded to 6 decimals) and its dollars. The worst is the largest fraction; a curve that
    /// never falls has (0, 0).
    public static func maxDrawdown(_ curve: [Decimal]) -> (amount: Decimal, fraction: Decimal) {
        var peak = curve.first ?? 0
        var worst: (amount: Decimal, fraction: Decimal) = (0, 0)
        for value in curve {
            peak = max(peak, value)
            let fraction = drawdown(equity: value, peak: peak)
            if fraction > worst.fraction { worst = (peak - value, fraction) }
        }
        return (worst.amount, worst.fraction.rounded(scale: 6))
    }

    /// `equity` over a `portfolios` row aliased `alias`, for SQL that must agree with it.
    public static func equitySQL(_ alias: String) -> String {
        "(\(alias).current_balance + \(alias).total_invested + \(alias).unrealized_pnl)"
    }

    /// `totalPnl` over a `portfolios` row aliased `alias`.
    public static func totalPnlSQL(_ alias: String) -> String {
        "(\(alias).realized_pnl + \(alias).unrealized_pnl - \(alias).fees_paid)"
    }
}
