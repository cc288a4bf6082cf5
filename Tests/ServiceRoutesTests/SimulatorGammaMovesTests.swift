import Foundation
import HTTPServer
import ServiceKit
import SimulatorService
import TestSupport
import Testing

/// With `SIM_GAMMA_MOVES=1` open markets' Gamma payloads move with the clock (prices at the book
/// model's, volumes varied per step), as a live universe's do; by default Gamma serves the
/// recorded bytes.
@Suite("Simulator Gamma moves")
struct SimulatorGammaMovesTests {
    static func start(moves: Bool) throws -> ServiceHost {
        try SimulatorWalletTests.start(wallets: 0, seed: 42, settings: ["SIM_GAMMA_MOVES": moves ? "1" : "0"])
    }

    struct Market {
        let id: String
        let yesToken: String
        let prices: [Decimal]
        let lastTrade: Decimal?
        let bid: Decimal?
        let ask: Decimal?
        let volume: Decimal?
    }

    static func decimal(_ value: Any?) -> Decimal? {
        if let text = value as? String { return Decimal(string: text) }
        if let number = value as? NSNumber { return Decimal(string: number.stringValue) }
        return nil
    }

    /// The first 40 open markets of the keyset listing.
    static func markets(_ simulator: ServiceHost) throws -> [Market] {
        let answer = simulator.application.request("GET", "/markets/keyset?closed=false&limit=40")
        let page = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        let items = try #require(page["markets"] as? [[String: Any]])
        return items.compactMap { item in
            func list(_ key: String) -> [String] {
                ((item[key] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String]) ?? []
            }
            guard let id = item["id"] as? String, let token = list("clobTokenIds").first else { return nil }
            return Market(
                id: id, yesToken: token, prices: list("outcomePrices").compactMap { Decimal(string: $0) },
                lastTrade: decimal(item["lastTradePrice"]), bid: decimal(item["bestBid"]), ask: decimal(item["bestAsk"]),
                volume: decimal(item["volume24hr"]))
        }
    }

    static func midpoint(_ simulator: ServiceHost, token: String) -> Decimal? {
        let answer = simulator.application.request("GET", "/midpoint?token_id=\(token)", listener: "clob")
        let object = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any]
        return decimal(object?["mid"])
    }

    @Test func byDefault_gammaServesTheRecordedPrices_whateverTheClock() throws {
        let simulator = try Self.start(moves: false)
        defer { simulator.stop() }
        let before = try Self.markets(simulator)
        _ = simulator.application.request("POST", "/sim/advance", body: #"{"seconds":86400}"#)
        let after = try Self.markets(simulator)
        #expect(before.count == after.count && !before.isEmpty)
        #expect(zip(before, after).allSatisfy { $0.prices == $1.prices && $0.volume == $1.volume })
    }

    @Test func withMoves_pricesFollowTheBooks_andVolumesVary() throws {
        let recorded = try Self.start(moves: false)
        let recordedMarkets = try Self.markets(recorded)
        recorded.stop()
        let simulator = try Self.start(moves: true)
        defer { simulator.stop() }
        let before = try Self.markets(simulator)
        let midsBefore = before.map { Self.midpoint(simulator, token: $0.yesToken) }
        _ = simulator.application.request("POST", "/sim/advance", body: #"{"seconds":86400}"#)
        let after = try Self.markets(simulator)
        let midsAfter = after.map { Self.midpoint(simulator, token: $0.yesToken) }
        try #require(after.count == before.count && before.count == recordedMarkets.count && after.count >= 20)
        var moved = 0
        var sameDirection = 0
        for index in after.indices {
            let market = after[index]
            // YES and NO sum to one; the last trade is YES's price; the touch is a bid below an ask.
            #expect(market.prices.count == 2 && market.prices.reduce(0, +) == 1, "\(market.id): \(market.prices)")
            #expect(market.lastTrade == market.prices.first)
            if let bid = market.bid, let ask = market.ask { #expect(bid < ask, "\(market.id): \(bid) \(ask)") }
            // The volume is the recorded one scaled by 0.5–1.5.
            if let volume = market.volume, let base = recordedMarkets[index].volume, base > 0 {
                #expect(volume >= base / 2 - Decimal(string: "0.01")! && volume <= base * 3 / 2 + Decimal(string: "0.01")!)
            }
            // Where Gamma's price moved over the day, the CLOB's midpoint (read from the books) moved the same way.
            let change = (market.prices.first ?? 0) - (before[index].prices.first ?? 0)
            if change != 0, let from = midsBefore[index], let to = midsAfter[index] {
                moved += 1
                if (to - from) * change > 0 { sameDirection += 1 }
            }
        }
        #expect(moved >= after.count / 2, "only \(moved) of \(after.count) markets moved over a day")
        #expect(sameDirection * 10 >= moved * 9, "\(sameDirection) of \(moved) moved with the books")
    }
}
