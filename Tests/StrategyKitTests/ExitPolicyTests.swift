import Contracts
import Foundation
import Portfolios
import PrescientCore
import StrategyKit
import Testing

@Suite("Exit policies")
struct ExitPolicyTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    func config(_ json: [String: JSONValue]) throws -> StrategyConfig {
        try StrategyConfig(json: json, for: .momentum)
    }

    /// 100 YES shares bought for $50 (average 0.50), peak 100, opened on a score of 0.8.
    func position(
        shares: Decimal = 100, cost: Decimal = 50, peak: Decimal = 100, entry: Decimal? = Decimal(string: "0.8")!, yes: Bool = true,
        start: Date? = nil, end: Date? = nil
    ) -> HeldPosition {
        let market = CandidateMarket(id: "1", yesTokenID: "111", noTokenID: "222", startDate: start, endDate: end)
        return HeldPosition(
            positionID: 1, market: market, tokenID: yes ? "111" : "222", outcome: yes ? "YES" : "NO", shares: shares, costBasis: cost,
            peakShares: peak, entryScore: entry)
    }

    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test func stopLoss_sellsEverythingAtTheThreshold() throws {
        let rules = try config(["stop_loss_pct": .number(d("0.2"))])
        let exit = try #require(ExitPolicy.evaluate(position(), price: d("0.40"), score: nil, now: now, config: rules))
        #expect(exit.rule == "stop_loss")
        #expect(exit.shares == 100)
        #expect(ExitPolicy.evaluate(position(), price: d("0.41"), score: nil, now: now, config: rules) == nil)
    }

    @Test func takeProfit_sellsEverythingAtTheThreshold() throws {
        let rules = try config(["take_profit_pct": .number(d("0.2"))])
        let exit = try #require(ExitPolicy.evaluate(position(shares: d("87.65")), price: d("0.70"), score: nil, now: now, config: rules))
        #expect(exit.rule == "take_profit")
        #expect(exit.shares == d("87.65"))
        // 87.65 × 0.68 = 59.602 on a cost of 50: +19.2%, not yet.
        #expect(ExitPolicy.evaluate(position(shares: d("87.65")), price: d("0.68"), score: nil, now: now, config: rules) == nil)
    }

    @Test func timeExit_sellsWhenLessThanATenthOfTheLifetimeRemains() throws {
        let rules = try config(["time_exit": .bool(true)])
        let day: TimeInterval = 86_400
        let late = position(start: now.addingTimeInterval(-95 * day), end: now.addingTimeInterval(5 * day))
        let exit = try #require(ExitPolicy.evaluate(late, price: d("0.5"), score: nil, now: now, config: rules))
        #expect(exit.rule == "time_exit")
        #expect(exit.shares == 100)
        let early = position(start: now.addingTimeInterval(-80 * day), end: now.addingTimeInterval(20 * day))
        #expect(ExitPolicy.evaluate(early, price: d("0.5"), score: nil, now: now, config: rules) == nil)
        // Off unless enabled.
        #expect(ExitPolicy.evaluate(late, price: d("0.5"), score: nil, now: now, config: try config([:])) == nil)
    }

    @Test func scalingBands_stepFullHalfQuarterExit() throws {
        let rules = try config(["scaling_bands": .bool(true)])
        // Score 0.7 is 12.5% below the entry 0.8: hold.
        #expect(ExitPolicy.evaluate(position(), price: nil, score: d("0.7"), now: now, config: rules) == nil)
        // 0.55 is 31.25% below: keep half of the peak, sell 50.
        let half = try #require(ExitPolicy.evaluate(position(), price: nil, score: d("0.55"), now: now, config: rules))
        #expect(half.rule == "scaling_band_half")
        #expect(half.shares == 50)
        // Already at half: nothing more to sell in the same band.
        #expect(ExitPolicy.evaluate(position(shares: 50, cost: 25), price: nil, score: d("0.55"), now: now, config: rules) == nil)
        // 0.45 is 43.75% below: a quarter of the peak, sell 25 of the 50 left.
        let quarter = try #require(
            ExitPolicy.evaluate(position(shares: 50, cost: 25), price: nil, score: d("0.45"), now: now, config: rules))
        #expect(quarter.rule == "scaling_band_quarter")
        #expect(quarter.shares == 25)
        // 0.3 is 62.5% below the entry: exit the rest.
        let out = try #require(
            ExitPolicy.evaluate(position(shares: 25, cost: d("12.5")), price: nil, score: d("0.3"), now: now, config: rules))
        #expect(out.rule == "scaling_band_exit")
        #expect(out.shares == 25)
        // A NO position reads the score from the NO side: -0.8 is full strength, +0.2 is gone.
        #expect(ExitPolicy.evaluate(position(yes: false), price: nil, score: d("-0.8"), now: now, config: rules) == nil)
        #expect(
            ExitPolicy.evaluate(position(yes: false), price: nil, score: d("0.2"), now: now, config: rules)?.rule == "scaling_band_exit")
    }

    @Test func stopLoss_takesPrecedenceOverTheBands() throws {
        let rules = try config(["scaling_bands": .bool(true), "stop_loss_pct": .number(d("0.1"))])
        #expect(ExitPolicy.evaluate(position(), price: d("0.3"), score: d("0.55"), now: now, config: rules)?.rule == "stop_loss")
    }

    @Test func sellSignal_limitSitsOnTheTickGridBelowTheMark() throws {
        let exit = ExitPolicy.Exit(rule: "stop_loss", shares: 100, reason: "test")
        let sell = ExitPolicy.signal(
            position(yes: false), exit: exit, mark: d("0.437"), portfolioID: 7, cycleID: "c", maxSlippage: d("0.03"))
        #expect(sell.action == .sellNo)
        #expect(sell.amount == 100)
        #expect(sell.limitPrice == d("0.41"))
        #expect(sell.tokenID == "222")
    }

    @Test func bandDrops_mustAscend() throws {
        #expect(throws: StrategyConfig.Invalid.self) {
            try StrategyConfig(json: ["band_half_drop": .number(Decimal(string: "0.5")!)], for: .momentum)
        }
    }
}
