import Foundation
import HTTPServer
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// Gamma's slug lookups, tags, series and public search in the simulator, checked against what
/// the recorded files hold (read here independently of the simulator).
@Suite("Simulator Gamma catalog")
struct SimulatorGammaCatalogTests {
    static func recordedMarkets() throws -> [[String: Any]] {
        let path = TestEnvironment.fixturesDirectory + "/" + SimulatedWorld.smallDataset
        return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[String: Any]]
    }

    static func json(_ response: HTTPResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(response.body))
    }

    @Test func slugsTagsSeriesAndSearch_answerWhatTheRecordingsHold() throws {
        let simulator = try SimulatorHostsTests.start()
        defer { simulator.stop() }
        let markets = try Self.recordedMarkets()
        func get(_ target: String) -> HTTPResponse { simulator.application.request("GET", target) }

        // A market and an event by slug.
        let market = markets[0]
        let bySlug = try #require(try Self.json(get("/markets/slug/\(market["slug"] as! String)")) as? [String: Any])
        #expect(bySlug["id"] as? String == market["id"] as? String)
        let event = (market["events"] as! [[String: Any]])[0]
        let eventBySlug = try #require(try Self.json(get("/events/slug/\(event["slug"] as! String)")) as? [String: Any])
        #expect(eventBySlug["id"] as? String == event["id"] as? String)
        #expect(get("/markets/slug/no-such-market").status.code == 404)
        #expect(get("/events/slug/no-such-event").polymarketError == "event not found")

        // Series: the distinct ones embedded in the recorded events, in id order.
        var seriesIDs = Set<String>()
        for market in markets {
            for event in market["events"] as? [[String: Any]] ?? [] {
                for series in event["series"] as? [[String: Any]] ?? [] { seriesIDs.insert("\(series["id"]!)") }
            }
        }
        let served = try #require(try Self.json(get("/series?limit=1000")) as? [[String: Any]])
        #expect(Set(served.map { "\($0["id"]!)" }) == seriesIDs && !seriesIDs.isEmpty)
        let firstSeries = seriesIDs.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }[0]
        #expect((try Self.json(get("/series/\(firstSeries)")) as? [String: Any]).map { "\($0["id"]!)" } == firstSeries)
        #expect((try Self.json(get("/series?limit=1&offset=1")) as? [[String: Any]])?.count == min(1, max(0, seriesIDs.count - 1)))

        // Tags: the distinct tags of the recorded event files.
        var tagIDs = Set<String>()
        let folder = TestEnvironment.fixturesDirectory + "/gamma-events"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasPrefix("events") {
            let events = try JSONSerialization.jsonObject(with: Data(try Gzip.readFile(folder + "/" + name))) as? [[String: Any]] ?? []
            for event in events {
                for tag in event["tags"] as? [[String: Any]] ?? [] { tagIDs.insert("\(tag["id"]!)") }
            }
        }
        let tags = try #require(try Self.json(get("/tags?limit=1000")) as? [[String: Any]])
        #expect(Set(tags.map { "\($0["id"]!)" }) == tagIDs && !tagIDs.isEmpty)
        let someTag = try #require(tags.first)
        #expect(
            (try Self.json(get("/tags/slug/\(someTag["slug"] as! String)")) as? [String: Any])?["label"] as? String == someTag["label"]
                as? String)

        // Search: every open event whose title or ticker holds the word, counted here.
        let word = (event["title"] as! String).split(separator: " ").map(String.init).max { $0.count < $1.count }!.lowercased()
        var expected = Set<String>()
        for market in markets where market["closed"] as? Bool != true {
            for event in market["events"] as? [[String: Any]] ?? [] {
                let text = ((event["title"] as? String ?? "") + " " + (event["ticker"] as? String ?? "")).lowercased()
                if text.contains(word) { expected.insert(event["id"] as! String) }
            }
        }
        let search = try #require(
            try Self.json(get("/public-search?q=\(PercentEncoding.queryComponent(word))&limit_per_type=50")) as? [String: Any])
        let found = Set((search["events"] as? [[String: Any]] ?? []).map { $0["id"] as! String })
        #expect(found == expected && found.contains(event["id"] as! String), "q=\(word)")
        #expect((search["pagination"] as? [String: Any])?["totalResults"] as? Int == expected.count)
        #expect(get("/public-search").status.code == 400)
    }
}
