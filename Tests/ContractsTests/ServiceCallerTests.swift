import Contracts
import Foundation
import HTTPClient
import HTTPServer
import PrescientCore
import ServiceClients
import Testing

/// The typed clients against a real server on a real socket: a renamed or missing field is a
/// loud failure, never a silent zero, and an error body reaches the caller intact.
@Suite("Typed service clients")
struct ServiceCallerTests {
    /// A paper trading double whose answers are given per test.
    static func serve(status: HTTPStatus, body: String) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        var router = Router()
        router.post("/paper-trading/execute-signals") { request in
            guard request.query["portfolio_id"] == "7", request.query["cycle_id"] == "c 1/2" else {
                return .text("wrong query: \(request.query)", status: .badRequest)
            }
            return HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(body.utf8))
        }
        let server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
        return server
    }

    static func client(_ server: HTTPServer) -> PaperTradingClient {
        PaperTradingClient(
            baseURL: "http://127.0.0.1:\(server.port)", caller: ServiceCaller(http: HTTPClient(), token: nil, timeout: 5))
    }

    @Test func contractAnswer_decodesWithEveryField() throws {
        let server = try Self.serve(
            status: .ok,
            body: """
                {"status":"success","portfolio_id":7,"signals_considered":2,"trades_executed":1,"signals_rejected":1,
                 "skipped_already_handled":0,"new_balance":9899.5,"total_invested":100.5,"realized_pnl":0,
                 "rejections":[{"signal_id":4,"reason":"daily loss limit"}],"joined_concurrent_call":false}
                """)
        defer { server.shutdown() }
        let answer = try Self.client(server).executeSignals(portfolioID: 7, cycleID: "c 1/2")
        #expect(answer.tradesExecuted == 1)
        #expect(answer.newBalance == Decimal(string: "9899.5")!)
        #expect(answer.rejections == [ExecuteSignalsResult.Rejection(signalID: 4, reason: "daily loss limit")])
    }

    /// The defect the contracts remove: a field renamed on one side used to read as 0.
    @Test func renamedField_isAnUnreadableAnswerNotAZero() throws {
        let server = try Self.serve(
            status: .ok,
            body: """
                {"status":"success","portfolio_id":7,"signals_considered":2,"trades_done":1,"signals_rejected":1,
                 "skipped_already_handled":0,"new_balance":9899.5,"total_invested":100.5,"realized_pnl":0,
                 "rejections":[],"joined_concurrent_call":false}
                """)
        defer { server.shutdown() }
        let error = #expect(throws: ServiceCallError.self) { try Self.client(server).executeSignals(portfolioID: 7, cycleID: "c 1/2") }
        #expect(error?.code == "unreadable_answer")
        #expect(error?.message.contains("trades_executed") == true)
    }

    @Test func errorAnswer_keepsItsStatusCodeAndMessage() throws {
        let server = try Self.serve(
            status: .conflict, body: #"{"error":{"code":"portfolio_halted","message":"portfolio 7 was halted by a risk limit"}}"#)
        defer { server.shutdown() }
        let error = #expect(throws: ServiceCallError.self) { try Self.client(server).executeSignals(portfolioID: 7, cycleID: "c 1/2") }
        #expect(error?.status == 409)
        #expect(error?.code == "portfolio_halted")
        #expect(error?.description.contains("answered 409: portfolio 7 was halted") == true)
    }

    @Test func noAnswer_saysWhichCallFailed() throws {
        let server = try Self.serve(status: .ok, body: "{}")
        let port = server.port
        server.shutdown()
        let client = PaperTradingClient(
            baseURL: "http://127.0.0.1:\(port)", caller: ServiceCaller(http: HTTPClient(connectTimeout: 1), token: nil, timeout: 2))
        let error = #expect(throws: ServiceCallError.self) { try client.settle(portfolioID: 3) }
        #expect(error?.status == nil)
        #expect(error?.description.contains("POST http://127.0.0.1:\(port)/paper-trading/settle?portfolio_id=3 failed") == true)
    }
}
