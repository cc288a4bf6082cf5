import Foundation
import Polymarket

/// Learns how markets ended from Gamma's lookup of closed markets (100 per request): a closed
/// market priced 1/0 resolved to the outcome at 1, one priced ½/½ was void, and either became
/// known when UMA settled it (`umaEndDate`; its `closedTime`, else its end date, when Gamma leaves
/// that out): trading can close hours or days before the outcome is final. A market Gamma does not
/// return as closed, or closed without final prices (UMA proposed or disputed), is pending.
struct MarketOutcomeReader: Sendable {
    let client: PolymarketClient
    let repository: MarketOutcomeRepository
    /// Seconds before a pending market is asked about again.
    let recheckAfter: TimeInterval

    /// Looks up the markets not yet known to have ended; returns the Gamma calls made.
    @discardableResult
    func update(_ conditionIDs: Set<String>) throws -> Int {
        let unknown = try repository.needingCheck(conditionIDs.sorted(), recheckAfter: recheckAfter)
        guard !unknown.isEmpty else { return 0 }
        let closed = try client.closedMarkets(conditionIDs: unknown)
        var rows = Dictionary(uniqueKeysWithValues: unknown.map { ($0, Self.pending($0)) })
        for market in closed where rows[market.conditionID] != nil { rows[market.conditionID] = Self.row(market) }
        try repository.store(Array(rows.values))
        return (unknown.count + 99) / 100
    }

    static func pending(_ conditionID: String) -> MarketOutcomeRepository.Row {
        MarketOutcomeRepository.Row(conditionID: conditionID, status: "pending", winner: nil, resolvedAt: nil)
    }

    static func row(_ market: GammaMarket) -> MarketOutcomeRepository.Row {
        let prices = market.outcomePrices
        let known = [market.umaEndDate, market.closedTime].compactMap { $0 }.max() ?? market.endDate
        let status = (market.umaResolutionStatus ?? "resolved").lowercased()
        guard market.closed == true, prices.count == 2, status == "resolved" || status.isEmpty, let known else {
            return pending(market.conditionID)
        }
        if let winner = prices.firstIndex(of: 1), prices.contains(0) {
            return MarketOutcomeRepository.Row(conditionID: market.conditionID, status: "resolved", winner: winner, resolvedAt: known)
        }
        if prices.allSatisfy({ $0 == Decimal(string: "0.5")! }) {
            return MarketOutcomeRepository.Row(conditionID: market.conditionID, status: "void", winner: nil, resolvedAt: known)
        }
        return pending(market.conditionID)
    }
}
