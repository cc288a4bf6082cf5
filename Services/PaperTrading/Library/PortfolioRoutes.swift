import Foundation
import HTTPServer
import Portfolios
import PrescientCore

/// The operator's portfolio endpoints: create, list, read, change, archive (never delete).
struct PortfolioRoutes: Sendable {
    let repository: PortfolioRepository

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
    }

    static func portfolioID(_ request: HTTPRequest) throws -> Int64 {
        guard let text = request.pathParameters["id"], let id = Int64(text), id > 0 else {
            throw HTTPError.badRequest("portfolio id must be a positive integer", code: "invalid_parameter")
        }
        return id
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
}
