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
        whaleMinimum = try environment.decimal("ALERT_WHALE_MIN_USD", default: whaleMinimum, range: 0...100_000_000)
        whaleVolumeShare = try environment.decimal("ALERT_WHALE_VOLUME_SHARE", default: whaleVolumeShare, range: 0...1)
        clusterMembers = try environment.int("ALERT_CLUSTER_MEMBERS", default: clusterMembers, range: 2...100)
        clusterWindow = Int64(try environment.int("ALERT_CLUSTER_WINDOW_S", default: Int(clusterWindow), range: 1...86_400))
        contrarianPrice = try environment.decimal(
            "ALERT_CONTRARIAN_PRICE", default: contrarianPrice, range: Decimal(string: "0.01")!...Decimal(string: "0.5")!)
        contrarianConfidence = try environment.double("ALERT_CONTRARIAN_MIN_CONFIDENCE", default: contrarianConfidence, range: 0...1)
        oddsMove = try environment.decimal("ALERT_ODDS_MOVE", default: oddsMove, range: Decimal(string: "0.001")!...1)
    }
}
