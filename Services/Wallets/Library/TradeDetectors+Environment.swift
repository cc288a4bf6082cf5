import Foundation
import PrescientCore
import WalletScoring

extension TradeDetectors {
    /// Reads `ALERT_WHALE_MIN_USD` (1,000), `ALERT_WHALE_VOLUME_SHARE` (0.001 of 24-hour volume),
    /// `ALERT_CLUSTER_MEMBERS` (3), `ALERT_CLUSTER_WINDOW_S` (300), `ALERT_CONTRARIAN_PRICE` (0.30),
    /// `ALERT_CONTRARIAN_MIN_CONFIDENCE` (0.5)
    /// and `ALERT_ODDS_MOVE` (0.04).
    init(environment: EnvironmentReader) throws {
        self.init()
        whaleMinimum = Self.decimal(try environment.double("ALERT_WHALE_MIN_USD", default: 1_000, range: 0...100_000_000))
        whaleVolumeShare = Self.decimal(try environment.double("ALERT_WHALE_VOLUME_SHARE", default: 0.001, range: 0...1))
        clusterMembers = try environment.int("ALERT_CLUSTER_MEMBERS", default: clusterMembers, range: 2...100)
        clusterWindow = Int64(try environment.int("ALERT_CLUSTER_WINDOW_S", default: Int(clusterWindow), range: 1...86_400))
        contrarianPrice = Self.decimal(try environment.double("ALERT_CONTRARIAN_PRICE", default: 0.30, range: 0.01...0.5))
        contrarianConfidence = try environment.double("ALERT_CONTRARIAN_MIN_CONFIDENCE", default: contrarianConfidence, range: 0...1)
        oddsMove = Self.decimal(try environment.double("ALERT_ODDS_MOVE", default: 0.04, range: 0.001...1))
    }

    /// The decimal a setting was written as (0.001, not the binary double nearest it).
    static func decimal(_ value: Double) -> Decimal { Decimal(string: "\(value)") ?? 0 }
}
