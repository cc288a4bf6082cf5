import Contracts
import Foundation
import Portfolios
import PrescientCore
import Testing
import Trading

/// Sizing (fixed, percent of equity, Kelly from the resolved record, the binary Kelly stake) and
/// the drawdown breaker as pure decisions, against hand-computed figures.
@Suite("Sizing and the breaker in memory")
struct SizingAndBreakerTests {
    let d = MoneyPath.decimal

    func size(_ json: [String: JSONValue], equity: Decimal, returns: [Decimal] = []) -> Decimal {
        PositionSizer.size(config: MoneyPath.config(json), equity: equity) { ResolvedTradeStatistics(returns: returns) }.amount
    }

    @Test func fixedAndPercentSizing() {
        #expect(size(["sizing": .string("fixed"), "per_trade_amount": .number(75)], equity: 10) == 75)
        // 5% of 1,234.56 = 61.728, rounded down to the cent.
        #expect(size(["sizing": .string("percent_of_equity"), "sizing_pct": .number(d("0.05"))], equity: d("1234.56")) == d("61.72"))
        // 30% of 1,000 is capped by max_single_position_pct 25%.
        #expect(size(["sizing": .string("percent_of_equity"), "sizing_pct": .number(d("0.30"))], equity: 1_000) == 250)
    }

    @Test func kellySizing_fromTheResolvedRecord() {
        let kelly: [String: JSONValue] = ["sizing": .string("kelly")]
        // 12 wins of +0.5 and 8 losses of −0.4: W = 0.6, f* = 0.6 / 0.4 − 0.4 / 0.5 = 0.7;
        // a quarter of it on 1,000 = 175.00.
        let record = Array(repeating: d("0.5"), count: 12) + Array(repeating: d("-0.4"), count: 8)
        #expect(size(kelly, equity: 1_000, returns: record) == 175)
        // 19 trades: 1% of equity until 20.
        #expect(size(kelly, equity: 1_000, returns: Array(record.dropLast())) == 10)
        // 6 wins of +0.5, 14 losses of −0.5: f* = 0.3 / 0.5 − 0.7 / 0.5 = −0.8: nothing.
        let losing = Array(repeating: d("0.5"), count: 6) + Array(repeating: d("-0.5"), count: 14)
        #expect(size(kelly, equity: 1_000, returns: losing) == 0)
        // Only wins: no loss to estimate from, 1% of equity.
        #expect(size(kelly, equity: 1_000, returns: Array(repeating: d("0.5"), count: 25)) == 10)
    }

    @Test func theBinaryKellyStake() {
        // p 0.6 at 0.5: Kelly (0.6 − 0.5) / 0.5 = 0.2; a quarter of it on 1,000 = 50.00.
        #expect(PositionSizer.binaryKellyStake(probability: d("0.6"), price: d("0.5"), equity: 1_000, config: MoneyPath.config()) == 50)
        // p 0.7 at 0.6: Kelly (0.7 − 0.6) / (1 − 0.6) = 0.25; a quarter of it on 1,000 = 62.50.
        #expect(
            PositionSizer.binaryKellyStake(probability: d("0.7"), price: d("0.6"), equity: 1_000, config: MoneyPath.config()) == d("62.5"))
        // No edge, no stake; a large edge is capped at max_stake 250.
        #expect(PositionSizer.binaryKellyStake(probability: d("0.5"), price: d("0.5"), equity: 1_000, config: MoneyPath.config()) == 0)
        #expect(
            PositionSizer.binaryKellyStake(probability: d("0.99"), price: d("0.1"), equity: 100_000, config: MoneyPath.config()) == 250)
    }

    @Test func theBreaker_tripsAtItsCapToTheCent() {
        // Peak 1,000 and a 30% cap: equity 700.01 has fallen 29.999%; 700.00 exactly 30%.
        let cap = d("0.30")
        #expect(DrawdownBreaker.halt(equity: d("700.01"), peak: 1_000, cap: cap) == nil)
        #expect(
            DrawdownBreaker.halt(equity: d("700.00"), peak: 1_000, cap: cap)
                == "drawdown breaker: equity 700 is 30% below its peak 1000 (max_drawdown_pct 30%)")
        #expect(DrawdownBreaker.halt(equity: d("699.99"), peak: 1_000, cap: cap) != nil)
        // Without a positive peak there is nothing to fall from.
        #expect(DrawdownBreaker.halt(equity: -5, peak: 0, cap: cap) == nil)
    }
}
