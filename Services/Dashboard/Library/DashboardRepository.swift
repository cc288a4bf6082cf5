import Contracts
import Foundation
import Portfolios
import Postgres
import PrescientCore
import Verdicts

/// The dashboard's reads: portfolios with their equity history, positions, the trade log with
/// its filters, cycles with their steps, reconciliation (`Reconciliation`, the same check as the
/// API's), live signals, the smart-money Top 12 and alerts, and a market's captured prices.
/// Read-only; owns that SQL.
struct DashboardRepository: DashboardData {
    let pool: PostgresPool

    /// A portfolio (its money as `Portfolio` defines it) with its trade count, open positions and
    /// equity history.
    struct PortfolioRow: Sendable {
        let portfolio: Portfolio
        let trades, openPositions: Int
        /// The equity history for the chart: (seconds since 1970, equity).
        var curve: [(Double, Double)] { history.map { ($0.0, NSDecimalNumber(decimal: $0.1).doubleValue) } }
        /// The equity history, exact.
        var history: [(Double, Decimal)]
        var id: PortfolioID { portfolio.id }
        var name: String { portfolio.name }
        var strategy: String { portfolio.strategyType.rawValue }
        var status: String { portfolio.status.rawValue }
        var initial: Decimal { portfolio.initialBalance }
        var cash: Decimal { portfolio.currentBalance }
        var equity: Decimal { portfolio.equity }
        var totalPnl: Decimal { portfolio.totalPnl }
        /// The largest fall from a peak of the equity curve (from the initial balance to now), as
        /// a fraction, as `MoneyFigures` defines it.
        var maxDrawdown: Double {
            NSDecimalNumber(decimal: MoneyFigures.maxDrawdown([initial] + history.map(\.1) + [equity]).fraction).doubleValue
        }
    }

    func portfolios() throws -> [PortfolioRow] {
        let portfolios = try PortfolioRepository(pool: pool).list().filter { $0.status != .archived }
        let ids = portfolios.map(\.id)
        var counts: [PortfolioID: (trades: Int, open: Int)] = [:]
        for row in try pool.execute(
            """
            SELECT p.id, (SELECT count(*) FROM trades t WHERE t.portfolio_id = p.id) AS trades,
                   (SELECT count(*) FROM portfolio_positions x WHERE x.portfolio_id = p.id AND x.status = 'open') AS open_positions
            FROM portfolios p WHERE p.id = ANY(\(ids)::bigint[])
            """
        ).rows {
            counts[try row.decode("id")] = (try row.decode("trades"), try row.decode("open_positions"))
        }
        let curves = try pool.execute(
            """
            SELECT portfolio_id, extract(epoch FROM captured_at)::float8 AS t, balance + positions_value AS equity
            FROM portfolio_history WHERE portfolio_id = ANY(\(ids)::bigint[]) ORDER BY portfolio_id, captured_at
            """
        ).rows
        var byPortfolio: [PortfolioID: [(Double, Decimal)]] = [:]
        for row in curves {
            byPortfolio[try row.decode("portfolio_id"), default: []].append((try row.decode("t"), try row.decode("equity")))
        }
        return portfolios.map { portfolio in
            PortfolioRow(
                portfolio: portfolio, trades: counts[portfolio.id]?.trades ?? 0, openPositions: counts[portfolio.id]?.open ?? 0,
                history: byPortfolio[portfolio.id] ?? [])
        }
    }

    struct PositionRow: Sendable {
        let portfolio: String
        let market, question, outcome: String
        let shares, cost: Decimal
        let mark: Decimal?
        let unrealized: Decimal
    }

    func positions(limit: Int) throws -> [PositionRow] {
        try pool.execute(
            """
            SELECT p.name, x.market_id, COALESCE(m.question, '') AS question, x.outcome, x.shares, x.cost_basis, x.current_price,
                   x.unrealized_pnl
            FROM portfolio_positions x JOIN portfolios p ON p.id = x.portfolio_id LEFT JOIN markets m ON m.id = x.market_id
            WHERE x.status = 'open' AND p.status <> 'archived' ORDER BY p.id, x.cost_basis DESC LIMIT \(limit)
            """
        ).rows.map { row in
            PositionRow(
                portfolio: try row.decode("name"), market: try row.decode("market_id"), question: try row.decode("question"),
                outcome: try row.decode("outcome"), shares: try row.decode("shares"), cost: try row.decode("cost_basis"),
                mark: try row.decodeIfPresent("current_price"), unrealized: try row.decode("unrealized_pnl"))
        }
    }

