import Foundation
import Logging
import Polymarket
import PrescientCore
import ServiceKit

/// The background half of "refreshed in the background and on demand": every
/// `WALLETS_REFRESH_INTERVAL_S` (3,600; 0 turns it off) it refreshes the profiles older than
/// `WALLETS_PROFILE_TTL_S`, at most `WALLETS_REFRESH_BATCH` (500) a pass, together with the
/// wallets of Polymarket's leaderboard (the first `WALLETS_DISCOVER_LEADERBOARD`, 100; 0 skips)
/// so new wallets are found. Failures are logged; the loop goes on.
struct BackgroundRefresh: Sendable {
    let task: PeriodicTask

    static func make(
        environment: EnvironmentReader, refresher: ProfileRefresher, profiles: WalletProfileRepository, client: PolymarketClient,
        ttl: TimeInterval, logger: Logger
    ) throws -> BackgroundRefresh? {
        let interval = try environment.double("WALLETS_REFRESH_INTERVAL_S", default: 3_600, range: 0...604_800)
        guard interval > 0 else { return nil }
        let batch = try environment.int("WALLETS_REFRESH_BATCH", default: 500, range: 1...ProfileRefresher.maximumWallets)
        let discover = try environment.int("WALLETS_DISCOVER_LEADERBOARD", default: 100, range: 0...1_050)
        let task = PeriodicTask(name: "wallet-refresh", interval: interval) {
            do {
                var addresses = try profiles.stale(before: Date().addingTimeInterval(-ttl), limit: batch)
                for offset in stride(from: 0, to: discover, by: 50) {
                    addresses += try client.leaderboard(timePeriod: "ALL", limit: min(50, discover - offset), offset: offset)
                        .map { $0.proxyWallet.lowercased() }
                }
                if !addresses.isEmpty { _ = try refresher.refresh(addresses) }
            } catch {
                logger.error("background wallet refresh failed", metadata: ["error": "\(error)"])
            }
        }
        return BackgroundRefresh(task: task)
    }

    func start() { task.start() }
    func stop() { task.stop() }
}
