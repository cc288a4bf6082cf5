import Foundation

/// A trade planted by `POST /sim/trades`: served by the Data API's `/trades` and sent on the
/// market channel as `last_trade_price`.
struct PlantedTrade: Sendable {
    let wallet: String
    let token: String
    let conditionID: String
    let outcomeIndex: Int
    let side: String
    let size: Decimal
    let price: Decimal
    /// Epoch seconds (the simulated clock).
    let timestamp: Int64
    let transactionHash: String
}
