import Foundation
import Portfolios
import PrescientCore
import Testing
import Trading

@Suite("Risk limits")
struct RiskLimitsTests {
    func limits(_ json: [String: JSONValue] = [:]) throws -> RiskLimits {
        RiskLimits(config: try StrategyConfig(json: json, for: .momentum))
    }

    let fresh = RiskLimits.State(cash: 1_000, invested: 0, unrealized: 0, positionCost: 0)

    @Test func defaults_followTheSpec() throws {
        let config = try StrategyConfig(json: [:], for: .momentum)
        #expect(config.maxExposurePct == Decimal(string: "0.80"))
        #expect(config.maxSinglePositionPct == Decimal(string: "0.25"))
        #expect(config.minBalanceReserve == 0)
    }

    @Test func singlePositionAboveItsShare_isRefused() throws {
        #expect(try limits().violation(cost: 250, fee: 0, state: fresh) == nil)
        let reason = try #require(try limits().violation(cost: 251, fee: 0, state: fresh))
        #expect(reason.hasPrefix("max_single_position_pct"))
        // Adding to a held token counts what is already there.
        let holding = RiskLimits.State(cash: 900, invested: 100, unrealized: 0, positionCost: 100)
        #expect(try limits().violation(cost: 151, fee: 0, state: holding)?.hasPrefix("max_single_position_pct") == true)
    }

    @Test func exposureAboveTheCap_isRefused() throws {
        let loaded = RiskLimits.State(cash: 300, invested: 700, unrealized: 0, positionCost: 0)
        #expect(try limits().violation(cost: 100, fee: 0, state: loaded) == nil)
        #expect(try limits().violation(cost: 101, fee: 0, state: loaded)?.hasPrefix("max_exposure_pct") == true)
    }

    @Test func reserve_isKeptIncludingFees() throws {
        let strict = try limits(["min_balance_reserve": .number(900)])
        #expect(strict.violation(cost: 99, fee: 1, state: fresh) == nil)
        #expect(strict.violation(cost: 99, fee: 2, state: fresh)?.hasPrefix("min_balance_reserve") == true)
    }

    @Test func unrealisedLosses_shrinkEquity() throws {
        let underwater = RiskLimits.State(cash: 500, invested: 500, unrealized: -400, positionCost: 0)
        // Equity 600: exposure (500 + 1) / 600 = 83.5% > 80%.
        #expect(try limits().violation(cost: 1, fee: 0, state: underwater)?.hasPrefix("max_exposure_pct") == true)
    }

    @Test func oneCategoryOrEventAboveItsShare_isRefused() throws {
        let state = RiskLimits.State(
            cash: 700, invested: 300, unrealized: 0, positionCost: 0, group: "event:neg-risk-1", groupCost: 300)
        #expect(try limits().violation(cost: 100, fee: 0, state: state) == nil)
        let reason = try #require(try limits().violation(cost: 101, fee: 0, state: state))
        #expect(reason.hasPrefix("max_category_exposure_pct: event:neg-risk-1"))
    }

    @Test func dailyLossAtTheLimit_stopsBuys() throws {
        let strict = try limits(["max_daily_loss": .number(50)])
        let down49 = RiskLimits.State(cash: 951, invested: 0, unrealized: 0, positionCost: 0, dailyLoss: 49)
        #expect(strict.violation(cost: 10, fee: 0, state: down49) == nil)
        let down50 = RiskLimits.State(cash: 950, invested: 0, unrealized: 0, positionCost: 0, dailyLoss: 50)
        #expect(strict.violation(cost: 10, fee: 0, state: down50)?.hasPrefix("max_daily_loss") == true)
        // No limit unless configured.
        #expect(try limits().violation(cost: 10, fee: 0, state: down50) == nil)
    }

    @Test func oneRegionOnOneDayAboveItsShare_isRefused_andOtherMarketsHaveNoRegion() throws {
        // Equity 10,000; 4,000 already in Europe on 2026-06-22; the limit 50% → 1,000 more fits, 1,001 does not.
        let europe = RiskLimits.State(
            cash: 6_000, invested: 4_000, unrealized: 0, positionCost: 0, group: "event:a", groupCost: 0,
            region: "region:Europe|2026-06-22", regionCost: 4_000)
        let generous = try limits([
            "max_exposure_pct": .number(1), "max_category_exposure_pct": .number(1), "max_single_position_pct": .number(1),
        ])
        #expect(generous.violation(cost: 1_000, fee: 0, state: europe) == nil)
        #expect(generous.violation(cost: 1_001, fee: 0, state: europe)?.hasPrefix("max_region_exposure_pct") == true)
        let reason = try #require(generous.violation(cost: 1_100, fee: 0, state: europe))
        #expect(reason == "max_region_exposure_pct: region:Europe|2026-06-22 would be 51% of equity, above 50%")
        let elsewhere = RiskLimits.State(cash: 6_000, invested: 4_000, unrealized: 0, positionCost: 0, group: "event:a", groupCost: 0)
        #expect(generous.violation(cost: 3_000, fee: 0, state: elsewhere) == nil)
    }
}
