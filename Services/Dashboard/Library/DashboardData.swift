import Foundation
import PrescientCore
import Verdicts

/// What the dashboard shows, read from the suite's database (`DashboardRepository`); the page
/// renders from this protocol, so it can be fed anything in a test.
protocol DashboardData: Sendable {
    func portfolios() throws -> [DashboardRepository.PortfolioRow]
    func positions(limit: Int) throws -> [DashboardRepository.PositionRow]
    func trades(_ filter: DashboardRepository.TradeFilter, limit: Int) throws -> [DashboardRepository.TradeRow]
    func cycles(limit: Int) throws -> [DashboardRepository.CycleRow]
    func reconciliation() throws -> [(portfolio: String, status: String, differences: [String])]
    func signals(limit: Int) throws -> [DashboardRepository.SignalRow]
    func top12() throws -> [DashboardRepository.Top12Row]
    func alerts(limit: Int) throws -> [DashboardRepository.AlertRow]
    func prices(market: String?) throws -> (market: String, question: String, points: [(Double, Double)])?
    /// The markets with captured prices, most captured first.
    func chartedMarkets(limit: Int) throws -> [(id: String, question: String)]
    /// The verdict of every strategy with signals registered live.
    func strategyVerdicts() throws -> [VerdictReport]
    /// The verdict of every portfolio not archived, by id.
    func portfolioVerdicts() throws -> [PortfolioID: Verdict]
}
