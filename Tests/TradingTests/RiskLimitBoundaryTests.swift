import Foundation
import Portfolios
import PrescientCore
import Testing
import Trading

/// Every risk limit at its boundary: one cent under, at, and one cent over, on states whose
/// figures are worked out by hand in each test's comment. A limit is a ceiling the buy may reach
/// (at passes) except the daily loss, which stops buys once it is reached.
@Suite("Risk limits at the cent")
struct RiskLimitBoundaryTests {
    typealias State = RiskLimits.State
    let d = MoneyPath.decimal

    func limits(_ json: [String: JSONValue]) -> RiskLimits { RiskLimits(config: MoneyPath.generous(json)) }

    /// The violation's name for each cost (nil when it passes).
    func judged(_ limits: RiskLimits, _ costs: [String], fee: String = "0", state: State) -> [String?] {
        costs.map { cost in
            limits.violation(cost: d(cost), fee: d(fee), state: state).map { String($0.prefix { $0 != ":" }) }
        }
    }

    @Test func totalExposure_reachesItsCapAndNoFurther() {
        // Equity 300 + 700 = 1,000; 80% of it is 800, so 100.00 more reaches the cap.
        let state = State(cash: 300, invested: 700, unrealized: 0, positionCost: 0)
        #expect(
            judged(limits(["max_exposure_pct": .number(d("0.80"))]), ["99.99", "100.00", "100.01"], state: state)
                == [nil, nil, "max_exposure_pct"])
    }

    @Test func onePosition_reachesItsShareAndNoFurther() {
        // Equity 1,000; 25% is 250.00, of which 100 is already in the token.
        let state = State(cash: 900, invested: 100, unrealized: 0, positionCost: 100)
        #expect(
            judged(limits(["max_single_position_pct": .number(d("0.25"))]), ["149.99", "150.00", "150.01"], state: state)
                == [nil, nil, "max_single_position_pct"])
    }

    @Test func theReserve_isKeptToTheCent_feesIncluded() {
        // Cash 1,000 with 900 reserved: 100.00 may go, cost and fee together.
        let state = State(cash: 1_000, invested: 0, unrealized: 0, positionCost: 0)
        let reserve = limits(["min_balance_reserve": .number(900)])
        #expect(judged(reserve, ["99.99", "100.00", "100.01"], state: state) == [nil, nil, "min_balance_reserve"])
        #expect(judged(reserve, ["99.00"], fee: "1.01", state: state) == ["min_balance_reserve"])
        #expect(judged(reserve, ["99.00"], fee: "1.00", state: state) == [nil])
    }

    @Test func oneCategoryOrEvent_reachesItsShareAndNoFurther() {
        // Equity 1,000; 40% is 400, of which 300 is already in the negRisk event.
        let state = State(cash: 700, invested: 300, unrealized: 0, positionCost: 0, group: "event:e-1", groupCost: 300)
        #expect(
            judged(limits(["max_category_exposure_pct": .number(d("0.40"))]), ["99.99", "100.00", "100.01"], state: state)
                == [nil, nil, "max_category_exposure_pct"])
    }

    @Test func oneRegionOnOneDay_reachesItsShareAndNoFurther() {
        // Equity 10,000; 50% is 5,000, of which 4,000 is already in Europe that day.
        let state = State(
            cash: 6_000, invested: 4_000, unrealized: 0, positionCost: 0, region: "region:Europe|2026-06-22", regionCost: 4_000)
        #expect(
            judged(limits(["max_region_exposure_pct": .number(d("0.50"))]), ["999.99", "1000.00", "1000.01"], state: state)
                == [nil, nil, "max_region_exposure_pct"])
    }

    @Test func theDailyLoss_stopsBuysOnceReached() {
        // The limit is 50: 49.99 lost still buys; 50.00 and 50.01 do not.
        let verdicts = ["49.99", "50.00", "50.01"].map { lost in
            limits(["max_daily_loss": .number(50)]).violation(
                cost: 1, fee: 0, state: State(cash: 1_000 - d(lost), invested: 0, unrealized: 0, positionCost: 0, dailyLoss: d(lost))
            ).map { String($0.prefix { $0 != ":" }) }
        }
        #expect(verdicts == [nil, "max_daily_loss", "max_daily_loss"])
    }

    @Test func unrealisedLosses_countInEquity_atTheCent() {
        // Cash 500, cost 500, unrealised −100: equity 900, 80% of it 720, so 220.00 more reaches the cap.
        let state = State(cash: 500, invested: 500, unrealized: -100, positionCost: 0)
        #expect(
            judged(limits(["max_exposure_pct": .number(d("0.80"))]), ["219.99", "220.00", "220.01"], state: state)
                == [nil, nil, "max_exposure_pct"])
    }

    @Test func noEquity_refusesEveryBuy() {
        let broke = State(cash: 0, invested: 100, unrealized: -100, positionCost: 0)
        #expect(limits([:]).violation(cost: d("0.01"), fee: 0, state: broke) == "equity is 0")
    }
}