    /// The trade log's filters (each optional).
    struct TradeFilter: Sendable {
        var portfolio: PortfolioID?
        var strategy: String?
        var market: String?
        var from: String?
        var to: String?
        var minPnl: Decimal?
        var maxPnl: Decimal?
    }

    struct TradeRow: Sendable {
        let id: Int64
        let time: Date
        let portfolio, strategy, market, question, side, outcome: String
        let shares, price, amount, fee, pnl: Decimal
    }

    func trades(_ filter: TradeFilter, limit: Int) throws -> [TradeRow] {
        try pool.execute(
            """
            SELECT t.id, t.executed_at, p.name, p.strategy_type, t.market_id, COALESCE(m.question, '') AS question, t.side, t.outcome,
                   t.shares, t.price, t.amount, t.fee, t.realized_pnl
            FROM trades t JOIN portfolios p ON p.id = t.portfolio_id LEFT JOIN markets m ON m.id = t.market_id
            WHERE (\(filter.portfolio)::bigint IS NULL OR t.portfolio_id = \(filter.portfolio))
              AND (\(filter.strategy)::text IS NULL OR p.strategy_type = \(filter.strategy))
              AND (\(filter.market)::text IS NULL OR t.market_id = \(filter.market)
                   OR m.question ILIKE '%' || \(filter.market) || '%')
              AND (\(filter.from)::date IS NULL OR t.executed_at >= \(filter.from)::date)
              AND (\(filter.to)::date IS NULL OR t.executed_at < \(filter.to)::date + 1)
              AND (\(filter.minPnl)::numeric IS NULL OR t.realized_pnl >= \(filter.minPnl))
              AND (\(filter.maxPnl)::numeric IS NULL OR t.realized_pnl <= \(filter.maxPnl))
            ORDER BY t.id DESC LIMIT \(limit)
            """
        ).rows.map { row in
            TradeRow(
                id: try row.decode("id"), time: try row.decode("executed_at"), portfolio: try row.decode("name"),
                strategy: try row.decode("strategy_type"), market: try row.decode("market_id"), question: try row.decode("question"),
                side: try row.decode("side"), outcome: try row.decode("outcome"), shares: try row.decode("shares"),
                price: try row.decode("price"), amount: try row.decode("amount"), fee: try row.decode("fee"),
                pnl: try row.decode("realized_pnl"))
        }
    }

    struct CycleRow: Sendable {
        let id, portfolio, status: String
        let step, error: String?
        let started: Date
        let steps: [(name: String, status: String, milliseconds: Int)]
    }

    func cycles(limit: Int) throws -> [CycleRow] {
        try pool.execute(
            """
            SELECT c.id, p.name, c.status, c.current_step, c.error, c.started_at,
                   COALESCE((SELECT string_agg(s.step || ':' || s.status || ':'
                                || round(extract(epoch FROM COALESCE(s.finished_at, now()) - s.started_at) * 1000)::bigint, ','
                                ORDER BY s.position)
                             FROM cycle_steps s WHERE s.cycle_id = c.id), '') AS steps
            FROM trading_cycles c JOIN portfolios p ON p.id = c.portfolio_id ORDER BY c.started_at DESC LIMIT \(limit)
            """
        ).rows.map { row in
            let steps = (try row.decode("steps", as: String.self)).split(separator: ",").compactMap { part -> (String, String, Int)? in
                let fields = part.split(separator: ":")
                guard fields.count == 3 else { return nil }
                return (String(fields[0]), String(fields[1]), Int(fields[2]) ?? 0)
            }
            return CycleRow(
                id: try row.decode("id"), portfolio: try row.decode("name"), status: try row.decode("status"),
                step: try row.decodeIfPresent("current_step"), error: try row.decodeIfPresent("error"),
                started: try row.decode("started_at"), steps: steps.map { (name: $0.0, status: $0.1, milliseconds: $0.2) })
        }
    }

    func reconciliation() throws -> [(portfolio: String, status: String, differences: [String])] {
        try PortfolioRepository(pool: pool).list().filter { $0.status != .archived }.map { portfolio in
            let report = try Reconciliation.run(portfolio, pool: pool)
            return (portfolio.name, report.status, report.differences.map(\.check))
        }
    }

