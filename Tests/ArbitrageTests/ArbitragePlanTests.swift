import Foundation
import Polymarket
import Portfolios
import Strategies
import StrategyKit
import TestSupport
import Testing

/// Share sets priced by hand: equal shares on every leg, limits at the worst level walked, the
/// edge after each market's taker fee at its worst price and after the slippage allowance.
@Suite("Arbitrage after costs")
struct ArbitragePlanTests {
    static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    static func book(_ asks: [(String, String)], bid: String = "0.01") -> OrderBook {
        OrderBook.make(token: "t", market: nil, asks: asks.map { (d($0.0), d($0.1)) }, bids: [(d(bid), 1000)])
    }

    static func market(fee: MarketFee) -> CandidateMarket {
        CandidateMarket(id: "m1", yesTokenID: "yes", noTokenID: "no", fee: fee)
    }

    static let crypto = MarketFee(rate: d("0.07"), exponent: 1, source: "fee_type:crypto_fees")

    @Test func threeCentsBelowADollar_isNoEdgeOnceCryptoFeesArePaid() throws {
        // YES asks 0.48 × 100 then 0.50 × 1000; NO asks 0.49 × 1000: the best asks sum to 0.97.
        let market = Self.market(fee: Self.crypto)
        let legs = [
            ArbitrageStrategy.Leg(market: market, yes: true, book: Self.book([("0.48", "100"), ("0.50", "1000")])),
            ArbitrageStrategy.Leg(market: market, yes: false, book: Self.book([("0.49", "1000")])),
        ]
        let plan = try #require(ArbitrageStrategy.plan(legs, dollars: 100, config: StrategyConfig()))
        // By hand: N = floor(100 / 0.97, 2 dp) = 103.09; YES walks 100 @ 0.48 + 3.09 @ 0.50 (limit 0.50), NO 103.09 @ 0.49.
        #expect(plan.shares == Self.d("103.09"))
        #expect(plan.limits == [Self.d("0.50"), Self.d("0.49")])
        #expect(plan.worstCost == Self.d("102.0591"))  // 103.09 × 0.50 + 103.09 × 0.49
        // Fees at the worst price of each range: YES spans 0.5 (p(1-p) = 0.25), NO sits at 0.49 (0.2499).
        // 103.09 × 0.07 × 0.25 = 1.8040750 → 1.80407; 103.09 × 0.07 × 0.2499 = 1.80335337 → 1.80335.
        #expect(plan.worstFees == Self.d("3.60742"))
        #expect(plan.edge == Self.d("-2.57652"))  // 103.09 − 102.0591 − 3.60742: buying both loses money
        #expect(plan.edge < plan.shares * StrategyConfig().feeBuffer)
    }

    @Test func feeFreeMarket_buysEqualSharesAtTheWorstLevelWalked() throws {
        let market = Self.market(fee: .none)
        let legs = [
            ArbitrageStrategy.Leg(market: market, yes: true, book: Self.book([("0.45", "2000")])),
            ArbitrageStrategy.Leg(market: market, yes: false, book: Self.book([("0.50", "60"), ("0.51", "2000")])),
        ]
        let plan = try #require(ArbitrageStrategy.plan(legs, dollars: 100, config: StrategyConfig()))
        // N = floor(100 / 0.95, 2 dp) = 105.26; NO walks 60 @ 0.50 + 45.26 @ 0.51, so its limit is 0.51.
        #expect(plan.shares == Self.d("105.26"))
        #expect(plan.limits == [Self.d("0.45"), Self.d("0.51")])
        #expect(plan.worstCost == Self.d("101.0496"))  // 105.26 × (0.45 + 0.51) = 105.26 × 0.96
        #expect(plan.worstFees == 0)
        #expect(plan.edge == Self.d("4.2104"))  // 105.26 − 101.0496
    }

    @Test func thinLegWithinTheSlippageAllowance_capsTheSharesOfEveryLeg() throws {
        let market = Self.market(fee: .none)
        let legs = [
            ArbitrageStrategy.Leg(market: market, yes: true, book: Self.book([("0.40", "5000")])),
            // Within 0.50 + 0.03 only 12 shares are offered; the rest sits at 0.60.
            ArbitrageStrategy.Leg(market: market, yes: false, book: Self.book([("0.50", "12"), ("0.60", "5000")])),
        ]
        let plan = try #require(ArbitrageStrategy.plan(legs, dollars: 100, config: StrategyConfig()))
        #expect(plan.shares == 12)
        #expect(plan.limits == [Self.d("0.40"), Self.d("0.50")])
        #expect(plan.edge == Self.d("1.2"))  // 12 − 12 × 0.90
    }

    @Test func setSmallerThanABooksMinimumOrder_isNotPlanned() {
        let market = Self.market(fee: .none)
        let legs = [
            ArbitrageStrategy.Leg(market: market, yes: true, book: Self.book([("0.40", "5000")])),
            ArbitrageStrategy.Leg(market: market, yes: false, book: Self.book([("0.50", "4"), ("0.60", "5000")])),
        ]
        #expect(ArbitrageStrategy.plan(legs, dollars: 100, config: StrategyConfig()) == nil)
    }
}
