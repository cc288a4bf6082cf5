import Foundation
import Testing
import WalletScoring

/// Each detector on a handful of trades whose answer is plain by inspection.
@Suite("Trade detectors")
struct TradeDetectorsTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    func trade(_ id: String, _ wallet: String, outcome: Int = 0, buy: Bool = true, size: Decimal, price: String, at time: Int64)
        -> ObservedTrade
    {
        ObservedTrade(id: id, wallet: wallet, outcome: outcome, isBuy: buy, size: size, price: d(price), timestamp: time)
    }

    @Test func whale_needsTheFloorAndAShareOfTheDaysVolume() {
        // $2,000 clears the $1,000 floor and 0.1% of $1,000,000; $1,500 is under 0.1% of $2,000,000.
        let trades = [trade("a", "w1", size: 4_000, price: "0.5", at: 0), trade("b", "w2", size: 100, price: "0.5", at: 10)]
        #expect(
            TradeDetectors().detect(trades, volume24h: 1_000_000, records: [:]).filter { $0.kind == .whale }.map(\.trades[0].id) == ["a"])
        let smaller = [trade("c", "w3", size: 3_000, price: "0.5", at: 0)]
        #expect(TradeDetectors().detect(smaller, volume24h: 2_000_000, records: [:]).filter { $0.kind == .whale }.isEmpty)
    }

    @Test func clusterAndWashTrading_areFoundBySideTimeAndSize() {
        let trades = [
            trade("1", "s1", size: 300, price: "0.4", at: 0), trade("2", "s2", size: 300, price: "0.4", at: 60),
            trade("3", "s3", size: 303, price: "0.41", at: 200), trade("4", "x", outcome: 1, size: 300, price: "0.6", at: 100),
            // Bought and sold back 40 s later in the same size: wash trading.
            trade("5", "w", size: 50, price: "0.4", at: 1_000), trade("6", "w", buy: false, size: 50, price: "0.4", at: 1_040),
        ]
        let alerts = TradeDetectors().detect(trades, volume24h: 10_000_000, records: [:])
        let clusters = alerts.filter { $0.kind == .cluster }
        #expect(clusters.count == 1 && Set(clusters[0].trades.map(\.wallet)) == ["s1", "s2", "s3"])
        #expect(alerts.filter { $0.kind == .washTrading }.map { $0.trades.map(\.id) } == [["5", "6"]])
    }

    @Test func contrarian_isBoostedByTheWalletsOwnRecord() {
        let trades = [trade("a", "good", size: 100, price: "0.2", at: 0), trade("b", "new", size: 100, price: "0.25", at: 5)]
        let alerts = TradeDetectors().detect(
            trades, volume24h: 10_000_000, records: ["good": .init(resolved: 30, edge: 0.2)]
        ).filter { $0.kind == .contrarian }
        // good: 0.3 + 2 · 0.2 · 30/40 = 0.6; new: no record, 0.3, under the 0.5 an alert needs.
        #expect(alerts.map(\.trades[0].wallet) == ["good"])
        #expect(abs(alerts[0].confidence - 0.6) < 1e-12)
        var everything = TradeDetectors()
        everything.contrarianConfidence = 0
        let all = everything.detect(trades, volume24h: 10_000_000, records: [:]).filter { $0.kind == .contrarian }
        #expect(all.map(\.trades[0].wallet) == ["good", "new"] && abs(all[1].confidence - 0.3) < 1e-12)
    }

    @Test func oddsMovement_isThePriceOfTheNextFillAgainstThisOne() {
        // A YES buy at 0.40, the next fill at 0.45 (a NO buy at 0.55): +0.05 for YES. A NO buy at
        // 0.55 followed by YES at 0.46: NO went 0.55 → 0.54, no alert.
        let trades = [
            trade("a", "w1", size: 5_000, price: "0.40", at: 0), trade("b", "w2", outcome: 1, size: 10, price: "0.55", at: 10),
            trade("c", "w3", size: 10, price: "0.46", at: 20),
        ]
        let alerts = TradeDetectors().detect(trades, volume24h: 100_000_000, records: [:]).filter { $0.kind == .oddsMovement }
        #expect(alerts.map(\.trades[0].id) == ["a"])
        // 0.05 over $2,000: 0.025 per $1,000.
        #expect(abs((alerts.first?.evidence["impact_per_1000_usd"] ?? 0) - 0.025) < 1e-9)
    }
}
