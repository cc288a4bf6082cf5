import Foundation
import PrescientCore

extension SmartMoneyScanner.Settings {
    /// Reads `SEER_MARKETS_PER_PASS` (69), `SEER_TOP_SIZE` (33), `SEER_SHORTLIST_SIZE` (12),
    /// `SEER_WALLETS_PER_SIDE` (33), `SEER_RESCAN_AFTER_S` (3,600), `SEER_MIN_TIME_LEFT_S`
    /// (86,400), `SEER_MIN_PRICE` and `SEER_MAX_PRICE` (0.05 and 0.95, the YES prices worth
    /// scanning) and `SEER_BASE_TRUST` (0.01).
    init(environment: EnvironmentReader, profileTTL: TimeInterval) throws {
        self.init()
        marketsPerPass = try environment.int("SEER_MARKETS_PER_PASS", default: marketsPerPass, range: 1...1_000)
        topSize = try environment.int("SEER_TOP_SIZE", default: topSize, range: 1...500)
        shortlistSize = try environment.int("SEER_SHORTLIST_SIZE", default: shortlistSize, range: 1...topSize)
        walletsPerSide = try environment.int("SEER_WALLETS_PER_SIDE", default: walletsPerSide, range: 1...500)
        rescanAfter = try environment.double("SEER_RESCAN_AFTER_S", default: rescanAfter, range: 0...604_800)
        minTimeLeft = try environment.double("SEER_MIN_TIME_LEFT_S", default: minTimeLeft, range: 0...31_536_000)
        baseTrust = try environment.double("SEER_BASE_TRUST", default: baseTrust, range: 0...1)
        let low = try environment.decimal("SEER_MIN_PRICE", default: prices.lowerBound, range: 0...1)
        prices = low...(try environment.decimal("SEER_MAX_PRICE", default: prices.upperBound, range: low...1))
        self.profileTTL = profileTTL
    }
}
