import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore
import Testing
import Trading

/// The decisions of execution without a database: a buy or sale against a book, and a unit's
/// legs planned one after another, each expectation worked out by hand in its comment.
@Suite("Execution decisions in memory")
struct ExecutionDecisionTests {
    let d = MoneyPath.decimal
    /// 1,000 shares offered at 0.50 and 1,000 at 0.55; 100 bid at 0.40.
    let book = MoneyPath.book(asks: [("0.50", "1000"), ("0.55", "1000")], bids: [("0.40", "100")])

    func plan(cash: Decimal, invested: Decimal = 0, status: PortfolioStatus = .active) -> UnitPlan {
        UnitPlan(status: status, cash: cash, invested: invested, unrealized: 0)
    }

    @Test func aBuy_walksTheAsks_andPaysTheFeeOnEachLevel() {
        // 600 dollars at a 0.55 limit: 1,000 shares at 0.50 (500.00), then 100 / 0.55 = 181.81 shares
        // at 0.55 (99.9955). Fee at rate 0.04, exponent 1: 1,000 × 0.04 × 0.25 = 10 and
        // 181.81 × 0.04 × 0.2475 = 1.799919 → 1.79991 (floored to 5 decimals).
        let terms = MoneyPath.terms(fee: MarketFee(rate: d("0.04"), exponent: 1, source: "fee_schedule"))
        let decision = SignalExecutor.decideBuy(
            signal: MoneyPath.buy("600", limit: "0.55"), book: book,
            risk: RiskLimits.State(cash: 10_000, invested: 0, unrealized: 0, positionCost: 0), portfolioStatus: .active,
            openPositions: 0, config: MoneyPath.generous(), terms: terms)
        guard case .fill(let fill, let fee) = decision else {
            Issue.record("expected a fill, got \(decision)")
            return
        }
        #expect(fill.shares == d("1181.81"))
        #expect(fill.notional == d("599.9955"))
        #expect(fee == d("11.79991"))
    }

    @Test func cash_mustCoverTheFillAndItsFee_toTheCent() {
        // 100 dollars at 0.50: 200 shares, notional 100.00, fee 200 × 0.04 × 0.25 = 2.00.
        let terms = MoneyPath.terms(fee: MarketFee(rate: d("0.04"), exponent: 1, source: "fee_schedule"))
        let outcomes = ["101.99", "102.00", "102.01"].map { cash -> String? in
            var unit = plan(cash: d(cash), invested: 900)
            return unit.planBuy(
                MoneyPath.buy("100", limit: "0.50"), book: book, consumed: [:], config: MoneyPath.generous(), terms: terms,
                exposure: MoneyPath.exposure(startOfDay: 0))
        }
        #expect(outcomes[0]?.hasPrefix("insufficient balance") == true)
        #expect(outcomes[1] == nil && outcomes[2] == nil)
    }

    @Test func maxPositions_countsHeldAndPlannedPositions() {
        let config = MoneyPath.generous(["max_positions": .number(3)])
        var unit = plan(cash: 1_000)
        // Two held: a third fits; the fourth (another token) does not; adding to a planned token does.
        let held = MoneyPath.exposure(others: 2)
        #expect(
            unit.planBuy(
                MoneyPath.buy("10", token: "a"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(), exposure: held) == nil
        )
        #expect(
            unit.planBuy(
                MoneyPath.buy("10", token: "b"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(), exposure: held)
                == "max_positions 3 reached")
        let sameToken = MoneyPath.exposure(others: 2)
        #expect(
            unit.planBuy(
                MoneyPath.buy("10", token: "a"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(), exposure: sameToken)
                == nil)
    }

