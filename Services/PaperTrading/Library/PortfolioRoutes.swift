import Contracts
import Foundation
import HTTPServer
import Portfolios
import PrescientCore
import Trading
import Verdicts

/// The operator's portfolio endpoints: create, list, read, change, archive (never delete).
struct PortfolioRoutes: Sendable {
    let repository: PortfolioRepository
    let tuned: TunedConfigurations
    /// Judges a tuned configuration before `apply-tuned` applies it.
    let judge: VerdictJudge

    func register(on router: inout Router) {
        router.post("/portfolios") { request in try create(request) }
        router.get("/portfolios") { request in
            let status = try request.query["status"].map { text -> Portfolio.Status in
                guard let status = Portfolio.Status(rawValue: text) else {
                    throw HTTPError.badRequest("status must be one of active, paused, halted, archived", code: "invalid_parameter")
                }
                return status
            }
            return .json(["portfolios": try repository.list(status: status)])
        }
        router.get("/portfolios/{id}") { request in .json(try load(request)) }
        router.patch("/portfolios/{id}") { request in try change(request) }
        router.post("/portfolios/{id}/archive") { request in try archive(request) }
        router.post("/portfolios/{id}/resume") { request in try resume(request) }
        router.delete("/portfolios/{id}") { request in try archive(request) }
        router.get("/portfolios/{id}/config-history") { request in
            let portfolio = try load(request)
            struct History: Encodable {
                let portfolio_id: PortfolioID
                let changes: [ConfigHistory.Entry]
            }
            return .json(
                History(portfolio_id: portfolio.id, changes: try ConfigHistory.entries(portfolioID: portfolio.id, pool: repository.pool)))
        }
        router.post("/portfolios/{id}/apply-tuned") { request in try applyTuned(request) }
    }

    static func portfolioID(_ request: HTTPRequest) throws -> PortfolioID {
        try request.pathID("id", label: "portfolio id")
    }

    func load(_ request: HTTPRequest) throws -> Portfolio {
        try repository.require(id: try Self.portfolioID(request))
    }

