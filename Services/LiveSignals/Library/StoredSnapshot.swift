import Foundation
import Postgres

/// A `live_snapshots` row as `GET /snapshots` answers it.
struct StoredSnapshot: Sendable, Encodable {
    let assetID: String
    let conditionID: String
    let bucketStart: Date
    let bestBid: Decimal?
    let bestAsk: Decimal?
    let mid: Decimal?
    let spreadBps: Decimal?
    let bidDepth: Decimal
    let askDepth: Decimal
    let lastTrade: Decimal?
    let trades: Int
    let volume: Decimal
    let events: Int
    let source: String

    enum CodingKeys: String, CodingKey {
        case mid, trades, volume, events, source
        case assetID = "asset_id", conditionID = "condition_id", bucketStart = "bucket_start", bestBid = "best_bid", bestAsk = "best_ask"
        case spreadBps = "spread_bps", bidDepth = "bid_depth", askDepth = "ask_depth", lastTrade = "last_trade"
    }

    init(_ row: PostgresRow) throws {
        assetID = try row.decode("asset_id")
        conditionID = try row.decode("condition_id")
        bucketStart = Date(timeIntervalSince1970: TimeInterval(try row.decode("bucket_ms", as: Int64.self)) / 1_000)
        bestBid = try row.decodeIfPresent("best_bid")
        bestAsk = try row.decodeIfPresent("best_ask")
        mid = try row.decodeIfPresent("mid")
        spreadBps = try row.decodeIfPresent("spread_bps")
        bidDepth = try row.decode("bid_depth")
        askDepth = try row.decode("ask_depth")
        lastTrade = try row.decodeIfPresent("last_trade")
        trades = try row.decode("trades")
        volume = try row.decode("volume")
        events = try row.decode("events")
        source = try row.decode("source")
    }
}
