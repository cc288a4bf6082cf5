import BacktestsService
import Foundation
import HTTPServer
import Postgres
import PrescientCore
import Replay
import ServiceKit
import TestSupport
import Testing
import Verdicts
import Weather

/// The backtests service through its router on a real database: a run answers at once and
/// finishes in the background with its progress and the same result as the library run on the
/// same settings; a run can be cancelled and keeps its partial result; bad requests are 400s
/// naming the problem.
@Suite("Backtests service", .serialized, .tags(.database))
struct BacktestsRoutesTests {
    func service() throws -> (InProcessService, TestDatabase) {
        let database = try TestDatabase()
        let service = try InProcessService.make(
            name: "backtests", environment: ["BACKTEST_DATA_DIR": TestEnvironment.fixturesDirectory], database: database
        ) { try BacktestsService.routes(context: $0) }
        return (service, database)
    }

    func wait(_ service: InProcessService, _ id: String, seconds: Double = 60) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let run =
                try JSONSerialization.jsonObject(with: Data(service.request("GET", "/backtests/\(id)?full=true").body)) as? [String: Any]
                ?? [:]
            if run["status"] as? String != "running" { return run }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestSetupError("backtest \(id) still running after \(seconds) s")
    }

    @Test func aRun_answersAtOnce_finishesInTheBackground_andEqualsTheLibraryRun() throws {
        let (service, database) = try service()
        defer { service.shutdown() }
        let started = service.request(
            "POST", "/backtests", body: #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-06","seed":11,"config":{"max_stake":40}}"#
        )
        #expect(started.status == .accepted, "\(started.text)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(started.body)) as? [String: Any])?["id"] as? String)
        let run = try wait(service, id)
        #expect(run["status"] as? String == "succeeded", "\(run["error"] ?? "")")
        #expect(
            run["percent"] as? NSNumber == 100 && (run["steps_done"] as? Int ?? 0) > 0
                && run["steps_done"] as? Int == run["steps_total"] as? Int)
        let listed = service.request("GET", "/backtests").text
        #expect(listed.contains(id) && listed.contains("final_equity"))

        // The same settings through the library, in another schema: the same bytes.
        var settings = WeatherBacktest.Settings(from: "2026-03-01", to: "2026-03-06")
        settings.seed = 11
        settings.maxStake = 40
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let schema = try BacktestSchema.create(run: "direct", databaseURL: database.url, admin: admin)
        defer { try? schema.drop(admin: admin) }
        let forecasts = try RecordedForecastFile.allRecords(weatherDirectory: TestEnvironment.fixturesDirectory + "/../weather")
        let direct = try WeatherBacktest(settings: settings, recordedForecasts: forecasts).run(
            try WeatherHistory.loadRecorded(directory: TestEnvironment.fixturesDirectory), pool: schema.pool)
        let stored: String = try admin.execute("SELECT result::text AS r FROM backtest_runs WHERE id = \(id)").rows[0].decode("r")
        let storedResult = try JSONDecoder().decode(BacktestResult.self, from: Data(stored.utf8))
        #expect(storedResult == direct)
        #expect(direct.trades.count > 0)

        // Its verdict: six NYC days are six events, too few to judge; every gate is answered, the
        // run is the dataset's first trial, and the trials ledger holds it.
        let report = try service.request("GET", "/backtests/\(id)/verdict").decode(VerdictReport.self)
        let events = Set(direct.trades.map { "\($0.city)|\($0.targetDate)" }).count
        #expect(report.verdict.verdict == .insufficient && report.verdict.events == events && report.verdict.eventsNeeded == 30 - events)
        #expect(report.verdict.gates.map(\.name) == Gate.Name.allCases)
        #expect(report.trials.count == 1)
        let trial = try admin.execute("SELECT count(*) AS n, min(dataset) AS dataset FROM evidence_trials WHERE run_id = \(id)")[0]
        #expect(
            try trial.decode("n", as: Int.self) == 1 && trial.decode("dataset", as: String.self) == "weather-recordings/recorded/recorded")
        #expect(service.request("GET", "/backtests/bt0000/verdict").status == .notFound)
        // Its buys were registered in the suite's signal ledger under the run, decided at the replay's clock.
        let registered = try admin.execute(
            """
            SELECT count(*) AS n, min(EXTRACT(EPOCH FROM decided_at))::bigint AS first FROM signal_ledger
            WHERE source = \("backtest:" + id) AND strategy = 'weather'
            """)[0]
        #expect(try registered.decode("n", as: Int.self) == direct.trades.count)
        #expect(try registered.decode("first", as: Int64.self) == direct.trades.map(\.time).min())
        #expect(try SignalLedger(pool: admin).verify().valid)
    }

    @Test func aCancelledRun_stopsAndKeepsItsPartialResult() throws {
        let (service, database) = try service()
        defer { service.shutdown() }
        // The whole recorded period at 5-minute steps: long enough to cancel.
        let started = service.request(
            "POST", "/backtests", body: #"{"strategy":"weather","from":"2026-03-01","to":"2026-06-20","step_seconds":300}"#)
        let id = try #require((try JSONSerialization.jsonObject(with: Data(started.body)) as? [String: Any])?["id"] as? String)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let run = try JSONSerialization.jsonObject(with: Data(service.request("GET", "/backtests/\(id)").body)) as? [String: Any]
            if (run?["steps_done"] as? Int ?? 0) > 0 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let cancel = service.request("DELETE", "/backtests/\(id)")
        #expect(cancel.status == .accepted, "\(cancel.text)")
        let run = try wait(service, id)
        #expect(run["status"] as? String == "cancelled")
        #expect((run["steps_done"] as? Int ?? 0) < (run["steps_total"] as? Int ?? 0))
        #expect((run["result"] as? [String: Any])?["cancelled"] as? Bool == true)
        // It was looked at, so it is a trial: over the days it reached, not the period asked for; no verdict.
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let trial = try admin.execute("SELECT period_from, period_to FROM evidence_trials WHERE run_id = \(id)").rows
        #expect(trial.count == 1)
        #expect(try trial.first.map { try $0.decode("period_to", as: String.self) < "2026-06-20" } == true)
        #expect(service.request("GET", "/backtests/\(id)/verdict").status == .conflict)
        // A cancel that comes again after the run stopped loses nothing; a purge removes the run.
        #expect(service.request("DELETE", "/backtests/\(id)").status == .conflict)
        #expect(service.request("GET", "/backtests/\(id)").status == .ok)
        #expect(service.request("DELETE", "/backtests/\(id)?purge=true").status == .ok)
        #expect(service.request("GET", "/backtests/\(id)").status == .notFound)
    }

    @Test func badRequests_areRefusedNamingTheProblem() throws {
        let (service, _) = try service()
        defer { service.shutdown() }
        let cases: [(String, String, Int, String)] = [
            ("POST", #"{"strategy":"weather","from":"2026-04-10","to":"2026-04-01"}"#, 400, "invalid_range"),
            ("POST", #"{"strategy":"weather","from":"2025-01-01","to":"2025-01-31"}"#, 400, "empty_range"),
            ("POST", #"{"strategy":"astrology","from":"2026-03-01","to":"2026-03-02"}"#, 400, "unknown_strategy"),
            ("POST", #"{"strategy":"weather","from":"March","to":"2026-03-02"}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","step_seconds":1}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","config":{"kelly_fraction":5}}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","config":{"leverage":5}}"#, 400, "unknown_field"),
            ("POST", "{", 400, "invalid_json"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","seed":"lucky"}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","seed":1e40}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01\u0000","to":"2026-03-02"}"#, 400, "invalid_json"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","forecasts":"psychic"}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","prices":"imagined"}"#, 400, "invalid_field"),
            // Nothing archived in this database yet.
            ("POST", #"{"strategy":"momentum","from":"2026-03-01","to":"2026-03-02","prices":"archive"}"#, 400, "empty_range"),
            // The cycle strategies replay the price histories, which end 2026-06-20.
            ("POST", #"{"strategy":"momentum","from":"2026-06-25","to":"2026-07-01"}"#, 400, "empty_range"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","forecasts":"modelled"}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","error_model":"fancy"}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","error_model":7}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-02","error_model":"roll\u0000ing"}"#, 400, "invalid_json"),
            // A cycle strategy: its config is the portfolio's strategy_config, validated as one.
            ("POST", #"{"strategy":"momentum","from":"2026-03-01","to":"2026-03-02","config":{"leverage":5}}"#, 400, "invalid_field"),
            (
                "POST", #"{"strategy":"momentum","from":"2026-03-01","to":"2026-03-02","config":{"min_conviction":"big"}}"#, 400,
                "invalid_field"
            ),
            (
                "POST", #"{"strategy":"momentum","from":"2026-03-01","to":"2026-03-02","config":{"min_conviction":1e40}}"#, 400,
                "invalid_field"
            ),
            ("POST", #"{"strategy":"hybrid","from":"2026-03-01","to":"2026-03-02","config":{"initial_balance":0}}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"arbitrage","from":"2026-03-01","to":"2026-03-02","forecasts":"recorded"}"#, 400, "invalid_field"),
            ("POST", #"{"strategy":"smart_money","from":"2026-03-01","to":"2026-03-02"}"#, 400, "unknown_strategy"),
            ("POST", #"{"strategy":"mean_reversion","from":"2026-04-10","to":"2026-04-01"}"#, 400, "invalid_range"),
        ]
        for (method, body, status, code) in cases {
            let response = service.request(method, "/backtests", body: body)
            let error = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? [String: Any]
            #expect(response.status.code == status && error?["code"] as? String == code, "\(body): \(response.text)")
        }
        #expect(service.request("GET", "/backtests/nothing").status == .notFound)
        #expect(service.request("GET", "/backtests/%00").status == .badRequest)
        #expect(service.request("DELETE", "/backtests/nothing").status == .notFound)
    }

    @Test func aTunerRun_walksForwardInTheBackground_andRefusesAGridOverItsLimit() throws {
        let (service, _) = try service()
        defer { service.shutdown() }
        let started = service.request(
            "POST", "/tuner-runs",
            body:
                #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-09","train_days":6,"test_days":3,"grid":{"min_edge":[0.03,0.1]}}"#
        )
        #expect(started.status == .accepted, "\(started.text)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(started.body)) as? [String: Any])?["id"] as? String)
        let deadline = Date().addingTimeInterval(60)
        var run: [String: Any] = [:]
        while Date() < deadline {
            run =
                try JSONSerialization.jsonObject(with: Data(service.request("GET", "/tuner-runs/\(id)?full=true").body)) as? [String: Any]
                ?? [:]
            if run["status"] as? String != "running" { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(run["status"] as? String == "succeeded", "\(run["error"] ?? "")")
        // One window, two configurations, each run on its training and its test days: four backtests.
        #expect(run["steps_done"] as? Int == 4 && run["steps_total"] as? Int == 4)
        let summary = run["summary"] as? [String: Any]
        #expect(summary?["configurations_tried"] as? Int == 2 && summary?["windows"] as? Int == 1 && summary?["modelled"] as? Bool == false)
        let windows = (run["result"] as? [String: Any])?["windows"] as? [[String: Any]]
        #expect(windows?.first?["train_to"] as? String == "2026-03-06" && windows?.first?["test_from"] as? String == "2026-03-07")
        #expect(service.request("GET", "/tuner-runs").text.contains(id))
        // Both configurations are trials; three test days are too few periods for CSCV.
        let verdict = try service.request("GET", "/tuner-runs/\(id)/verdict").decode(VerdictReport.self)
        #expect(verdict.trials.count == 2 && verdict.subject.contains("rank 1"))
        #expect(verdict.verdict.gates.first { $0.name == .overfitting }?.pass == nil)
        #expect(service.request("GET", "/tuner-runs/\(id)/verdict?rank=3").status == .badRequest)

        let values = (1...100).map { "0.\(String(format: "%03d", $0))" }.joined(separator: ",")
        let cases: [(String, String)] = [
            (
                #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-20","train_days":7,"test_days":3,"grid":{"min_edge":[\#(values)],"kelly_fraction":[\#(values)],"max_stake":[\#((1...100).map(String.init).joined(separator: ","))]}}"#,
                "grid_too_large"
            ),
            (#"{"strategy":"weather","from":"2026-03-01","to":"2026-03-05","train_days":7,"test_days":3}"#, "empty_range"),
            (#"{"strategy":"weather","from":"2026-03-01","to":"2026-03-20","train_days":0,"test_days":3}"#, "invalid_field"),
            (
                #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-20","train_days":7,"test_days":3,"grid":{"min_edge":"all"}}"#,
                "invalid_field"
            ),
            (
                #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-20","train_days":7,"test_days":3,"grid":{"leverage":[2]}}"#,
                "unknown_field"
            ),
        ]
        // The oracle forecast is made from the outcomes: the tuner refuses it, naming why.
        let oracle = service.request(
            "POST", "/tuner-runs",
            body: #"{"strategy":"weather","from":"2026-03-01","to":"2026-03-09","train_days":6,"test_days":3,"forecasts":"oracle"}"#)
        #expect(oracle.status == .conflict && oracle.text.contains(#""code":"oracle_forecasts""#), "\(oracle.text)")
        for (body, code) in cases {
            let response = service.request("POST", "/tuner-runs", body: body)
            let error = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? [String: Any]
            #expect(response.status == .badRequest && error?["code"] as? String == code, "\(response.text.prefix(300))")
            if code == "grid_too_large" {
                #expect((error?["message"] as? String)?.contains("1000000 configurations is over the limit of 200") == true)
            }
        }
    }
}
