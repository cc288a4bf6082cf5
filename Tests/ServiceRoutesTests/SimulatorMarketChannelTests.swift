import Foundation
import HTTPServer
import Polymarket
import PrescientCore
import ServiceKit
import SimulatorService
import TestSupport
import Testing
import WebSocket

/// The simulator's market channel through the project's own WebSocket client over a real socket:
/// the subscription's books and every later touch equal what the CLOB's `/book` says at that
/// moment (a second reading), `PING` answers `PONG`, the outage knob drops connections, and bad
/// subscriptions and paths are refused.
@Suite("Simulator market channel", .serialized)
struct SimulatorMarketChannelTests {
    static let tokens = [
        "75467129615908319583031474642658885479135630431889036121812713428992454630178",
        "3842963720267267286970642336860752782302644680156535061700039388405652129691",
    ]

    static func start() throws -> (ServiceHost, String) {
        let simulator = try ServiceHost.simulator()
        struct Status: Decodable { let port: Int }
        let port = try JSONDecoder().decode(Status.self, from: Data(simulator.application.request("GET", "/sim/ws").body)).port
        return (simulator, "ws://127.0.0.1:\(port)/ws/market")
    }

    static func book(_ simulator: ServiceHost, _ token: String) throws -> OrderBook {
        try JSONDecoder().decode(
            OrderBook.self, from: Data(simulator.application.request("GET", "/book?token_id=\(token)", listener: "clob").body))
    }

    func json(_ message: WebSocketMessage?) throws -> Any {
        guard case .text(let text)? = message else { throw TestSetupError("expected a text message, got \(String(describing: message))") }
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// The first message of a subscription holds every asset's book in one frame: measured here
    /// for every token the simulator serves and scaled to 500 assets (the most one connection
    /// subscribes), with room for books ten times deeper, it fits the feed's caps, so a real dump
    /// never closes the connection with 1009 and loops reconnects.
    @Test func theInitialBookDumpOf500Assets_fitsTheFeedsFrameAndMessageCaps() throws {
        let (simulator, url) = try Self.start()
        defer { simulator.stop() }
        // Every token of the CLOB's first page of markets (the 500 recorded ones: up to 1,000 tokens).
        let page = try JSONSerialization.jsonObject(with: Data(simulator.application.request("GET", "/markets", listener: "clob").body))
        let markets = ((page as? [String: Any])?["data"] as? [[String: Any]]) ?? []
        let tokens = markets.flatMap { ($0["tokens"] as? [[String: Any]] ?? []).compactMap { $0["token_id"] as? String } }
        let subscribed = Array(tokens.prefix(500))
        #expect(subscribed.count >= 50, "only \(subscribed.count) tokens")
        let connection = try WebSocketConnection(url: url, maxFrameSize: 64 << 20, maxMessageSize: 64 << 20)
        defer { connection.close() }
        let request = try JSONSerialization.data(withJSONObject: ["assets_ids": subscribed, "type": "market"])
        try connection.send(text: String(decoding: request, as: UTF8.self))
        guard case .text(let dump)? = try connection.receive(timeout: 10) else { throw TestSetupError("no book dump") }
        let books = try #require(try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [[String: Any]])
        #expect(!books.isEmpty)
        let perBook = Double(dump.utf8.count) / Double(books.count)
        let projected = Int(perBook * 500)
        let settings = MarketChannelFeed.Settings()
        print(
            "market channel: \(books.count) books in \(dump.utf8.count) bytes; 500 assets ≈ \(projected) bytes; caps \(settings.maxFrameBytes)/\(settings.maxMessageBytes)"
        )
        #expect(projected * 10 < settings.maxFrameBytes && projected * 10 < settings.maxMessageBytes)
    }

    @Test func aSubscription_getsTheBooksThenEachMoveOfTheTouch() throws {
        let (simulator, url) = try Self.start()
        defer { simulator.stop() }
        let connection = try WebSocketConnection(url: url)
        defer { connection.close() }
        try connection.send(text: "PING")
        #expect(try connection.receive(timeout: 5) == .text("PONG"))
        try connection.send(
            text: #"{"assets_ids":["\#(Self.tokens[0])","\#(Self.tokens[1])"],"type":"market","custom_feature_enabled":true}"#)
        let books = try #require(try json(try connection.receive(timeout: 5)) as? [[String: Any]])
        #expect(books.map { $0["asset_id"] as? String } == Self.tokens)
        for book in books {
            #expect(book["event_type"] as? String == "book" && book["market"] as? String != "")
            let rest = try Self.book(simulator, book["asset_id"] as! String)
            let bids = (book["bids"] as? [[String: String]] ?? []).compactMap { Decimal(string: $0["price"] ?? "") }
            #expect(bids.max() == rest.bestBid?.price)
        }

        // The clock moves an hour: the next publication carries the new touch of each token.
        #expect(simulator.application.request("POST", "/sim/ws", body: #"{"interval_ms":50}"#).status == .ok)
        _ = simulator.application.request("POST", "/sim/advance", body: #"{"seconds":3600}"#)
        let change = try #require(try json(try connection.receive(timeout: 5)) as? [String: Any])
        #expect(change["event_type"] as? String == "price_change")
        let changes = try #require(change["price_changes"] as? [[String: String]])
        #expect(!changes.isEmpty)
        for item in changes {
            let rest = try Self.book(simulator, item["asset_id"]!)
            #expect(Decimal(string: item["best_bid"]!) == rest.bestBid?.price && Decimal(string: item["best_ask"]!) == rest.bestAsk?.price)
        }
    }

    @Test func theOutageKnob_dropsTheConnection_andBadRequestsAreRefused() throws {
        let (simulator, url) = try Self.start()
        defer { simulator.stop() }
        #expect(
            simulator.application.request("POST", "/sim/ws", body: #"{"interval_ms":20,"advance_seconds":600,"drop_after_messages":2}"#)
                .status == .ok)
        let connection = try WebSocketConnection(url: url)
        try connection.send(text: #"{"assets_ids":["\#(Self.tokens[0])"],"type":"market"}"#)
        var messages = 0
        var ending: WebSocketMessage?
        while ending == nil {
            let message = try connection.receive(timeout: 5)
            if case .close = message { ending = message } else { messages += 1 }
        }
        #expect(ending == .close(.abnormal, "the connection dropped without a close frame"))
        #expect(messages == 3, "the books and two changes, then the drop")

        #expect(simulator.application.request("POST", "/sim/ws", body: #"{"interval_ms":1000}"#).status == .ok)
        let wrong = try WebSocketConnection(url: url)
        try wrong.send(text: #"{"assets_ids":[],"type":"market"}"#)
        #expect(try wrong.receive(timeout: 5) == .close(.policyViolation, "subscribe with assets_ids (1 to 500) and type market"))
        #expect(throws: WebSocketProtocolError.self) {
            _ = try WebSocketConnection(url: url.replacingOccurrences(of: "/ws/market", with: "/ws/user"))
        }
        for body in [
            #"{"interval_ms":0}"#, "{", #"{"interval_ms":"fast"}"#, #"{"advance_seconds":1000000000000}"#, #"{"drop_after_messages":-1}"#,
            #"{"interval_ms":1e400}"#, "{\"interval_ms\":\u{0}}",
        ] {
            let refused = simulator.application.request("POST", "/sim/ws", body: body)
            #expect(refused.status.code == 400, "\(body): \(refused.text)")
        }
    }
}
