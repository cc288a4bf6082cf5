import Foundation
import Polymarket

/// One market of the simulated universe: its recorded payload (without the embedded events,
/// as `/events` serves it) and the fields the simulator needs to make books and prices.
struct SimulatedMarket: Sendable {
    let id: String
    let numericID: Int64
    let conditionID: String
    let eventID: String?
    let tokenIDs: [String]
    let bestBid: Decimal?
    let bestAsk: Decimal?
    let lastTradePrice: Decimal?
    let outcomePrices: [Decimal]
    let tickSize: Decimal
    let minOrderSize: Decimal
    let negRisk: Bool
    let closed: Bool
    /// The recorded 24-hour volume (where wallets trade most).
    let volume24hr: Decimal
    /// The recorded market object, with and without its `events`.
    let bytes: MarketBytes

    /// The recorded market object with `events` removed.
    var payload: [UInt8] { bytes.withoutEvents }
    /// The recorded market object as `/markets` serves it (with `events`).
    var fullPayload: [UInt8] { bytes.withEvents }

    /// The recorded YES price the random walk starts from.
    var startingYesPrice: Decimal {
        if let bid = bestBid, let ask = bestAsk, ask >= bid { return (bid + ask) * Decimal(sign: .plus, exponent: -1, significand: 5) }
        if let first = outcomePrices.first { return first }
        return lastTradePrice ?? Decimal(string: "0.5")!
    }
}

/// One event: the recorded event object (as embedded in its markets) and its markets.
struct SimulatedEvent: Sendable {
    let id: String
    let numericID: Int64
    /// The event object without nested markets (a slice of the loaded file where recorded so).
    let summaryBytes: ArraySlice<UInt8>
    var marketIndexes: [Int]

    /// The event object without nested markets.
    var summary: [UInt8] { Array(summaryBytes) }
}