    func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let fields = try JSONFields(request, allowed: ["name", "strategy_type", "strategy_config", "initial_balance"])
        let name = try fields.requiredString("name").trimmingCharacters(in: .whitespaces)
        // PostgreSQL's length() counts code points, not the grapheme clusters `count` sees.
        guard (1...200).contains(name.unicodeScalars.count) else {
            throw HTTPError(.badRequest, code: "invalid_field", message: "field 'name' must have 1 to 200 characters (Unicode code points)")
        }
        let typeText = try fields.requiredString("strategy_type")
        guard let type = StrategyType(rawValue: typeText) else {
            throw HTTPError(
                .badRequest, code: "invalid_field",
                message: "field 'strategy_type' must be one of \(StrategyType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let balance = try fields.decimal("initial_balance") ?? 10_000
        guard balance > 0, balance <= 1_000_000_000, balance == balance.rounded(scale: 6) else {
            throw HTTPError(
                .badRequest, code: "invalid_field",
                message: "field 'initial_balance' must be a positive amount of dollars up to 1,000,000,000 with at most 6 decimals")
        }
        let config = try StrategyConfig(json: try fields.object("strategy_config") ?? [:], for: type)
        let portfolio = try repository.create(name: name, type: type, config: config, initialBalance: balance)
        return .json(portfolio, status: .created)
    }

    func change(_ request: HTTPRequest) throws -> HTTPResponse {
        let current = try load(request)
        let fields = try JSONFields(request, allowed: ["name", "status", "strategy_config", "strategy_type"])
        if fields.has("strategy_type") {
            throw HTTPError(
                .badRequest, code: "invalid_field",
                message: "field 'strategy_type' cannot change; create a new portfolio for another strategy")
        }
        guard current.status != .archived else {
            throw HTTPError(.conflict, code: "portfolio_archived", message: "portfolio \(current.id) is archived")
        }
        var status: Portfolio.Status?
        if let text = try fields.string("status") {
            guard text == "active" || text == "paused" else {
                throw HTTPError(.badRequest, code: "invalid_field", message: "field 'status' must be active or paused")
            }
            status = Portfolio.Status(rawValue: text)
        }
        let name = try fields.string("name")
        if let name, !(1...200).contains(name.unicodeScalars.count) {
            throw HTTPError(.badRequest, code: "invalid_field", message: "field 'name' must have 1 to 200 characters (Unicode code points)")
        }
        let config = try fields.object("strategy_config").map { try StrategyConfig(json: $0, for: current.strategyType) }
        guard
            let updated = try repository.update(
                id: current.id, name: name, status: status, reason: status.map { "set \($0.rawValue) by operator" }, config: config)
        else { throw PortfolioNotFound(id: current.id) }
        return .json(updated)
    }

    func archive(_ request: HTTPRequest) throws -> HTTPResponse {
        let current = try load(request)
        guard current.status != .archived else { return .json(current) }
        guard let updated = try repository.update(id: current.id, name: nil, status: .archived, reason: "archived by operator", config: nil)
        else { throw PortfolioNotFound(id: current.id) }
        return .json(updated)
    }

    /// The only way out of `halted`: an explicit call with `{"confirm": true}`.
    func resume(_ request: HTTPRequest) throws -> HTTPResponse {
        let current = try load(request)
        let fields = try JSONFields(request, allowed: ["confirm"])
        guard try fields.bool("confirm") == true else {
            throw HTTPError(
                .badRequest, code: "confirmation_required",
                message: "field 'confirm' must be true to resume a portfolio halted by a risk limit")
        }
        guard let updated = try repository.resume(id: current.id) else {
            throw PortfolioNotFound(id: current.id)
        }
        return .json(updated)
    }

    /// `POST /portfolios/{id}/apply-tuned` `{"tuner_run_id": …, "rank"?: 1}`: writes the settings
    /// the run ranked at `rank` (1, the best out-of-sample deflated Sharpe, by default) over the
    /// portfolio's configuration, recorded in its configuration history with the run's id. Only
    /// ever on this explicit call: a tuner never applies on its own.
    func applyTuned(_ request: HTTPRequest) throws -> HTTPResponse {
        let current = try load(request)
        let fields = try JSONFields(request, allowed: ["tuner_run_id", "rank", "override"])
        let runID = try fields.requiredString("tuner_run_id")
        guard (1...100).contains(runID.count) else {
            throw HTTPError.badRequest("field 'tuner_run_id' must have 1 to 100 characters", code: "invalid_field")
        }
        let rank = try fields.int64("rank") ?? 1
        guard (1...10_000).contains(rank) else { throw HTTPError.badRequest("field 'rank' must be 1 to 10000", code: "invalid_field") }
        let overrideReason = try Self.overrideReason(fields)
        guard current.status != .archived else {
            throw HTTPError(.conflict, code: "portfolio_archived", message: "portfolio \(current.id) is archived")
        }
        let ranked: TunedConfigurations.Ranked
        do {
            ranked = try tuned.ranked(run: runID, rank: Int(rank))
        } catch TunedConfigurations.Refusal.unknownRun(let id) {
            throw HTTPError(.notFound, code: "tuner_run_not_found", message: "no tuner run \(id)")
        } catch TunedConfigurations.Refusal.notFinished(let id, let status) {
            throw HTTPError(
                .conflict, code: "tuner_run_not_finished", message: "tuner run \(id) is \(status); only a succeeded run applies")
        } catch TunedConfigurations.Refusal.oracle(let id) {
            throw HTTPError(
                .conflict, code: "oracle_forecasts",
                message:
                    "tuner run \(id) was tuned on oracle forecasts (made from the recorded outcomes): a ceiling, never settings for a portfolio"
            )
        } catch TunedConfigurations.Refusal.noTrades(let id, let rank) {
            throw HTTPError(
                .conflict, code: "no_trades",
                message: "rank \(rank) of tuner run \(id) made no out-of-sample trade: its ranking is no evidence for these settings")
        } catch TunedConfigurations.Refusal.noSuchRank(let id, let rank, let count) {
            throw HTTPError(
                .badRequest, code: "invalid_field", message: "tuner run \(id) ranked \(count) configurations; there is no rank \(rank)")
        }
        guard ranked.strategy == current.strategyType.rawValue else {
            throw HTTPError(
                .conflict, code: "strategy_mismatch",
                message:
                    "tuner run \(runID) tuned the \(ranked.strategy) strategy; portfolio \(current.id) runs \(current.strategyType.rawValue)"
            )
        }
        let verdict = try ranked.evidence.flatMap { try judge.report($0, rank: Int(rank), runID: runID, tuner: true)?.verdict }
        var verdictNote = verdict.map { "verdict \($0.verdict.rawValue)" } ?? "no verdict (the run kept no evidence for rank \(rank))"
        if verdict?.verdict != .go {
            guard let overrideReason else {
                let why = verdict.map {
                    $0.verdict == .insufficient ? $0.reason : "failed gates: \($0.failedGates.map(\.rawValue).joined(separator: ", "))"
                }
                throw HTTPError(
                    .conflict, code: "verdict_not_go",
                    message: "rank \(rank) of tuner run \(runID) is not GO (\(why ?? "no evidence kept for that rank")); "
                        + "apply it anyway only with {\"override\":{\"reason\":\"…\"}}, which the configuration history records")
            }
            verdictNote += " (\(verdict?.reason ?? "unjudged")), applied by override: \(overrideReason)"
        }
        var settings = current.config.json(for: current.strategyType)
        settings.merge(ranked.settings) { $1 }
        let config = try StrategyConfig(json: settings, for: current.strategyType)
        let described = ranked.settings.keys.sorted().map { "\($0)=\(ranked.settings[$0].map(Self.text) ?? "")" }.joined(separator: ", ")
        let note =
            "rank \(rank) of \(ranked.configurationsTried) configurations tried (deflated Sharpe \(ranked.deflatedSharpe.map(Self.text) ?? "n/a")), \(verdictNote): \(described)"
        guard
            let updated = try repository.update(
                id: current.id, name: nil, status: nil, reason: nil, config: config, configChange: .tuner(runID: runID, note: note))
        else { throw PortfolioNotFound(id: current.id) }
        return .json(updated)
    }

    /// `override.reason` when an override is given: 1 to 500 characters saying why a configuration
    /// that is not GO is applied anyway.
    static func overrideReason(_ fields: JSONFields) throws -> String? {
        guard let object = try fields.object("override") else { return nil }
        let override = try JSONFields(object: object, allowed: ["reason"], path: "override")
        let reason = try override.requiredString("reason").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.unicodeScalars.count) else {
            throw HTTPError.badRequest("field 'override.reason' must say why, in 1 to 500 characters", code: "invalid_field")
        }
        return reason
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .number(let number): return DecimalText.format(number)
        case .string(let text): return text
        case .null: return "null"
        default: return "\(value)"
        }
    }
}
