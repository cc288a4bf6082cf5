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
    /// The universe index of an open market (for its current price).
    let universeIndex: Int?

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
        let end = market.endDate ?? Date(timeIntervalSince1970: TimeInterval(Simulator.recordingEpoch))
        closesAt = Int64(end.timeIntervalSince1970)
        endDate = ISO8601DateFormatter().string(from: end)
        self.universeIndex = universeIndex
    }

    /// The recorded resolved markets of the dataset (`gamma-markets/markets_*resolved*`).
    static func resolved(directory: String) -> [PopulationMarket] {
        RecordedData.files(in: directory + "/gamma-markets", prefix: "markets_").filter { $0.contains("resolved") }.flatMap { path in
            guard let bytes = try? Gzip.readFile(path),
                let list = try? JSONDecoder().decode(LenientList<GammaMarket>.self, from: Data(bytes))
            else { return [PopulationMarket]() }
            return list.elements.compactMap { PopulationMarket($0, universeIndex: nil) }
        }
    }
}