    struct SignalRow: Sendable {
        let id: Int64
        let time: Date
        let direction, confidence, asset, reason: String
        let velocity: Decimal
    }

    func signals(limit: Int) throws -> [SignalRow] {
        try pool.execute(
            "SELECT id, detected_at, direction, confidence, asset_id, reason, velocity FROM live_signals ORDER BY id DESC LIMIT \(limit)"
        ).rows.map { row in
            SignalRow(
                id: try row.decode("id"), time: try row.decode("detected_at"), direction: try row.decode("direction"),
                confidence: try row.decode("confidence"), asset: try row.decode("asset_id"), reason: try row.decode("reason"),
                velocity: try row.decode("velocity"))
        }
    }

    struct Top12Row: Sendable {
        let rank: Int
        let side, question: String
        let clarity: Decimal
    }

    func top12() throws -> [Top12Row] {
        try pool.execute("SELECT rank, side, question, clarity FROM seer_trade_candidates WHERE top12 ORDER BY rank LIMIT 12").rows.map {
            row in
            Top12Row(
                rank: try row.decode("rank"), side: try row.decode("side"), question: try row.decode("question"),
                clarity: try row.decode("clarity"))
        }
    }

    struct AlertRow: Sendable {
        let kind, side, summary: String
        let notional: Decimal
        let time: Date
    }

    func alerts(limit: Int) throws -> [AlertRow] {
        try pool.execute("SELECT kind, side, summary, notional, detected_at FROM smart_money_alerts ORDER BY id DESC LIMIT \(limit)").rows
            .map { row in
                AlertRow(
                    kind: try row.decode("kind"), side: try row.decode("side"), summary: try row.decode("summary"),
                    notional: try row.decode("notional"), time: try row.decode("detected_at"))
            }
    }

    func strategyVerdicts() throws -> [VerdictReport] {
        let judge = StrategyVerdicts(pool: pool)
        return try judge.strategies().map {
            try judge.report(LedgerEvidence.Selection(strategy: $0), subject: "\($0), every portfolio").report
        }
    }

    func portfolioVerdicts() throws -> [PortfolioID: Verdict] {
        let judge = StrategyVerdicts(pool: pool)
        var portfolios: [PortfolioID: Verdict] = [:]
        for portfolio in try PortfolioRepository(pool: pool).list() where portfolio.status != .archived {
            portfolios[portfolio.id] = try judge.verdict(
                LedgerEvidence.Selection(strategy: portfolio.strategyType.rawValue, portfolioID: portfolio.id),
                subject: "portfolio \(portfolio.id)")
        }
        return portfolios
    }

    func chartedMarkets(limit: Int) throws -> [(id: String, question: String)] {
        try pool.execute(
            """
            SELECT s.market_id, COALESCE(m.question, s.market_id) AS question FROM market_snapshots s LEFT JOIN markets m ON m.id = s.market_id
            GROUP BY s.market_id, m.question ORDER BY count(*) DESC, s.market_id LIMIT \(limit)
            """
        ).rows.map { (try $0.decode("market_id", as: String.self), try $0.decode("question", as: String.self)) }
    }

    /// A market's captured YES prices (the one asked for, else the held market with the most
    /// captures).
    func prices(market: String?) throws -> (market: String, question: String, points: [(Double, Double)])? {
        let chosen: String? =
            if let market { market } else {
                try pool.execute(
                    """
                    SELECT s.market_id FROM market_snapshots s JOIN portfolio_positions x ON x.market_id = s.market_id AND x.status = 'open'
                    GROUP BY s.market_id ORDER BY count(*) DESC, s.market_id LIMIT 1
                    """
                ).rows.first.map { try $0.decode("market_id", as: String.self) }
            }
        guard let chosen,
            let found = try pool.execute("SELECT question, yes_token_id FROM markets WHERE id = \(chosen)").rows.first
        else { return nil }
        let token: String? = try found.decodeIfPresent("yes_token_id")
        let points = try pool.execute(
            """
            SELECT extract(epoch FROM captured_at)::float8 AS t, price::float8 AS p FROM market_snapshots
            WHERE market_id = \(chosen) AND token_id = \(token ?? "") ORDER BY captured_at DESC LIMIT 2000
            """
        ).rows.map { (try $0.decode("t", as: Double.self), try $0.decode("p", as: Double.self)) }.reversed()
        return (chosen, try found.decode("question"), Array(points))
    }
}
