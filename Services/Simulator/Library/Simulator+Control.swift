import Foundation
import HTTPServer

extension Simulator {
    struct AdvanceRequest: Decodable { let seconds: Int64 }
    struct ResolveRequest: Decodable {
        let condition_id: String
        let outcome: String
    }
    struct DelistRequest: Decodable { let market_id: String }

    struct StateResponse: Encodable {
        let clock_seconds: Int64
        let now: String
        let markets: Int
        let events: Int
        let resolved: Int
        let delisted: Int
        let rate_limits: Bool
    }

    struct RateLimitsRequest: Codable { let enabled: Bool }

    func registerControl(on router: inout Router) {
        router.post("/sim/advance") { [self] request in
            let body = try request.decodeJSON(AdvanceRequest.self)
            guard (1...31_536_000).contains(body.seconds) else {
                throw HTTPError.badRequest("seconds must be between 1 and 31536000", code: "invalid_seconds")
            }
            _ = state.advance(by: body.seconds)
            return .json(snapshot())
        }
        router.post("/sim/resolve") { [self] request in
            let body = try request.decodeJSON(ResolveRequest.self)
            guard let outcome = SimulatorState.Outcome(rawValue: body.outcome.uppercased()) else {
                throw HTTPError.badRequest("outcome must be YES, NO, VOID, PROPOSED or DISPUTED", code: "invalid_outcome")
            }
            guard universe.marketIndexByCondition[body.condition_id] != nil else {
                throw HTTPError.notFound("no market with condition_id \(body.condition_id)")
            }
            guard state.resolve(body.condition_id, as: outcome) else {
                throw HTTPError(.conflict, code: "already_resolved", message: "the market was already resolved another way")
            }
            return .json(["condition_id": body.condition_id, "outcome": outcome.rawValue])
        }
        router.post("/sim/delist") { [self] request in
            let body = try request.decodeJSON(DelistRequest.self)
            guard universe.marketIndexByID[body.market_id] != nil else {
                throw HTTPError.notFound("no market \(body.market_id)")
            }
            state.delist(body.market_id)
            return .json(["market_id": body.market_id, "status": "delisted"])
        }
        router.post("/sim/faults") { [self] request in
            let settings = try request.decodeJSON(FaultSettings.self)
            if let problem = settings.validationError { throw HTTPError.badRequest(problem, code: "invalid_faults") }
            state.faultSettings = settings
            return .json(settings)
        }
        router.post("/sim/rate-limits") { [self] request in
            let body = try request.decodeJSON(RateLimitsRequest.self)
            rateLimiter.enabled = body.enabled
            return .json(body)
        }
        router.post("/sim/reset") { [self] _ in
            state.reset()
            rateLimiter.enabled = configuration.rateLimits
            return .json(snapshot())
        }
        router.get("/sim/state") { [self] _ in .json(snapshot()) }
    }

    func snapshot() -> StateResponse {
        let elapsed = state.elapsedSeconds
        let counts = state.counts
        return StateResponse(
            clock_seconds: elapsed, now: Self.gammaTimestamp(epoch + elapsed), markets: universe.markets.count,
            events: universe.events.count, resolved: counts.resolved, delisted: counts.delisted,
            rate_limits: rateLimiter.enabled)
    }
}
