import Foundation
import HTTPServer
import Portfolios
import Postgres
import PrescientCore
import Verdicts

/// `GET /strategies/{type}/verdict?portfolio=&config_hash=&from=&to=`: the evidence gates over a
/// strategy's registered live signals — of one portfolio, of every portfolio with one
/// configuration (its 16-hex-digit hash), or of the whole strategy — decided from `from` (a day
/// or an instant, inclusive) to `to` (exclusive), with how many registered buys were left out as
/// registered after their market resolved.
enum StrategyVerdictRequest {
    struct Answer: Encodable {
        let report: VerdictReport
        let lateSignalsExcluded: Int

        enum CodingKeys: String, CodingKey { case lateSignalsExcluded = "late_signals_excluded" }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lateSignalsExcluded, forKey: .lateSignalsExcluded)
        }
    }

    static func answer(_ request: HTTPRequest, pool: PostgresPool) throws -> Answer {
        let text = request.pathParameters["type"] ?? ""
        guard let type = StrategyType(rawValue: text) else {
            throw HTTPError.badRequest(
                "strategy must be one of \(StrategyType.allCases.map(\.rawValue).joined(separator: ", "))", code: "invalid_parameter")
        }
        let portfolio: PortfolioID? = try request.queryID("portfolio")
        let hash = request.query["config_hash"]
        if let hash, hash.count != 16 || !hash.allSatisfy(\.isHexDigit) {
            throw HTTPError.badRequest("config_hash must be 16 hexadecimal digits", code: "invalid_parameter")
        }
        let from = try instant(request, "from"), to = try instant(request, "to")
        if let from, let to, from >= to { throw HTTPError.badRequest("from must be before to", code: "invalid_parameter") }
        let subject =
            [portfolio.map { "portfolio \($0)" }, hash.map { "configuration \($0)" }].compactMap { $0 }.joined(separator: ", ")
        let (report, late) = try StrategyVerdicts(pool: pool).report(
            LedgerEvidence.Selection(strategy: type.rawValue, portfolioID: portfolio, configHash: hash, from: from, to: to),
            subject: "\(type.rawValue) live" + (subject.isEmpty ? "" : ", \(subject)"))
        return Answer(report: report, lateSignalsExcluded: late)
    }

    /// A query instant: `YYYY-MM-DD` (its start, UTC) or an ISO 8601 time.
    static func instant(_ request: HTTPRequest, _ name: String) throws -> Date? {
        guard let text = request.query[name] else { return nil }
        guard text.count <= 40, let date = ISO8601Lenient.parse(text) else {
            throw HTTPError.badRequest("\(name) must be a day (YYYY-MM-DD) or an ISO 8601 time", code: "invalid_parameter")
        }
        return date
    }
}
