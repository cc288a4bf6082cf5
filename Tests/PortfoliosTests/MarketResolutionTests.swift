import Foundation
import Polymarket
import Portfolios
import PrescientCore
import TestSupport
import Testing
import Trading

/// Every recorded closed market reads to the outcome its raw prices say.
@Suite("Resolution of the recorded markets")
struct MarketResolutionTests {
    static func load(_ file: String) throws -> (decoded: [GammaMarket], raw: [[String: Any]]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixturesDirectory + "/gamma-markets/" + file))
        return (try JSONDecoder().decode([GammaMarket].self, from: data), try JSONSerialization.jsonObject(with: data) as! [[String: Any]])
    }

    /// What the raw payload says, read without the code under test.
    static func expected(_ raw: [String: Any]) -> MarketResolution {
        let status = (raw["umaResolutionStatus"] as? String)?.lowercased()
        guard raw["closed"] as? Bool == true else { return status == "proposed" || status == "disputed" ? .pending(status!) : .open }
        if status == "proposed" || status == "disputed" { return .pending(status!) }
        guard status == "resolved" else { return .pending("closed without a resolved status") }
        let text = raw["outcomePrices"] as? String ?? "[]"
        let prices = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]) ?? []
        guard prices.count == 2, let yes = Double(prices[0]), let no = Double(prices[1]) else { return .pending("no final prices") }
        if yes == no { return .void }
        if yes >= 0.99 && no <= 0.01 { return .resolved(winningIndex: 0) }
        if no >= 0.99 && yes <= 0.01 { return .resolved(winningIndex: 1) }
        return .pending("not final")
    }

    static func same(_ a: MarketResolution, _ b: MarketResolution) -> Bool {
        switch (a, b) {
        case (.pending, .pending): return true
        default: return a == b
        }
    }

    @Test(arguments: [
        "markets_open-and-resolved_2026-02-07.json", "markets_resolved_btc-updown-5m_2026-07-24.json",
        "markets_closed_legacy_2020-2021.json", "markets_active_first500_2026-03-11.json",
    ])
    func everyRecordedMarket_readsToItsRawOutcome(file: String) throws {
        let (decoded, raw) = try Self.load(file)
        #expect(decoded.count == raw.count)
        for (market, payload) in zip(decoded, raw) {
            #expect(Self.same(MarketResolution(market), Self.expected(payload)), "market \(market.id)")
        }
    }

    @Test func recordedCounts_matchTheProvenance() throws {
        let (markets, _) = try Self.load("markets_open-and-resolved_2026-02-07.json")
        let closed = markets.filter { $0.closed == true }.map(MarketResolution.init)
        #expect(closed.count == 300)
        #expect(!closed.contains(.open))
        // 290 recorded with exact 1/0 prices, plus the closed ones whose prices are within 0.01 of 1/0.
        #expect(closed.filter { if case .resolved = $0 { return true } else { return false } }.count >= 290)
        let btc = try Self.load("markets_resolved_btc-updown-5m_2026-07-24.json").decoded.map(MarketResolution.init)
        #expect(btc.allSatisfy { if case .resolved = $0 { return true } else { return false } })
        // Closed without a resolution status (the AMM era, or a market closed early): never paid on its last prices.
        let legacy = try Self.load("markets_closed_legacy_2020-2021.json").decoded.map(MarketResolution.init)
        #expect(legacy.count == 100)
        #expect(legacy.allSatisfy { if case .pending = $0 { return true } else { return false } })
        let early = markets.filter { $0.closed == true && $0.umaResolutionStatus == nil }
        #expect(early.count == 5)
        #expect(early.map(MarketResolution.init).allSatisfy { if case .pending = $0 { return true } else { return false } })
    }
}
