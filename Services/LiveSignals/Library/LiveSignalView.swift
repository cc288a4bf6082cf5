import Foundation
import Postgres
import PrescientCore

/// A live signal as the API answers it.
struct LiveSignalView: Sendable, Encodable {
    let id: Int64
    let detector: String
    let conditionID: String
    let assetID: String
    let direction: String
    let detectedAt: Date
    let mid: Decimal
    let bestBid: Decimal?
    let bestAsk: Decimal?
    let spreadBps: Decimal?
    let velocity: Decimal
    let acceleration: Decimal
    let volumeSurge: Decimal?
    let confidence: String
    let impliedProbability: Decimal
    let reason: String
    let eliteWallets: [EliteTrade.Summary]
    let eliteNotional: Decimal
    let attributedAt: Date?

    static let columns = """
        s.id, s.detector, s.condition_id, s.asset_id, s.direction, s.detected_at, s.mid, s.best_bid, s.best_ask, s.spread_bps,
        s.velocity, s.acceleration, s.volume_surge, s.confidence, s.implied_probability, s.reason, s.elite_wallets::text AS elite,
        s.elite_notional, s.attributed_at
        """

    enum CodingKeys: String, CodingKey {
        case id, detector, direction, mid, velocity, acceleration, confidence, reason
        case conditionID = "condition_id", assetID = "asset_id", detectedAt = "detected_at", bestBid = "best_bid", bestAsk = "best_ask"
        case spreadBps = "spread_bps", volumeSurge = "volume_surge", impliedProbability = "implied_probability"
        case eliteWallets = "elite_wallets", eliteNotional = "elite_notional", attributedAt = "attributed_at"
    }

    init(_ row: PostgresRow) throws {
        id = try row.decode("id")
        detector = try row.decode("detector")
        conditionID = try row.decode("condition_id")
        assetID = try row.decode("asset_id")
        direction = try row.decode("direction")
        detectedAt = try row.decode("detected_at")
        mid = try row.decode("mid")
        bestBid = try row.decodeIfPresent("best_bid")
        bestAsk = try row.decodeIfPresent("best_ask")
        spreadBps = try row.decodeIfPresent("spread_bps")
        velocity = try row.decode("velocity")
        acceleration = try row.decode("acceleration")
        volumeSurge = try row.decodeIfPresent("volume_surge")
        confidence = try row.decode("confidence")
        impliedProbability = try row.decode("implied_probability")
        reason = try row.decode("reason")
        eliteWallets =
            (try? WireJSON.decoder().decode([EliteTrade.Summary].self, from: Data(try row.decode("elite", as: String.self).utf8))) ?? []
        eliteNotional = try row.decode("elite_notional")
        attributedAt = try row.decodeIfPresent("attributed_at")
    }
}