    @Test func theMinimumOrderSize_isMetOrRefused() {
        // At 0.50, 2.50 dollars buy 5.00 shares (the minimum); 2.49 buy 4.98.
        func decide(_ amount: String) -> SignalExecutor.Decision {
            SignalExecutor.decideBuy(
                signal: MoneyPath.buy(amount), book: book, risk: RiskLimits.State(cash: 100, invested: 0, unrealized: 0, positionCost: 0),
                portfolioStatus: .active, openPositions: 0, config: MoneyPath.generous(), terms: MoneyPath.terms())
        }
        #expect(decide("2.49") == .reject("4.98 shares is below the minimum order size 5"))
        guard case .fill(let fill, _) = decide("2.50") else {
            Issue.record("2.50 should fill")
            return
        }
        #expect(fill.shares == 5)
    }

    @Test func aPausedPortfolio_sellsButDoesNotBuy_andAnOffTickLimitIsRefused() {
        var paused = plan(cash: 1_000, status: .paused)
        let refused = paused.planBuy(
            MoneyPath.buy("10"), book: book, consumed: [:], config: MoneyPath.generous(), terms: MoneyPath.terms(),
            exposure: MoneyPath.exposure())
        #expect(refused == "portfolio is paused: reduce-only, buys are refused")
        let position = Bookkeeping.OpenPosition(id: 1, marketID: "m-1", tokenID: "yes-1", outcome: "YES", shares: 10, costBasis: 5)
        #expect(
            paused.planSell(
                MoneyPath.sell("10"), book: book, consumed: [:], config: MoneyPath.generous(), terms: MoneyPath.terms(), position: position)
                == nil)
        let decision = SignalExecutor.decideBuy(
            signal: MoneyPath.buy("10", limit: "0.505"), book: book,
            risk: RiskLimits.State(cash: 100, invested: 0, unrealized: 0, positionCost: 0), portfolioStatus: .active, openPositions: 0,
            config: MoneyPath.generous(), terms: MoneyPath.terms())
        #expect(decision == .reject("limit price 0.505 is not a multiple of the tick size 0.01"))
    }

    @Test func aSale_sellsAtMostTheHolding_downTheBids() {
        // 10 shares held, 20 asked to sell: 10 sold at 0.40 for 4.00; cash 100 → 104.00 (no fee).
        let position = Bookkeeping.OpenPosition(id: 1, marketID: "m-1", tokenID: "yes-1", outcome: "YES", shares: 10, costBasis: 5)
        var unit = plan(cash: 100)
        #expect(
            unit.planSell(
                MoneyPath.sell("20"), book: book, consumed: [:], config: MoneyPath.generous(), terms: MoneyPath.terms(), position: position)
                == nil)
        #expect(unit.planned.first?.fill.shares == 10 && unit.planned.first?.fill.notional == 4)
        #expect(unit.cash == 104)
        // Nothing held in another token: refused. Four shares of a third: below the minimum of five.
        #expect(
            unit.planSell(
                MoneyPath.sell("5", token: "no-1"), book: book, consumed: [:], config: MoneyPath.generous(), terms: MoneyPath.terms(),
                position: nil) == "no open position in this token to sell")
        let small = Bookkeeping.OpenPosition(id: 2, marketID: "m-2", tokenID: "yes-2", outcome: "YES", shares: 4, costBasis: 2)
        #expect(
            unit.planSell(
                MoneyPath.sell("4", token: "yes-2"), book: book, consumed: [:], config: MoneyPath.generous(), terms: MoneyPath.terms(),
                position: small) == "4 shares is below the minimum order size 5")
    }

    @Test func aGroupsLegs_areJudgedTogether_againstTheCategoryCap() {
        // Equity 1,000; the category cap 40% is 400. Each leg of 250 fits alone; the second leg
        // would bring the category to 500.
        let config = MoneyPath.generous(["max_category_exposure_pct": .number(d("0.40"))])
        var unit = plan(cash: 1_000)
        let first = unit.planBuy(
            MoneyPath.buy("250", token: "a"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(),
            exposure: MoneyPath.exposure())
        #expect(first == nil)
        #expect(unit.cash == 750 && unit.invested == 250)
        let second = unit.planBuy(
            MoneyPath.buy("250", token: "b"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(),
            exposure: MoneyPath.exposure())
        #expect(second?.hasPrefix("max_category_exposure_pct: category:politics would be 50") == true, "\(second ?? "passed")")
        var alone = plan(cash: 1_000)
        #expect(
            alone.planBuy(
                MoneyPath.buy("250", token: "b"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(),
                exposure: MoneyPath.exposure()) == nil)
    }

    @Test func theDailyLoss_isMeasuredFromTheStartOfDayEquity() {
        // Equity 1,000 now; the day started at 1,049.99 (49.99 lost: buys) or 1,050.00 (50 lost: no buys).
        let config = MoneyPath.generous(["max_daily_loss": .number(50)])
        let outcomes = ["1049.99", "1050.00"].map { start -> String? in
            var unit = plan(cash: 1_000)
            return unit.planBuy(
                MoneyPath.buy("10"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(),
                exposure: MoneyPath.exposure(startOfDay: d(start)))
        }
        #expect(outcomes[0] == nil)
        #expect(outcomes[1]?.hasPrefix("max_daily_loss: 50") == true)
    }

    @Test func depthOtherPortfoliosTook_isNotSoldTwice() {
        // 1,000 of the 1,000 shares at 0.50 already taken: the buy walks to 0.55 or, limited at 0.50, finds nothing.
        let taken: [Decimal: Decimal] = [d("0.50"): 1_000]
        let refused = SignalExecutor.decideBuy(
            signal: MoneyPath.buy("10", limit: "0.50"), book: book, consumed: taken,
            risk: RiskLimits.State(cash: 100, invested: 0, unrealized: 0, positionCost: 0), portfolioStatus: .active, openPositions: 0,
            config: MoneyPath.generous(), terms: MoneyPath.terms())
        #expect(refused == .reject("no depth at or below the limit 0.5 (best ask 0.5)"))
    }

    @Test func aUnitsLaterLegInTheSameToken_walksWhatTheEarlierLegsLeft() {
        // 1,000 shares at 0.50 (and more at 0.55, above the limit): the first leg takes 800 for 400.00,
        // the second, wanting 200.00 more at 0.50, finds only the 200 shares left (100.00).
        let config = MoneyPath.generous(["partial_fills": .bool(true)])
        var unit = plan(cash: 10_000)
        #expect(
            unit.planBuy(
                MoneyPath.buy("400", limit: "0.50"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(),
                exposure: MoneyPath.exposure()) == nil)
        #expect(
            unit.planBuy(
                MoneyPath.buy("200", limit: "0.50"), book: book, consumed: [:], config: config, terms: MoneyPath.terms(),
                exposure: MoneyPath.exposure()) == nil)
        #expect(unit.planned.map(\.fill.shares) == [800, 200])
        #expect(unit.cash == 9_500)
    }

    @Test func aUnitsLaterSaleInTheSameToken_sellsWhatTheEarlierSaleLeft() {
        // 10 shares costing 5.00; a sale of 6 takes 3.00 of cost (pro rata); a second sale of 6
        // finds 4 shares costing 2.00 and sells them (minimum order size 1 here).
        let thin = MoneyPath.book(bids: [("0.40", "100")], minimum: 1)
        let position = Bookkeeping.OpenPosition(id: 1, marketID: "m-1", tokenID: "yes-1", outcome: "YES", shares: 10, costBasis: 5)
        var unit = plan(cash: 0)
        for _ in 0..<2 {
            #expect(
                unit.planSell(
                    MoneyPath.sell("6"), book: thin, consumed: [:], config: MoneyPath.generous(), terms: MoneyPath.terms(),
                    position: position) == nil)
        }
        #expect(unit.planned.map(\.fill.shares) == [6, 4])
        #expect(unit.planned.map { $0.position?.shares } == [10, 4])
        #expect(unit.planned.map { $0.position?.costBasis } == [5, 2])
        #expect(unit.cash == 4)
    }
}
