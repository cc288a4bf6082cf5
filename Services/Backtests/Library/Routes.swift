import Foundation
import HTTPServer
import Portfolios
import Postgres
import PrescientCore
import Replay
import ServiceKit
import Verdicts
import Weather

/// The backtests service (port 8012): replays of recorded history through the live trading
/// code, each in a schema of its own (`Shared/Replay`). Every endpoint in one list.
public enum BacktestsService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        guard let databaseURL = context.configuration.databaseURL else {
            throw ConfigurationError(variable: "DATABASE_URL", problem: "is required")
        }
        let runs = BacktestRunRepository(pool: pool, table: .backtests)
        let tunerRuns = BacktestRunRepository(pool: pool, table: .tuners)
        try runs.failAbandoned()
        try tunerRuns.failAbandoned()
        let directory = context.environment.string(
            "BACKTEST_DATA_DIR", default: context.environment.string("PRESCIENT_FIXTURES_DIR") ?? "Fixtures/polymarket")
        let weatherDirectory = context.environment.string("BACKTEST_WEATHER_DIR", default: directory + "/../weather")
        let loaded = Locked<[String: (WeatherHistory, [ForecastRecord])]>([:])
        let archive = ArchivedHistory(pool: pool)
        // The history and forecasts a run needs: every recorded market with every recorded
        // forecast, or the recorded price histories alone for the oracle (both read once); or what
        // the suite archived (read at each run), with the recorded forecasts when asked for.
        let inputs: @Sendable (WeatherBacktest.Settings) throws -> (WeatherHistory, [ForecastRecord]) = { settings in
            if settings.prices == "archive" {
                let forecasts =
                    settings.forecasts == "recorded" ? try RecordedForecastFile.allRecords(weatherDirectory: weatherDirectory) : []
                return (try archive.load(from: settings.from, to: settings.to), forecasts)
            }
            return try loaded.mutate { stored in
                if let found = stored[settings.forecasts] { return found }
                let made =
                    settings.forecasts == "recorded"
                    ? (
                        try WeatherHistory.loadRecorded(directory: directory),
                        try RecordedForecastFile.allRecords(weatherDirectory: weatherDirectory)
                    )
                    : (try WeatherHistory.load(directory: directory), [])
                stored[settings.forecasts] = made
                return made
            }
        }
        // A weather run on the recordings that could not trade is refused, not run empty: some
        // market of the window must have a recorded forecast (the recordings are read once and
        // kept; a run over the archive is not checked, as that would read the archive twice).
        @Sendable func requireForecasts(_ settings: WeatherBacktest.Settings) throws {
            guard settings.forecasts == "recorded", settings.prices == "recorded" else { return }
            let (history, forecasts) = try inputs(settings)
            let forecast = Set(forecasts.map { "\($0.city)|\($0.targetDate)" })
            guard history.between(settings.from, settings.to).events.contains(where: { forecast.contains("\($0.city)|\($0.targetDate)") })
            else {
                throw HTTPError.badRequest(
                    "no weather market between \(settings.from) and \(settings.to) has a recorded forecast (NYC from 2026-03-01, "
                        + "the four cities from 2026-06-20); 'oracle' forecasts are a ceiling, not evidence", code: "no_forecasts")
            }
        }
        let trials = TrialsLedger(pool: pool)
        let judge = VerdictJudge(trials: trials)
        let runner = BacktestRunner(
            admin: pool, databaseURL: databaseURL,
            maxRunning: try context.environment.int("BACKTEST_MAX_RUNNING", default: 2, range: 1...64), logger: context.logger)
        var router = Router()

        let logger = context.logger
        router.post("/backtests") { request in
            let plan = try BacktestRequest.plan(request)
            let settings = plan.settings
            if settings.prices == "archive", try archive.marketCount(from: settings.from, to: settings.to) == 0 {
                throw HTTPError.badRequest(
                    "the archive holds no weather markets between \(settings.from) and \(settings.to)", code: "empty_range")
            }
            if plan.strategy == nil { try requireForecasts(settings) }
            let encoded = plan.strategy == nil ? try WireJSON.encoder().encode(settings) : try WireJSON.encoder().encode(plan.echo)
            let text = String(decoding: encoded, as: UTF8.self)
            return try started(prefix: "bt", path: "/backtests") {
                try runner.start(prefix: "bt", strategy: plan.strategy?.rawValue ?? "weather", settings: text, runs: runs) {
                    id, schema, progress in
                    let (history, forecasts) = try inputs(settings)
                    let result: BacktestResult
                    if let type = plan.strategy, let config = plan.config,
                        let strategy = ReplayCycle.strategy(type, history: history, seed: settings.seed)
                    {
                        let replay = StrategyReplay(settings: settings, strategy: type, config: config)
                        let quotes = replay.quotes(for: history)
                        result = try replay.run(
                            history, quotes: quotes, pool: schema.pool,
                            cycle: ReplayCycle.make(strategy: strategy, pool: schema.pool, quotes: quotes, logger: logger),
                            progress: progress)
                    } else {
                        result = try WeatherBacktest(settings: settings, recordedForecasts: forecasts).run(
                            history, pool: schema.pool, progress: progress)
                    }
                    // A cancelled run is a trial too (its partial result can be read), but no verdict's evidence.
                    let made = try RunEvidence.backtest(
                        result, history: history, strategy: plan.strategy?.rawValue ?? "weather",
                        configuration: plan.configJSON.map { .object($0) }, runID: id)
                    try trials.record([made.trial])
                    let replayed = try RunEvidence.replayed(
                        result, ownLedger: SignalLedger(pool: schema.pool), source: "backtest:\(id)", configHash: made.trial.configHash)
                    try pool.withTransaction { try SignalLedger.append(replayed, on: $0) }
                    let evidence = result.cancelled ? nil : made.evidence
                    return .init(
                        summary: String(decoding: try WireJSON.encoder().encode(result.summary), as: UTF8.self),
                        result: String(decoding: try result.encoded(), as: UTF8.self), cancelled: result.cancelled, evidence: evidence)
                }
            }
        }

        router.get("/backtests/{id}/verdict") { request in
            .json(try verdict(of: try runID(request), in: runs, kind: "backtest", rank: 1, judge: judge))
        }

        router.get("/backtests") { request in
            .json(["runs": try runs.list(limit: try request.queryInt("limit", default: 50, range: 1...500) ?? 50)])
        }

        router.get("/backtests/{id}") { request in
            let id = try runID(request)
            guard let run = try runs.find(id, full: try request.queryBool("full") ?? false) else { throw unknownRun(id) }
            return .json(run)
        }

        // A running run is cancelled (202); a finished one is deleted with its schema on ?purge=true (200).
        router.delete("/backtests/{id}") { request in
            let id = try runID(request)
            guard let run = try runs.find(id, full: false) else { throw unknownRun(id) }
            return try cancelOrDelete(run, runs: runs, kind: "backtest", request: request)
        }

        router.post("/tuner-runs") { request in
            let tuner = try TunerRequest.tuner(request)
            try requireForecasts(tuner.base)
            let text = String(decoding: try WireJSON.encoder().encode(TunerRequest.Echo(tuner)), as: UTF8.self)
            return try started(prefix: "tr", path: "/tuner-runs") {
                try runner.start(prefix: "tr", strategy: "weather", settings: text, runs: tunerRuns) { id, schema, progress in
                    var records: [WalkForwardTuner.Configuration: RunEvidence.OutOfSample] = [:]
                    var replayed: [RegisteredSignal] = []
                    do {
                        let (history, forecasts) = try inputs(tuner.base)
                        let result = try tuner.run(history, schema: schema, recordedForecasts: forecasts, progress: progress) {
                            configuration, test in
                            records[configuration, default: .init()].trades += BacktestEvidence.trades(test, history: history)
                            records[configuration, default: .init()].dailyReturns += test.dailyReturns
                            records[configuration, default: .init()].windows += 1
                            replayed += RunEvidence.buys(
                                test, source: "tuner:\(id)", configHash: try RunEvidence.hash(configuration, base: tuner.base))
                        }
                        try pool.withTransaction { try SignalLedger.append(replayed, on: $0) }
                        let made = try RunEvidence.tuner(result, tuner: tuner, records: records, runID: id)
                        try trials.record(made.trials)
                        let best = result.ranking.first
                        let summary = try WireJSON.encoder().encode(
                            TunerRequest.Summary(
                                configurationsTried: result.configurationsTried, windows: result.windows.count, best: best?.configuration,
                                bestDeflatedSharpe: best?.deflatedSharpe, procedureReturnPct: result.procedureReturnPct,
                                modelled: result.modelled))
                        return .init(
                            summary: String(decoding: summary, as: UTF8.self),
                            result: String(decoding: try WireJSON.encoder().encode(result), as: UTF8.self), cancelled: false,
                            evidence: made.evidence)
                    } catch is WalkForwardTuner.Cancelled {
                        // The windows it finished were looked at: trials too, and their buys were decided.
                        try trials.record(RunEvidence.partialTuner(records, tuner: tuner, runID: id))
                        try pool.withTransaction { try SignalLedger.append(replayed, on: $0) }
                        return .init(summary: nil, result: #"{"cancelled":true}"#, cancelled: true)
                    }
                }
            }
        }

        router.get("/tuner-runs/{id}/verdict") { request in
            let rank = try request.queryInt("rank", default: 1, range: 1...RunEvidence.tunerConfigurationsKept) ?? 1
            return .json(try verdict(of: try runID(request), in: tunerRuns, kind: "tuner run", rank: rank, judge: judge))
        }

        router.get("/tuner-runs") { request in
            .json(["runs": try tunerRuns.list(limit: try request.queryInt("limit", default: 50, range: 1...500) ?? 50)])
        }

        router.get("/tuner-runs/{id}") { request in
            let id = try runID(request)
            guard let run = try tunerRuns.find(id, full: try request.queryBool("full") ?? false) else { throw unknownRun(id) }
            return .json(run)
        }

        router.delete("/tuner-runs/{id}") { request in
            let id = try runID(request)
            guard let run = try tunerRuns.find(id, full: false) else { throw unknownRun(id) }
            return try cancelOrDelete(run, runs: tunerRuns, kind: "tuner run", request: request)
        }

        /// DELETE cancels a running run (202); a finished one is deleted with its schema only when
        /// asked in so many words (`?purge=true`, 200), so a retried or late cancel loses nothing.
        @Sendable func cancelOrDelete(_ run: BacktestRunView, runs: BacktestRunRepository, kind: String, request: HTTPRequest) throws
            -> HTTPResponse
        {
            let purge = try request.queryBool("purge") ?? false
            if run.status == "running" {
                guard runner.cancel(run.id) else {
                    throw HTTPError(.conflict, code: "not_running", message: "\(kind) \(run.id) is running in another process")
                }
                return .json(["id": run.id, "status": "cancelling"], status: .accepted)
            }
            guard purge else {
                throw HTTPError(
                    .conflict, code: "not_running",
                    message: "\(kind) \(run.id) is \(run.status), not running; DELETE with ?purge=true removes it and its schema")
            }
            guard try BacktestRetention.delete(run.id, schema: run.schema, from: runs, admin: pool) else { throw unknownRun(run.id) }
            return .json(["id": run.id, "status": "deleted"])
        }

        let retention = BacktestRetention(
            pool: pool, schemaHours: try context.environment.double("BACKTEST_SCHEMA_TTL_H", default: 24, range: 0...87_600),
            runDays: try context.environment.double("BACKTEST_RETENTION_DAYS", default: 30, range: 1...36_500))
        let retentionTask = try RetentionTask.start(context: context) { "\(try retention.run())" }
        return ServiceRoutes(router: router, onStop: { retentionTask?.stop() })
    }

    /// The verdict of a finished run's configuration at `rank`: 404 for an unknown run, 409 for one
    /// still running, failed or cancelled (or finished before runs kept their evidence).
    static func verdict(of id: String, in runs: BacktestRunRepository, kind: String, rank: Int, judge: VerdictJudge) throws
        -> VerdictReport
    {
        guard let (status, evidence) = try runs.evidence(id) else { throw unknownRun(id) }
        guard status == "succeeded", let evidence else {
            throw HTTPError(
                .conflict, code: "no_evidence",
                message: status == "succeeded" ? "\(kind) \(id) finished without evidence to judge" : "\(kind) \(id) is \(status)")
        }
        guard let report = try judge.report(evidence, rank: rank, runID: id, tuner: runs.table == .tuners) else {
            throw HTTPError.badRequest(
                "\(kind) \(id) kept evidence for \(evidence.configurations.count) configurations, not rank \(rank)",
                code: "invalid_parameter")
        }
        return report
    }

    /// 202 with the new run's id, or 429 when too many run.
    static func started(prefix: String, path: String, _ start: () throws -> String) throws -> HTTPResponse {
        do {
            let id = try start()
            return .json(["id": id, "status": "running", "progress": "\(path)/\(id)"], status: .accepted)
        } catch let busy as BacktestRunner.Busy {
            throw HTTPError(
                .tooManyRequests, code: "too_many_runs", message: "\(busy.running) runs are going; try again when one ends",
                headers: [("Retry-After", "5")])
        }
    }

    static func runID(_ request: HTTPRequest) throws -> String {
        let id = request.pathParameters["id"] ?? ""
        guard (1...40).contains(id.count), id.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw HTTPError.badRequest("a backtest id is letters and digits", code: "invalid_parameter")
        }
        return id
    }

    static func unknownRun(_ id: String) -> HTTPError {
        HTTPError(.notFound, code: "not_found", message: "no run \(id)")
    }
}
