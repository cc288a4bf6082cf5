import Foundation
import HTTPServer
import Logging
import Polymarket
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// The feed against the simulator's channel: books then changes on one connection per shard;
/// dropped connections and a silent channel are replaced, each outage recorded, and every
/// reconnect starts from fresh books.
@Suite("Market channel feed", .serialized)
struct MarketChannelFeedTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    final class Collected: Sendable {
        let events = Locked<[(shard: Int, event: MarketChannelEvent)]>([])

        func handle(_ shard: Int, _ list: [MarketChannelEvent]) { events.mutate { $0 += list.map { (shard, $0) } } }

        func books() -> [(Int, String)] {
            events.value.compactMap { item in
                guard case .book(let asset, _, _, _, _) = item.event else { return nil }
                return (item.shard, asset)
            }
        }

        func changes() -> Int { events.value.filter { if case .priceChange = $0.event { true } else { false } }.count }
    }

    static func wait(_ seconds: Double, until done: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while !done() && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    @Test func shardsSubscribe_andReceiveBooksThenChanges() throws {
        let (simulator, url) = try SimulatorMarketChannelTests.start()
        defer { simulator.stop() }
        #expect(simulator.application.request("POST", "/sim/ws", body: #"{"interval_ms":30,"advance_seconds":300}"#).status == .ok)
        var settings = MarketChannelFeed.Settings()
        settings.maxAssetsPerConnection = 1
        let collected = Collected()
        let feed = MarketChannelFeed(url: url, assets: SimulatorMarketChannelTests.tokens, settings: settings, logger: Self.logger) {
            collected.handle($0, $1)
        }
        #expect(feed.shards.count == 2)
        feed.start()
        defer { feed.stop() }
        Self.wait(5) { collected.books().count >= 2 && collected.changes() >= 4 }
        #expect(Set(collected.books().map(\.0)) == [0, 1], "one connection per shard")
        #expect(Set(collected.books().map(\.1)) == Set(SimulatorMarketChannelTests.tokens))
        #expect(collected.changes() >= 4 && feed.outages.isEmpty && feed.connects == 2)
    }

    @Test func droppedAndSilentConnections_areReplaced_andEachOutageIsRecorded() throws {
        let (simulator, url) = try SimulatorMarketChannelTests.start()
        defer { simulator.stop() }
        // The channel drops every connection after two changes.
        #expect(
            simulator.application.request("POST", "/sim/ws", body: #"{"interval_ms":20,"advance_seconds":300,"drop_after_messages":2}"#)
                .status == .ok)
        var settings = MarketChannelFeed.Settings()
        settings.backoffBase = 0.02
        settings.backoffCap = 0.1
        let collected = Collected()
        let feed = MarketChannelFeed(url: url, assets: [SimulatorMarketChannelTests.tokens[0]], settings: settings, logger: Self.logger) {
            collected.handle($0, $1)
        }
        feed.start()
        Self.wait(10) { feed.connects >= 3 }
        feed.stop()
        #expect(feed.connects >= 3)
        let closed = feed.outages.filter { $0.to != nil }
        #expect(closed.count >= 2 && closed.allSatisfy { $0.to! >= $0.from })
        #expect(collected.books().count >= feed.connects - 1, "every reconnect starts from a fresh book")

        // A channel that goes quiet after the books: replaced once nothing came for staleAfter.
        #expect(simulator.application.request("POST", "/sim/ws", body: #"{"interval_ms":60000}"#).status == .ok)
        settings.staleAfter = 0.3
        let quiet = MarketChannelFeed(url: url, assets: [SimulatorMarketChannelTests.tokens[0]], settings: settings, logger: Self.logger) {
            _, _ in
        }
        quiet.start()
        Self.wait(5) { quiet.connects >= 2 }
        quiet.stop()
        #expect(quiet.connects >= 2 && quiet.outages.first?.reason.hasPrefix("no message for") == true, "\(quiet.outages.map(\.reason))")
    }
}
