import Foundation
import HTTPServer
import Postgres
import PrescientCore
import TestSupport
import Testing
import Verdicts

/// `GET /strategies/{type}/verdict` through the orchestrator's router: a buy registered after its
/// market resolved is excluded and counted, one registered in time but never executed is no
/// trade to judge, and the answer is INSUFFICIENT with every gate and the events it still needs.
@Suite("Strategy verdicts", .tags(.database))
struct StrategyVerdictTests {
    @Test func aSignalRegisteredAfterItsMarketResolved_isExcludedAndCounted() throws {
        let suite = try InProcessSuite()
        try suite.pool.execute(
            """
            INSERT INTO markets (id, condition_id, closed, end_date, raw)
            VALUES ('m-closed', 'c-closed', true, '2026-03-20T00:00:00Z', '{"closedTime":"2026-03-10 12:00:00+00"}'),
                   ('m-garbled', 'c-garbled', false, NULL, '{"closedTime":"2026-13-45 99:00:00+00","umaEndDate":"soon"}')
            """)
        func signal(_ seq: Int, decided: String, market: String = "m-closed") -> RegisteredSignal {
            RegisteredSignal(
                source: "live", portfolioID: 1, strategy: "weather", configHash: "0123456789abcdef", marketID: market,
                tokenID: "t-yes", side: "buy_yes", probability: Decimal(string: "0.7"), score: Decimal(string: "0.7")!,
                price: Decimal(string: "0.6")!, amount: 20, signalID: Int64(seq), decidedAt: ISO8601Lenient.parse(decided)!)
        }
        try suite.pool.withTransaction { db in
            try SignalLedger.append(
                [
                    signal(1, decided: "2026-03-10T11:59:00Z"), signal(2, decided: "2026-03-10T12:00:00Z"),
                    signal(3, decided: "2026-03-11T08:00:00Z"),
                ],
                on: db)
            // A payload whose dates do not parse says nothing about resolution: not late, and no failure.
            try SignalLedger.append([signal(4, decided: "2026-03-11T09:00:00Z", market: "m-garbled")], on: db)
        }
        let answer = suite.orchestrator.request("GET", "/strategies/weather/verdict?config_hash=0123456789abcdef")
        #expect(answer.status == .ok, "\(answer.text)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        #expect(json["late_signals_excluded"] as? Int == 2)
        let report = try answer.decode(VerdictReport.self)
        #expect(report.verdict.verdict == .insufficient && report.verdict.events == 0 && report.verdict.eventsNeeded == 30)
        #expect(report.verdict.gates.count == Gate.Name.allCases.count)
        #expect(report.subject.contains("configuration 0123456789abcdef"))
        // Another strategy registered nothing.
        let empty = try suite.orchestrator.request("GET", "/strategies/momentum/verdict").decode(VerdictReport.self)
        #expect(empty.trials.count == 0 && empty.verdict.verdict == .insufficient)
    }
}
