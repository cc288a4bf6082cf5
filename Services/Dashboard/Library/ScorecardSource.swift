import Foundation
import HTTPClient
import LiveTier

/// Where the dashboard gets the signal scorecards: the live-signals service computes them.
protocol ScorecardSource: Sendable {
    /// Per strategy, or nil when the source cannot be reached.
    func byStrategy() -> [(key: String, scorecard: Scorecard)]?
}

/// `GET /scorecards` of the live-signals service at `LIVE_SIGNALS_URL`, with a short timeout.
struct LiveSignalsScorecards: ScorecardSource {
    let url: String
    let http = HTTPClient(connectTimeout: 1, defaultTimeout: 3)

    func byStrategy() -> [(key: String, scorecard: Scorecard)]? {
        struct Report: Decodable {
            struct Group: Decodable {
                let key: String
                let scorecard: Scorecard
            }
            let byStrategy: [Group]
            enum CodingKeys: String, CodingKey { case byStrategy = "by_strategy" }
        }
        guard let response = try? http.get(url + "/scorecards"), response.status == 200,
            let report = try? JSONDecoder().decode(Report.self, from: Data(response.body))
        else { return nil }
        return report.byStrategy.map { ($0.key, $0.scorecard) }
    }
}
