import Contracts
import Foundation
import PrescientCore
import Testing

/// The contracts' JSON is the suite's public wire format: these tests hold it to the names the
/// design document (`prescient-os-code-flow.md`) gives, and keep every value exact.
@Suite("Contracts on the wire")
struct ContractWireTests {
    static func object(_ value: some Encodable) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try ContractCoding.encoder().encode(value)) as! [String: Any]
    }

    static let cycle = CycleResult(
        portfolioID: 1, portfolioName: "Aggressive Momentum", strategyType: "momentum", cycleID: "c-1", status: "succeeded",
        mode: "normal", resumed: false, signalsGenerated: 5, tradesExecuted: 3, newBalance: Decimal(string: "9700.00")!,
        totalPnl: Decimal(string: "150.00")!, failedStep: nil, error: nil)

    /// The keys and values of the design document's example answer of `run-all-portfolios`.
    @Test func runAllResult_carriesTheKeysOfTheDesignDocument() throws {
        let run = RunAllResult(
            runID: "r-1", sharedData: SharedDataResult(reused: true, eventsExported: nil, marketsExported: nil, durationMilliseconds: 0),
            signalsArchived: 0, durationMilliseconds: 12, results: [Self.cycle])
        let json = try Self.object(run)
        #expect(json["status"] as? String == "success")
        #expect(json["portfolios_processed"] as? Int == 1)
        let first = try #require((json["results"] as? [[String: Any]])?.first)
        #expect(first["portfolio_id"] as? Int == 1)
        #expect(first["portfolio_name"] as? String == "Aggressive Momentum")
        #expect(first["signals_generated"] as? Int == 5)
        #expect(first["trades_executed"] as? Int == 3)
        #expect((first["new_balance"] as? NSNumber)?.decimalValue == 9700)
        #expect((first["total_pnl"] as? NSNumber)?.decimalValue == 150)
    }

    /// A run with one failed cycle is `partial`, with the failure counted.
    @Test func runAllResult_withAFailedCycleIsPartial() {
        var failed = Self.cycle
        failed.status = "failed"
        failed.portfolioID = 2
        let run = RunAllResult(
            runID: "r", sharedData: SharedDataResult(reused: true, eventsExported: nil, marketsExported: nil, durationMilliseconds: 0),
            signalsArchived: 0, durationMilliseconds: 1, results: [Self.cycle, failed])
        #expect(run.status == "partial")
        #expect(run.portfoliosFailed == 1)
        #expect(run.portfoliosProcessed == 2)
    }

    /// Money survives the trip to the last micro-dollar and beyond (no Double on the way).
    @Test func decimals_roundTripExactly() throws {
        let awkward = Decimal(string: "12345678901.123456789")!
        let result = ExecuteSignalsResult(
            portfolioID: 7, signalsConsidered: 3, tradesExecuted: 2, signalsRejected: 1, skippedAlreadyHandled: 0, newBalance: awkward,
            totalInvested: Decimal(string: "0.000001")!, realizedPnl: Decimal(string: "-4.08")!,
            rejections: [ExecuteSignalsResult.Rejection(signalID: 9, reason: "limit")])
        let data = try ContractCoding.encoder().encode(result)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"new_balance\":12345678901.123456789"))
        #expect(text.contains("\"total_invested\":0.000001"))
        let back = try ContractCoding.decoder().decode(ExecuteSignalsResult.self, from: data)
        #expect(back == result)
    }

    /// A stored step summary drops the long lists and reads back without them.
    @Test func stepSummaries_omitTheirListsAndStillDecode() throws {
        var generated = GenerateSignalsResult(
            portfolioID: 1, cycleID: "c", strategy: "momentum", marketsConsidered: 10, signalsGenerated: 0, signalsNew: 0,
            reused: false, reduceOnly: false, sizing: TradeSizing(amount: 100, method: "fixed", basis: "per_trade_amount 100"),
            durationMilliseconds: 3, signals: [])
        generated.signals = nil
        let json = try Self.object(generated)
        #expect(json["signals"] == nil)
        #expect((json["sizing"] as? [String: Any])?["method"] as? String == "fixed")
        let back = try ContractCoding.decoder().decode(GenerateSignalsResult.self, from: try ContractCoding.encoder().encode(generated))
        #expect(back.signalsGenerated == 0 && back.signals == nil && back.marketsConsidered == 10)
    }

    /// What the orchestrator reads from each answer, checked by the compiler: renaming any of
    /// these fields in its contract stops this file (and the orchestrator) from building.
    @Test func fieldsTheOrchestratorReads_existWithTheirTypes() {
        let read: [PartialKeyPath<ExecuteSignalsResult>] = [\ExecuteSignalsResult.tradesExecuted, \.newBalance, \.rejections]
        let generated: [PartialKeyPath<GenerateSignalsResult>] = [\GenerateSignalsResult.signalsGenerated, \.signals]
        let snapshot: [PartialKeyPath<PortfolioView>] = [
            \PortfolioView.balance, \.totalInvested, \.positionsValue, \.realizedPnl, \.unrealizedPnl, \.totalPnl, \.openPositions,
        ]
        let exports: [PartialKeyPath<EventsExportResult>] = [\EventsExportResult.eventsExported]
        #expect(read.count + generated.count + snapshot.count + exports.count == 13)
    }
}
