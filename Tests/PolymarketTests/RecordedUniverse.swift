import Foundation
import Polymarket
import PrescientCore
import TestSupport

/// The recorded active universe (199 MB of JSON), unzipped and decoded once per test process:
/// three suites read it, and each doing so on its own cost the suite seconds of CPU.
enum RecordedUniverse {
    struct Decoded: Sendable {
        let markets: [GammaMarket]
        let skipped: Int
    }

    static let file = "gamma-markets/markets_active_all_2026-03-11.json.gz"

    static let bytes = Result { try Gzip.readFile(TestEnvironment.fixturesDirectory + "/" + file) }

    static let decoded = Result {
        let list = try JSONDecoder().decode(LenientList<GammaMarket>.self, from: Data(try bytes.get()))
        return Decoded(markets: list.elements, skipped: list.skipped)
    }

    /// The bytes of `relative`: the shared ones for the universe, else read now.
    static func read(_ relative: String) throws -> [UInt8] {
        relative == file ? try bytes.get() : try Gzip.readFile(TestEnvironment.fixturesDirectory + "/" + relative)
    }
}
