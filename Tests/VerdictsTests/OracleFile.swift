import Foundation
import TestSupport
import Verdicts

/// `oracle.json`: seeded inputs and the figures `scripts/lib/verdict_oracle.py` computed for them
/// with numpy and scipy, independently of the Swift code (scripts/test checks the file still
/// matches the script).
struct OracleFile: Decodable {
    struct SharpeCase: Decodable {
        let returns: [Double]
        let trials: Int
        let variance: Double
        let expected: Double
    }

    struct OverfittingCase: Decodable {
        let returns: [[Double]]
        let expected: Double
    }

    struct Interval: Decodable {
        let point: Double
        let low: Double
        let high: Double
    }

    struct Horizon: Decodable {
        let horizon: String
        let events: Int
        let value: Double?
        let low: Double?
        let high: Double?
    }

    struct BaselineFigures: Decodable {
        let strategy: Double
        let randomP95: Double
        let favourite: Double

        enum CodingKeys: String, CodingKey {
            case strategy, favourite, randomP95 = "random_p95"
        }
    }

    struct TradeCase: Decodable {
        let name: String
        let trades: [EvidenceTrade]
        let returnPerDollar: Interval
        let withoutLargestWinner: Double
        let horizons: [Horizon]
        let baselines: BaselineFigures
        let costStress: Double

        enum CodingKeys: String, CodingKey {
            case name, trades, horizons, baselines
            case returnPerDollar = "return_per_dollar", withoutLargestWinner = "without_largest_winner", costStress = "cost_stress"
        }
    }

    let deflatedSharpe: [SharpeCase]
    let cscv: [OverfittingCase]
    let tradeCases: [TradeCase]

    enum CodingKeys: String, CodingKey {
        case cscv, deflatedSharpe = "deflated_sharpe", tradeCases = "trade_cases"
    }

    static func load() throws -> OracleFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.repositoryRoot + "/Tests/VerdictsTests/oracle.json"))
        return try JSONDecoder().decode(OracleFile.self, from: data)
    }
}
