import Foundation
import HTTPServer
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// The Data API's v2 generation in the simulator: the recorded trades in v2's names and
/// envelope, every field of the recorded v2 shape, paged by cursor only.
@Suite("Simulator Data API v2")
struct SimulatorDataAPIv2Tests {
    static func load(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixturesDirectory + "/" + path)))
    }

    @Test func v2Trades_areTheRecordedTradesInV2NamesPagedByCursor() throws {
        let simulator = try SimulatorHostsTests.start()
        defer { simulator.stop() }
        let recorded = try Self.load("data-api/trades_latest100_2026-02-07.json") as! [[String: Any]]
        let v2Fields = Set(
            ((try Self.load("data-api-wallets/trades/v2-trades-global-limit2.json") as! [String: Any])["data"] as! [[String: Any]])[0].keys)

        var rows: [[String: Any]] = []
        var cursor: String?
        var pages = 0
        repeat {
            let target = "/v2/trades?limit=30" + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = simulator.application.request("GET", target, listener: "data")
            #expect(response.status == .ok, "\(response.text)")
            let page = try JSONSerialization.jsonObject(with: Data(response.body)) as! [String: Any]
            let pagination = page["pagination"] as! [String: Any]
            #expect(pagination["limit"] as? Int == 30 && pagination["offset"] as? Int == pages * 30)
            rows += page["data"] as! [[String: Any]]
            cursor = pagination["next_cursor"] as? String
            #expect((pagination["has_more"] as? Bool) == (cursor != nil))
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 4 && rows.count == recorded.count, "100 recorded trades in pages of 30")
        for (row, trade) in zip(rows, recorded) {
            #expect(Set(row.keys) == v2Fields, "every field of the recorded v2 shape, and only those")
            #expect(row["proxy_wallet"] as? String == trade["proxyWallet"] as? String)
            #expect(row["token_id"] as? String == trade["asset"] as? String)
            #expect(row["condition_id"] as? String == trade["conditionId"] as? String)
            #expect(row["transaction_hash"] as? String == trade["transactionHash"] as? String)
            #expect((row["size"] as? NSNumber)?.doubleValue == (trade["size"] as? NSNumber)?.doubleValue)
        }

        // Filtered by market, and v2's refusals.
        let condition = recorded[0]["conditionId"] as! String
        let expected = recorded.filter { $0["conditionId"] as? String == condition }.count
        let filtered = simulator.application.request("GET", "/v2/trades?condition=\(condition)&limit=1000", listener: "data")
        #expect(((try JSONSerialization.jsonObject(with: Data(filtered.body)) as! [String: Any])["data"] as! [Any]).count == expected)
        let offset = simulator.application.request("GET", "/v2/trades?offset=10", listener: "data")
        #expect(offset.status.code == 400 && offset.polymarketError?.contains("cursor") == true)
        #expect(simulator.application.request("GET", "/v2/trades?cursor=garbage", listener: "data").status.code == 400)
        #expect(simulator.application.request("GET", "/v2/holders", listener: "data").status.code == 400)
        let holders = simulator.application.request("GET", "/v2/holders?condition=\(condition)", listener: "data")
        let tokens = (try JSONSerialization.jsonObject(with: Data(holders.body)) as! [String: Any])["data"] as! [[String: Any]]
        #expect(!tokens.isEmpty && tokens.allSatisfy { ($0["holders"] as? [[String: Any]])?.isEmpty == false })
    }
}
