import Contracts
import Foundation
import HTTPServer
import Portfolios
import Postgres
import Verdicts

/// `GET /trading/leaderboard?sort=…&limit=…`: every portfolio that is not archived, with its
/// verdict (the evidence gates over its registered signals, `StrategyVerdicts`), GO first, then
/// NO_GO, then INSUFFICIENT; within each, ranked by one performance figure (best first; for
/// `max_drawdown_pct` the smallest is best). Portfolios without the figure (no Sharpe yet, no
/// resolved trades) rank last in their verdict, by id.
enum Leaderboard {
    /// One row: the rank and the verdict beside the portfolio's performance figures, in one flat object.
    struct Entry: Encodable {
        let rank: Int
        let performance: PerformanceReport
        let verdict: Verdict

        enum CodingKeys: String, CodingKey {
            case rank, verdict, events
            case verdictReason = "verdict_reason", eventsNeeded = "events_needed"
        }

        func encode(to encoder: any Encoder) throws {
            try performance.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rank, forKey: .rank)
            try container.encode(verdict.verdict, forKey: .verdict)
            try container.encode(verdict.reason, forKey: .verdictReason)
            try container.encode(verdict.events, forKey: .events)
            try container.encode(verdict.eventsNeeded, forKey: .eventsNeeded)
        }
    }

    struct Answer: Encodable {
        let sort: String
        let portfolios: [Entry]
    }

    static let sorts: [String: @Sendable (PerformanceReport) -> Decimal?] = [
        "total_pnl": { $0.total_pnl },
        "return_pct": { $0.return_pct },
        "realized_pnl": { $0.realized_pnl },
        "sharpe_daily": { $0.sharpe_daily.map { Decimal($0) } },
        "win_rate": { $0.win_rate },
        "max_drawdown_pct": { -$0.max_drawdown_pct },
    ]

    static func rank(_ request: HTTPRequest, portfolios: PortfolioRepository, pool: PostgresPool) throws -> Answer {
        let sort = request.query["sort"] ?? "total_pnl"
        guard let key = sorts[sort] else {
            throw HTTPError.badRequest(
                "query parameter 'sort' must be one of \(sorts.keys.sorted().joined(separator: ", "))", code: "invalid_parameter")
        }
        let limit = try request.queryInt("limit", range: 1...10_000) ?? 100
        let judge = StrategyVerdicts(pool: pool)
        let rows = try portfolios.list().filter { $0.status != .archived }.map { portfolio in
            (
                report: try PerformanceReport.load(portfolio, pool: pool, withCurve: false),
                verdict: try judge.verdict(
                    LedgerEvidence.Selection(strategy: portfolio.strategyType.rawValue, portfolioID: portfolio.id),
                    subject: "portfolio \(portfolio.id)")
            )
        }
        let ordered = rows.sorted { a, b in
            if a.verdict.verdict != b.verdict.verdict { return a.verdict.verdict.rank < b.verdict.verdict.rank }
            switch (key(a.report), key(b.report)) {
            case (let x?, let y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.report.portfolio_id < b.report.portfolio_id
            }
        }
        return Answer(
            sort: sort,
            portfolios: ordered.prefix(limit).enumerated().map {
                Entry(rank: $0.offset + 1, performance: $0.element.report, verdict: $0.element.verdict)
            })
    }
}
