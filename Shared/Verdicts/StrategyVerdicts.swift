import Foundation
import Portfolios
import Postgres
import PrescientCore

/// Verdicts of live paper trading, from the signal ledger: a strategy's registered buys (one
/// portfolio's, or every portfolio's with one configuration) judged by the evidence gates. The
/// daily returns are the equal-weighted mean of the judged portfolios' daily returns (from their
/// equity snapshots); the trials are the strategy's configurations registered live (each a
/// portfolio setup a user could pick the best of), their Sharpe ratios from their portfolios'
/// returns the same way. Curves are read once per portfolio per instance, so a leaderboard
/// judging every portfolio reads each once; an instance belongs to one request (not shared).
public final class StrategyVerdicts {
    public let pool: PostgresPool
    let evidence: LedgerEvidence
    let portfolios: PortfolioRepository
    private var curves: [PortfolioID: [Date: Double]] = [:]
    private var trials: [String: DeflatedSharpe.Trials] = [:]

    public init(pool: PostgresPool) {
        self.pool = pool
        evidence = LedgerEvidence(pool: pool)
        portfolios = PortfolioRepository(pool: pool)
    }

    /// The report of `selection`, with how many registered buys were excluded as registered after their market resolved.
    public func report(_ selection: LedgerEvidence.Selection, subject: String) throws -> (report: VerdictReport, late: Int) {
        let found = try evidence.load(selection)
        return (try report(selection, found: found, subject: subject), found.late)
    }

    func report(_ selection: LedgerEvidence.Selection, found: LedgerEvidence.Found, subject: String) throws -> VerdictReport {
        VerdictReport(
            subject: subject, strategy: selection.strategy, configHash: selection.configHash, trades: found.trades,
            dailyReturns: try dailyReturns(found.portfolios, from: selection.from, to: selection.to),
            trials: try trials(strategy: selection.strategy), trialReturns: nil)
    }

    /// The verdict alone, for a leaderboard row: a sample too small to judge is answered from the
    /// sample gate without reading curves or resampling (the verdict is INSUFFICIENT whatever the
    /// other gates say).
    public func verdict(_ selection: LedgerEvidence.Selection, subject: String) throws -> Verdict {
        let found = try evidence.load(selection)
        let events = SampleGate.events(found.trades)
        guard events >= SampleGate.minimumEvents else { return Verdict(gates: [SampleGate.gate(events: events)], events: events) }
        return try report(selection, found: found, subject: subject).verdict
    }

    /// The equal-weighted mean daily return of `ids` over the days from `from` (inclusive) to
    /// `to` (exclusive) when given, oldest day first.
    func dailyReturns(_ ids: [PortfolioID], from: Date? = nil, to: Date? = nil) throws -> [Double] {
        var sums: [Date: (Double, Int)] = [:]
        for id in ids {
            for (day, value) in try curve(id) where from.map({ day >= $0 }) ?? true && to.map({ day < $0 }) ?? true {
                let sum = sums[day] ?? (0, 0)
                sums[day] = (sum.0 + value, sum.1 + 1)
            }
        }
        return sums.keys.sorted().map { sums[$0]!.0 / Double(sums[$0]!.1) }
    }

    func curve(_ id: PortfolioID) throws -> [Date: Double] {
        if let known = curves[id] { return known }
        guard let portfolio = try portfolios.find(ids: [id])[id] else { return [:] }
        let report = try PerformanceReport.load(portfolio, pool: pool, withCurve: true)
        let returns = PerformanceReport.dailyReturns(report.equity_curve ?? [])
        curves[id] = returns
        return returns
    }

    /// The strategies with signals registered live.
    public func strategies() throws -> [String] { try evidence.strategies() }

    func trials(strategy: String) throws -> DeflatedSharpe.Trials {
        if let known = trials[strategy] { return known }
        let configurations = try evidence.configurations(strategy: strategy)
        let found = DeflatedSharpe.Trials(
            sharpes: try configurations.keys.sorted().map { DeflatedSharpe.sharpe(try dailyReturns(configurations[$0]!)) })
        trials[strategy] = found
        return found
    }
}
