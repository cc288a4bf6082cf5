import Foundation
import HTTPServer
import ServiceKit
import TestSupport
import Testing

/// The simulator's new routes refuse bad input with a status and Polymarket's error body (the
/// control with the suite's), and answer unknown ids with a 404.
@Suite("Simulator bad input")
struct SimulatorBadInputTests {
    @Test func newRoutes_refuseBadInputWithAStatusAndAnErrorBody() throws {
        let simulator = try SimulatorWalletTests.start(wallets: 50)
        defer { simulator.stop() }
        let address = "0x" + String(repeating: "b", count: 40)
        let huge = "99999999999999999999999"
        let token = SimulatorMarketChannelTests.tokens[0]
        let cases: [(listener: String?, method: String, target: String, body: String?, status: Int)] = [
            // CLOB
            ("clob", "GET", "/spread", nil, 400), ("clob", "GET", "/spread?token_id=1", nil, 404),
            ("clob", "GET", "/tick-size?token_id=1", nil, 404), ("clob", "GET", "/neg-risk", nil, 400),
            ("clob", "GET", "/fee-rate?token_id=1", nil, 404), ("clob", "GET", "/last-trade-price?token_id=1", nil, 404),
            ("clob", "POST", "/prices", "{nope", 400), ("clob", "POST", "/prices", #"[{"token_id":1,"side":"BUY"}]"#, 400),
            ("clob", "POST", "/prices", #"[{"token_id":"1","side":"HOLD"}]"#, 400),
            ("clob", "POST", "/prices", #"[{"token_id":"a\u0000b","side":"BUY"}]"#, 400),
            ("clob", "POST", "/spreads", "[" + Array(repeating: #"{"token_id":"1"}"#, count: 501).joined(separator: ",") + "]", 400),
            ("clob", "POST", "/last-trades-prices", #"{"token_id":"1"}"#, 400),
            ("clob", "GET", "/markets?next_cursor=garbage", nil, 400), ("clob", "GET", "/markets?next_cursor=LTE=", nil, 400),
            ("clob", "GET", "/markets/0xunknown", nil, 404), ("clob", "GET", "/live-activity/events/0xunknown", nil, 404),
            // Gamma
            (nil, "GET", "/tags?limit=abc", nil, 400), (nil, "GET", "/tags?limit=\(huge)", nil, 400), (nil, "GET", "/tags/0", nil, 404),
            (nil, "GET", "/series?offset=-1", nil, 400), (nil, "GET", "/series/0", nil, 404),
            (nil, "GET", "/public-search?q=x&limit_per_type=0", nil, 400), (nil, "GET", "/public-search?q=x&page=abc", nil, 400),
            (nil, "POST", "/sim/rate-limits", "{nope", 400), (nil, "POST", "/sim/rate-limits", #"{"enabled":"yes"}"#, 400),
            (nil, "POST", "/sim/rate-limits", "", 400),
            // Known paths and planted trades
            (nil, "POST", "/sim/price-path", "{nope", 400), (nil, "POST", "/sim/price-path", #"{"token_id":"1","points":[]}"#, 404),
            (nil, "POST", "/sim/price-path", #"{"token_id":"a\u0000b","points":[]}"#, 400),
            (nil, "POST", "/sim/price-path", #"{"token_id":"\#(token)","points":"soon"}"#, 400),
            (nil, "POST", "/sim/price-path", #"{"token_id":"\#(token)","points":[{"after_seconds":-1,"price":"0.5"}]}"#, 400),
            (nil, "POST", "/sim/price-path", #"{"token_id":"\#(token)","points":[{"after_seconds":\#(huge),"price":"0.5"}]}"#, 400),
            (nil, "POST", "/sim/price-path", #"{"token_id":"\#(token)","points":[{"after_seconds":10,"price":"1.5"}]}"#, 400),
            (
                nil, "POST", "/sim/price-path",
                #"{"token_id":"\#(token)","points":[{"after_seconds":10,"price":"0.5"},{"after_seconds":5,"price":"0.5"}]}"#, 400
            ),
            (nil, "POST", "/sim/price-path", #"{"token_id":"\#(token)","points":[],"extra":1}"#, 400),
            (nil, "POST", "/sim/trades", "{nope", 400),
            (nil, "POST", "/sim/trades", #"{"wallet":"0x1","token_id":"\#(token)","side":"BUY","size":"10"}"#, 400),
            (nil, "POST", "/sim/trades", #"{"wallet":"\#(address)","token_id":"1","side":"BUY","size":"10"}"#, 404),
            (nil, "POST", "/sim/trades", #"{"wallet":"\#(address)","token_id":"\#(token)","side":"HOLD","size":"10"}"#, 400),
            (nil, "POST", "/sim/trades", #"{"wallet":"\#(address)","token_id":"\#(token)","side":"BUY","size":"0"}"#, 400),
            (nil, "POST", "/sim/trades", #"{"wallet":"\#(address)","token_id":"\#(token)","side":"BUY","size":"\#(huge)"}"#, 400),
            (nil, "POST", "/sim/trades", #"{"wallet":"\#(address)","token_id":"\#(token)","side":"BUY","size":true}"#, 400),
            (nil, "POST", "/sim/trades", #"{"wallet":"\#(address)","token_id":"\#(token)","side":"BUY","size":"10","price":"2"}"#, 400),
            // Data API
            ("data", "GET", "/v2/trades?limit=0", nil, 400), ("data", "GET", "/v2/trades?limit=\(huge)", nil, 400),
            ("data", "GET", "/v2/holders?condition=" + Array(repeating: "0x1", count: 21).joined(separator: ","), nil, 400),
            ("data", "GET", "/v2/positions", nil, 400), ("data", "GET", "/v2/positions?user=\(address)&status=SOLD", nil, 400),
            ("data", "GET", "/v2/activity?user=nope", nil, 400), ("data", "GET", "/v2/value", nil, 400),
            ("data", "GET", "/v2/leaderboard?sort_by=LUCK", nil, 400), ("data", "GET", "/v2/leaderboard?user=\(address)", nil, 404),
            ("data", "GET", "/v2/user-stats?user=0x1", nil, 400), ("data", "GET", "/v2/user-pnl?user=\(address)&interval=1y", nil, 400),
            ("data", "GET", "/v2/biggest-winners?offset=5", nil, 400), ("data", "GET", "/traded", nil, 400),
            ("data", "GET", "/activity?user=\(address)&start=soon", nil, 400),
            ("data", "GET", "/positions?user=\(address)&limit=501", nil, 400),
            ("data", "GET", "/positions?user=\(address)&sizeThreshold=lots", nil, 400),
            ("data", "GET", "/v1/market-positions", nil, 400), ("data", "GET", "/v1/market-positions?market=0x1&status=SOME", nil, 400),
            ("data", "GET", "/v1/market-positions?market=0x1&offset=10001", nil, 400),
            ("data", "GET", "/v1/leaderboard?orderBy=LUCK", nil, 400), ("data", "GET", "/v1/leaderboard?limit=51", nil, 400),
            ("data", "GET", "/holders?market=0x1&minBalance=lots", nil, 400),
        ]
        for (listener, method, target, body, status) in cases {
            let response = simulator.application.request(method, target, body: body, listener: listener)
            #expect(response.status.code == status, "\(method) \(target): \(response.status.code) \(response.text.prefix(200))")
            let described = target.hasPrefix("/sim/") ? response.errorCode != nil : response.polymarketError?.isEmpty == false
            #expect(described, "\(method) \(target): \(response.text.prefix(200))")
        }
        // An unknown market has no positions (as Polymarket answers), not an error.
        #expect(simulator.application.request("GET", "/v1/market-positions?market=0x1", listener: "data").text == "[]")
    }
}
