import Foundation

/// The simulator's mutable world: the simulated clock, resolutions, delisted markets and faults.
final class SimulatorState: @unchecked Sendable {
    // Safe because every field is read and written under `lock`.
    /// A final outcome, or a pending one (UMA `proposed` / `disputed`) that a later call may finalise.
    enum Outcome: String, Codable, Sendable, CaseIterable {
        case yes = "YES", no = "NO", void = "VOID", proposed = "PROPOSED", disputed = "DISPUTED"

        var isFinal: Bool { self == .yes || self == .no || self == .void }
    }

    private let lock = NSLock()
    private var clockSeconds: Int64 = 0
    private var resolutions: [String: Outcome] = [:]
    private var delisted: Set<String> = []
    private var faults = FaultSettings()
    private var generator: SeededGenerator
    private var pricePaths: [String: PricePath] = [:]
    private var plantedTrades: [PlantedTrade] = []
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        generator = SeededGenerator(state: seed)
    }

    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    var elapsedSeconds: Int64 { withLock { clockSeconds } }

    /// The random-walk step of the current simulated time.
    var step: Int64 { elapsedSeconds / PriceWalk.stepSeconds }

    func advance(by seconds: Int64) -> Int64 {
        withLock {
            clockSeconds += seconds
            return clockSeconds
        }
    }

    func resolution(of conditionID: String) -> Outcome? { withLock { resolutions[conditionID] } }

    /// Records a resolution; returns false if the market already has a different final outcome
    /// (a pending one may move on: proposed → disputed → YES, …).
    func resolve(_ conditionID: String, as outcome: Outcome) -> Bool {
        withLock {
            if let existing = resolutions[conditionID], existing.isFinal, existing != outcome { return false }
            resolutions[conditionID] = outcome
            return true
        }
    }

    func isDelisted(_ marketID: String) -> Bool { withLock { delisted.contains(marketID) } }

    func delist(_ marketID: String) { withLock { _ = delisted.insert(marketID) } }

    var faultSettings: FaultSettings {
        get { withLock { faults } }
        set { withLock { faults = newValue } }
    }

    /// A uniform draw in [0, 1) from the seeded generator.
    func draw() -> Double {
        withLock { Double(generator.next() >> 11) / Double(1 << 53) }
    }

    var counts: (resolved: Int, delisted: Int) { withLock { (resolutions.count, delisted.count) } }

    /// Sets (or, with no points, clears) the YES price path of a market, keyed by its YES token.
    func setPricePath(_ path: PricePath?, yesToken: String) { withLock { pricePaths[yesToken] = path } }

    /// The path's YES price at `second`, when a path covers it.
    func pathPrice(yesToken: String, atSecond second: Int64) -> Int64? { withLock { pricePaths[yesToken]?.price(atSecond: second) } }

    /// Records a planted trade and returns its sequence number (its index, from 0).
    func plant(_ trade: PlantedTrade) -> Int {
        withLock {
            plantedTrades.append(trade)
            return plantedTrades.count - 1
        }
    }

    /// Planted trades from sequence number `start` on.
    func plantedTrades(from start: Int = 0) -> ArraySlice<PlantedTrade> {
        withLock { plantedTrades[min(max(start, 0), plantedTrades.count)...] }
    }

    func reset() {
        withLock {
            clockSeconds = 0
            resolutions.removeAll()
            delisted.removeAll()
            faults = FaultSettings()
            pricePaths.removeAll()
            plantedTrades.removeAll()
            generator = SeededGenerator(state: seed)
        }
    }
}
