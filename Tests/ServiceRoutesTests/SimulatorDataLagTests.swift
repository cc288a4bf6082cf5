import Foundation
import HTTPServer
import ServiceKit
import SimulatorService
import TestSupport
import Testing

/// The simulator's Data API shows a fill only once it is `SIM_DATA_LAG_S` old on the simulator's
/// clock (Polymarket's indexing lag; 20 s by default), so a follower cannot act on a trade sooner
/// than the venue would let it.
@Suite("Simulator Data API lag")
struct SimulatorDataLagTests {
    static func start(lag: String?) throws -> ServiceHost {
        try SimulatorWalletTests.start(wallets: 0, settings: lag.map { ["SIM_DATA_LAG_S": $0] } ?? [:])
    }

    static let wallet = "0x" + String(repeating: "c", count: 40)

    static func plantedCount(_ simulator: ServiceHost) -> Int {
        let answer = simulator.application.request("GET", "/trades?user=\(wallet)", listener: "data")
        let rows = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [Any]
        return rows?.count ?? -1
    }

    static func plant(_ simulator: ServiceHost) {
        let body = #"{"wallet":"\#(wallet)","token_id":"\#(SimulatorMarketChannelTests.tokens[0])","side":"BUY","size":"10"}"#
        #expect(simulator.application.request("POST", "/sim/trades", body: body).status == .ok)
    }

    @Test func aPlantedFill_isHiddenUntilTwentySimulatedSecondsHavePassed() throws {
        let simulator = try Self.start(lag: nil)
        defer { simulator.stop() }
        Self.plant(simulator)
        #expect(Self.plantedCount(simulator) == 0)
        _ = simulator.application.request("POST", "/sim/advance", body: #"{"seconds":19}"#)
        #expect(Self.plantedCount(simulator) == 0, "19 s after the fill it is still being indexed")
        _ = simulator.application.request("POST", "/sim/advance", body: #"{"seconds":1}"#)
        #expect(Self.plantedCount(simulator) == 1, "20 s after the fill the Data API lists it")
    }

    @Test func aZeroLag_showsAFillAtOnce() throws {
        let simulator = try Self.start(lag: "0")
        defer { simulator.stop() }
        Self.plant(simulator)
        #expect(Self.plantedCount(simulator) == 1)
    }

    @Test func aLagOutsideItsRange_refusesToStart() {
        #expect(throws: (any Error).self) { try Self.start(lag: "-1") }
        #expect(throws: (any Error).self) { try Self.start(lag: "soon") }
    }
}
