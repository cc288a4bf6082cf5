import Contracts
import Foundation
import Portfolios
import PrescientCore
import Testing

@Suite("Sizing, tick grid and performance statistics")
struct SizingAndStatisticsTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    func config(_ json: [String: JSONValue]) throws -> StrategyConfig {
        try StrategyConfig(json: json, for: .momentum)
    }

    func stats(wins: Int, winReturn: String, losses: Int, lossReturn: String) -> ResolvedTradeStatistics {
        ResolvedTradeStatistics(
            returns: Array(repeating: d(winReturn), count: wins) + Array(repeating: -d(lossReturn), count: losses))
    }

    @Test func fixedAndPercentOfEquity() throws {
        let fixed = PositionSizer.size(config: try config(["per_trade_amount": .number(42)]), equity: 5_000) {
            stats(wins: 0, winReturn: "0", losses: 0, lossReturn: "0")
        }
        #expect(fixed.amount == 42)
        let percent = PositionSizer.size(
            config: try config(["sizing": .string("percent_of_equity"), "sizing_pct": .number(d("0.03"))]), equity: d("1234.56")
        ) {
            stats(wins: 0, winReturn: "0", losses: 0, lossReturn: "0")
        }
        #expect(percent.amount == d("37.03"))
    }

    @Test func kelly_fallsBackToOnePercentUntilTwentyResolvedTrades() throws {
        let rules = try config(["sizing": .string("kelly")])
        let early = PositionSizer.size(config: rules, equity: 1_000) { stats(wins: 12, winReturn: "0.5", losses: 7, lossReturn: "0.4") }
        #expect(early.amount == 10)
        #expect(early.basis.contains("19 of 20"))
    }

    @Test func kelly_isAQuarterOfTheKellyFractionFromTheRecord() throws {
        let rules = try config(["sizing": .string("kelly")])
        // W = 0.6, average win +50%, average loss −40%: f* = 0.6/0.4 − 0.4/0.5 = 0.7; a quarter of it is 0.175.
        let sized = PositionSizer.size(config: rules, equity: 1_000) { stats(wins: 12, winReturn: "0.5", losses: 8, lossReturn: "0.4") }
        #expect(sized.amount == 175)
        // Capped by max_single_position_pct.
        let capped = PositionSizer.size(
            config: try config(["sizing": .string("kelly"), "max_single_position_pct": .number(d("0.1"))]), equity: 1_000
        ) {
            stats(wins: 12, winReturn: "0.5", losses: 8, lossReturn: "0.4")
        }
        #expect(capped.amount == 100)
        // A negative edge stakes nothing: W = 0.3, +20% / −50%: 0.3/0.5 − 0.7/0.2 < 0.
        let none = PositionSizer.size(config: rules, equity: 1_000) { stats(wins: 6, winReturn: "0.2", losses: 14, lossReturn: "0.5") }
        #expect(none.amount == 0)
    }

    @Test func tickGrid() {
        #expect(TickSize.isOnGrid(d("0.45"), tick: d("0.01")))
        #expect(!TickSize.isOnGrid(d("0.455"), tick: d("0.01")))
        #expect(TickSize.isOnGrid(d("0.455"), tick: d("0.001")))
        #expect(TickSize.limit(d("0.4567"), tick: d("0.01"), buying: true) == d("0.45"))
        #expect(TickSize.limit(d("0.4512"), tick: d("0.01"), buying: false) == d("0.46"))
        #expect(TickSize.limit(d("1.02"), tick: d("0.01"), buying: true) == d("0.99"))
        #expect(TickSize.limit(d("-0.02"), tick: d("0.001"), buying: false) == d("0.001"))
    }

    @Test func everySettingKey_isWrittenOnce_andEveryStrategyCanBeConfigured() throws {
        // Validation builds its schema from the table; a key written twice would trap there.
        let keys = StrategyConfig.settingKeys
        #expect(Set(keys).count == keys.count, "\(keys.count - Set(keys).count) keys twice")
        for type in StrategyType.allCases {
            let effective = StrategyConfig().json(for: type)
            #expect(try StrategyConfig(json: effective, for: type).json(for: type) == effective, "\(type.rawValue)")
        }
    }

    @Test func maxDrawdown_isTheLargestFallFromARunningPeak() {
        let drawdown = MoneyFigures.maxDrawdown([1_000, 1_200, 900, 1_100, 1_300, 1_040, 1_500].map { Decimal($0) })
        #expect(drawdown.amount == 300)
        #expect(drawdown.fraction == d("0.25"))
        #expect(MoneyFigures.maxDrawdown([1, 2, 3].map { Decimal($0) }).amount == 0)
        // The worst is the largest fraction, not the largest dollars: 100 → 50 (50%) beats 1,000 → 800 (20%).
        let deeper = MoneyFigures.maxDrawdown([100, 50, 1_000, 800].map { Decimal($0) })
        #expect(deeper.fraction == d("0.5") && deeper.amount == 50)
    }

    @Test func sharpe_isTheMeanOverTheDeviationOfDailyReturnsAnnualised() throws {
        // Returns +10%, −5%, +10%: mean 0.05, sample sd 0.0866025; × √365.
        let value = try #require(PerformanceReport.sharpe([100, 110, d("104.5"), d("114.95")]))
        let expected = 0.05 / 0.08660254037844387 * 365.0.squareRoot()
        #expect(abs(value - expected) < 0.0001)
        #expect(PerformanceReport.sharpe([100, 110]) == nil)
        #expect(PerformanceReport.sharpe([100, 100, 100]) == nil)
    }
}
