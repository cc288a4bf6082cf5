import Foundation
import HTTPClient
import PrescientCore

/// Where "now" comes from. Against the real Polymarket it is the system clock; against the
/// simulator (`PRESCIENT_CLOCK=simulator`) it is the simulator's clock, so days-to-end, lookbacks
/// and snapshots agree with the recorded markets' world instead of today's date.
public struct MarketClock: Sendable {
    enum Source: Sendable {
        case system
        case fixed(Date)
        case simulator(url: String, client: HTTPClient)
    }

    let source: Source

    public static let system = MarketClock(source: .system)

    /// A clock stopped at `date` (a replay's step).
    public static func fixed(_ date: Date) -> MarketClock { MarketClock(source: .fixed(date)) }

    /// Reads `PRESCIENT_CLOCK` (`system` or `simulator`) and, for the simulator, `SIMULATOR_URL`
    /// (default: `POLYMARKET_GAMMA_URL`).
    public init(environment: EnvironmentReader) throws {
        let kind = try environment.choice("PRESCIENT_CLOCK", default: "system", allowed: ["system", "simulator"])
        if kind == "simulator" {
            let url = try environment.url("SIMULATOR_URL", default: environment.string("POLYMARKET_GAMMA_URL") ?? "http://127.0.0.1:8900")
            source = .simulator(url: url, client: HTTPClient(connectTimeout: 2, defaultTimeout: 5))
        } else {
            source = .system
        }
    }

    init(source: Source) {
        self.source = source
    }

    /// The current time of the market world.
    public func now() throws -> Date {
        switch source {
        case .system:
            return Date()
        case .fixed(let date):
            return date
        case .simulator(let url, let client):
            let response = try client.get(url + "/sim/state")
            struct State: Decodable { let now: String }
            guard response.status == 200, let state = try? JSONDecoder().decode(State.self, from: Data(response.body)),
                let date = ISO8601Lenient.parse(state.now)
            else {
                throw ClockError(message: "the simulator clock at \(url) did not answer (status \(response.status))")
            }
            return date
        }
    }

    public struct ClockError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
