import Foundation
import HTTPServer
import ServiceKit
import SimulatorService
import TestSupport
import Testing

/// The simulator started on recorded event runs (`gamma-events/events_weather_one-run_…json`)
/// serves every recorded event with its markets, each market with its parent event nested as
/// Gamma nests it, and starts its clock when the runs were fetched.
@Suite("Simulator on recorded event runs", .serialized)
struct SimulatorEventRunsTests {
    static let file = "gamma-events/events_weather_one-run_2026-06-22T00-01Z.json"

    @Test func theRecordedEventsAndTheirMarkets_areServed_fromTheFetchTime() throws {
        let simulator = try ServiceHost.simulator(dataset: Self.file)
        defer { simulator.stop() }
        // The recording, read here directly: event id → its market ids.
        let runs =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixturesDirectory + "/" + Self.file)))
            as? [[String: Any]] ?? []
        var recorded: [String: Set<String>] = [:]
        for event in runs.flatMap({ $0["gamma_events"] as? [[String: Any]] ?? [] }) {
            recorded[event["id"] as! String] = Set((event["markets"] as? [[String: Any]] ?? []).map { $0["id"] as! String })
        }
        #expect(recorded.count == 8 && recorded.values.map(\.count).reduce(0, +) == 88)

        let state = try JSONSerialization.jsonObject(with: Data(simulator.application.request("GET", "/sim/state").body)) as? [String: Any]
        // The last run was fetched at 00:01:32.875 UTC: the clock starts at that minute.
        #expect(state?["now"] as? String == "2026-06-22 00:01:00+00")
        #expect(state?["markets"] as? Int == 88 && state?["events"] as? Int == 8)

        let events =
            try JSONSerialization.jsonObject(with: Data(simulator.application.request("GET", "/events/keyset?limit=500").body))
            as? [String: Any]
        var served: [String: Set<String>] = [:]
        for event in events?["events"] as? [[String: Any]] ?? [] {
            served[event["id"] as? String ?? ""] = Set((event["markets"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        }
        #expect(served == recorded)

        let markets =
            try JSONSerialization.jsonObject(with: Data(simulator.application.request("GET", "/markets/keyset?limit=100").body))
            as? [String: Any]
        let list = markets?["markets"] as? [[String: Any]] ?? []
        #expect(list.count == 88)
        for market in list {
            let parent = (market["events"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            #expect(recorded[parent]?.contains(market["id"] as? String ?? "") == true, "\(market["id"] ?? "?") under \(parent)")
        }
    }
}
