import Foundation
import Polymarket
import PrescientCore

/// A market the simulated wallets trade: a recorded resolved one (its winner known, for the
/// wallets' history) or an open one of the universe.
struct PopulationMarket: Sendable {
    let conditionID: String
    let title: String
    let slug: String
    let eventSlug: String
    let tokens: [String]
    let outcomes: [String]
    /// The winning outcome's index; nil while the market is open.
    let winner: Int?
    let endDate: String
    /// When it resolved (epoch seconds), or the end of trading for an open one.
    let closesAt: Int64
    /// When its outcome became known (UMA's settlement, `umaEndDate`, else `closedTime`, else the
    /// end of trading); the end of trading for an open one.
    let resolvedAt: Int64
    /// The universe index of an open market (for its current price).
    let universeIndex: Int?
    /// The recorded YES price (mid, else the first outcome price): where an open market's
    /// simulated history of fills starts.
    let startPrice: Decimal
    /// The recorded liquidity in dollars (how far a fill moves the price).
    let liquidity: Decimal

    init?(_ market: GammaMarket, universeIndex: Int?) {
        guard market.clobTokenIDs.count == 2, market.outcomes.count == 2 else { return nil }
        let prices = market.outcomePrices
        var winner: Int?
        if universeIndex == nil {
            guard market.closed == true, prices.count == 2, Set(prices) == [0, 1] else { return nil }
            winner = prices.firstIndex(of: 1)
        }
        conditionID = market.conditionID
        title = market.question ?? ""
        slug = market.slug ?? ""
        eventSlug = market.events?.first?.slug ?? ""
        tokens = market.clobTokenIDs
        outcomes = market.outcomes
        self.winner = winner
        let end = market.endDate ?? Date(timeIntervalSince1970: TimeInterval(MarketUniverse.recordedMarketsEpoch))
        closesAt = Int64(end.timeIntervalSince1970)
        resolvedAt = Int64(([market.umaEndDate, market.closedTime].compactMap { $0 }.max() ?? end).timeIntervalSince1970)
        endDate = ISO8601DateFormatter().string(from: end)
        self.universeIndex = universeIndex
        if let bid = market.bestBid, let ask = market.bestAsk, ask >= bid, bid > 0 {
            startPrice = (bid + ask) / 2
        } else {
            startPrice = prices.first ?? Decimal(string: "0.5")!
        }
        liquidity = market.liquidity ?? 0
    }

    /// The recorded resolved markets of the dataset (`gamma-markets/markets_*resolved*`).
    static func resolved(directory: String) -> [PopulationMarket] {
        resolvedPayloads(directory: directory).compactMap { payload in
            (try? JSONDecoder().decode(GammaMarket.self, from: Data(payload))).flatMap { PopulationMarket($0, universeIndex: nil) }
        }
    }

    /// Each recorded resolved market's object as Gamma sent it (re-serialised from the recording).
    static func resolvedPayloads(directory: String) -> [[UInt8]] {
        let reader = readPayloads.mutate { readers in
            if let existing = readers[directory] { return existing }
            let made = LoadedOnce { readResolvedPayloads(directory: directory) }
            readers[directory] = made
            return made
        }
        return reader.value
    }

    /// The payloads read in this process, by directory, each read once: the recordings do not
    /// change while it runs.
    private static let readPayloads = Locked<[String: LoadedOnce<[[UInt8]]>]>([:])

    private static func readResolvedPayloads(directory: String) -> [[UInt8]] {
        RecordedData.files(in: directory + "/gamma-markets", prefix: "markets_").filter { $0.contains("resolved") }.flatMap { path in
            guard let bytes = try? Gzip.readFile(path),
                let list = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [Any]
            else { return [[UInt8]]() }
            return list.compactMap { object in (try? JSONSerialization.data(withJSONObject: object)).map { [UInt8]($0) } }
        }
    }
}
