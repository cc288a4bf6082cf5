import Contracts
import Foundation
import Logging
import MarketData
import Polymarket
import PrescientCore
import WalletScoring

/// Rebuilds wallet profiles: reads each wallet's activity from the Data API (several wallets in
/// flight, within the client's rate limits), learns how the markets it traded ended from Gamma,
/// stores both, rebuilds the profiles as of the market clock's now (in a simulated or replayed
/// world, outcomes after its clock are not known yet) and refits the population's shrinkage. Also
/// builds any wallet's profile as of a past moment from what is stored.
struct ProfileRefresher: Sendable {
    let fetcher: WalletHistoryFetcher
    let histories: WalletHistoryRepository
    let outcomes: MarketOutcomeRepository
    let outcomeReader: MarketOutcomeReader
    let profiles: WalletProfileRepository
    /// The market's clock: what "now" is for the profiles built.
    let clock: MarketClock
    /// Wallets read at once.
    let concurrency: Int
    let logger: Logger

    /// The most wallets one refresh call takes.
    static let maximumWallets = 5_000

    /// Refreshes these wallets now. A wallet whose activity cannot be read keeps its last profile
    /// and is reported; a wallet without any activity stores nothing.
    func refresh(_ requested: [String]) throws -> WalletRefreshResult {
        let started = Date()
        var seen = Set<String>()
        let unique = requested.filter { seen.insert($0).inserted }
        let fetched = Locked<(histories: [WalletHistory], failed: [WalletRefreshResult.Failure], calls: Int)>(([], [], 0))
        let lanes = max(1, min(concurrency, unique.count))
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: lane, to: unique.count, by: lanes) {
                do {
                    let history = try fetcher.history(of: unique[index])
                    fetched.mutate {
                        $0.histories.append(history)
                        $0.calls += history.calls
                    }
                } catch {
                    fetched.mutate {
                        $0.failed.append(.init(address: unique[index], error: "\(error)"))
                        $0.calls += 1
                    }
                }
            }
        }
        let read = fetched.value
        let active = read.histories.filter { !$0.isEmpty }
        for start in stride(from: 0, to: active.count, by: 500) {
            try histories.replace(Array(active[start..<min(start + 500, active.count)]))
        }
        let markets = Set(active.flatMap { $0.fills.map(\.market) })
        let gammaCalls = try outcomeReader.update(markets)
        let known = try outcomes.outcomes(Array(markets))
        let now = Int64(try clock.now().timeIntervalSince1970)
        let built = active.map { history in
            (address: history.address, profile: WalletProfile(fills: history.fills, income: history.income, outcomes: known, asOf: now))
        }
        for start in stride(from: 0, to: built.count, by: 1_000) {
            try profiles.upsert(Array(built[start..<min(start + 1_000, built.count)]), fetchedAt: started)
        }
        try profiles.refit()
        let result = WalletRefreshResult(
            requested: unique.count, refreshed: built.count, withoutActivity: read.histories.count - active.count,
            failed: read.failed.sorted { $0.address < $1.address }, fills: active.reduce(0) { $0 + $1.fills.count },
            dataCalls: read.calls, gammaCalls: gammaCalls, durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000))
        logger.info(
            "wallet profiles refreshed",
            metadata: [
                "refreshed": "\(result.refreshed)", "failed": "\(result.failed.count)", "duration_ms": "\(result.durationMilliseconds)",
            ])
        return result
    }

    /// The wallet's profile as of `asOf`, from stored facts only: its fills and every outcome known
    /// before then, with the shrinkage fitted to every stored trader as of then too. Nil when
    /// nothing is stored for the wallet.
    func profile(of address: String, asOf: Date) throws -> WalletProfileView? {
        let stored = try histories.histories(addresses: nil, before: asOf)
        guard let history = stored[address] else { return nil }
        let known = try outcomes.outcomes(nil)
        let moment = Int64(asOf.timeIntervalSince1970)
        let population = stored.values.map { WalletProfile(fills: $0.fills, income: $0.income, outcomes: known, asOf: moment) }
        let fit = EdgeShrinkage(population: population.filter { $0.walletClass.maySignal }.map(\.skill))
        let profile = WalletProfile(fills: history.fills, income: history.income, outcomes: known, asOf: moment)
        return Self.view(
            address: address, profile, shrunkEdge: fit.shrunk(profile.skill),
            shrunkEdgeSD: fit.standardDeviation(resolved: profile.skill.resolved), minResolved: profiles.minResolved)
    }

    static func view(address: String, _ profile: WalletProfile, shrunkEdge: Double, shrunkEdgeSD: Double, minResolved: Int)
        -> WalletProfileView
    {
        let skill = profile.skill
        let shrunk = WalletProfileRepository.statistic(shrunkEdge)
        return WalletProfileView(
            address: address, asOf: Date(timeIntervalSince1970: TimeInterval(profile.asOf)), fetchedAt: nil,
            walletClass: profile.walletClass.rawValue,
            smartMoney: profile.walletClass.maySignal && skill.resolved >= minResolved && shrunk > 0, resolvedMarkets: skill.resolved,
            wins: skill.wins, winRate: WalletProfileRepository.statistic(skill.winRate),
            winRateLowerBound: WalletProfileRepository.statistic(skill.winRateLowerBound),
            edge: WalletProfileRepository.statistic(skill.edge), shrunkEdge: shrunk,
            zScore: WalletProfileRepository.statistic(skill.zScore),
            realizedPnl: skill.realizedPnl, roi: skill.roi, omega: skill.omega, liquidityIncome: profile.liquidityIncome,
            contrarianResolved: profile.contrarian.resolved, contrarianEdge: WalletProfileRepository.statistic(profile.contrarian.edge),
            marketsTraded: profile.marketsTraded, lastActive: profile.lastActive.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            topCategories: WalletProfileRepository.view(profile.topCategories),
            indicators: WalletProfileRepository.view(profile.indicators),
            shrunkEdgeSD: Decimal(string: String(format: "%.8f", shrunkEdgeSD)) ?? 0)
    }
}
