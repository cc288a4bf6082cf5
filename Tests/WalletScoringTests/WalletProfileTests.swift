import Foundation
import Testing
import WalletScoring

/// Profiles built "as of" a moment, against records worked out by hand: nothing after that moment
/// (fills, resolutions, income) changes them.
@Suite("Wallet profiles")
struct WalletProfileTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    /// Market A: 100 shares at 0.40 and 100 at 0.60 of outcome 0 (t 100, 200), won at t 1,000.
    /// Market B: 50 shares at 0.20 of outcome 1 (t 300), lost at t 2,000. Market C: 10 shares at
    /// 0.50 (t 5,000), resolved at t 4,000. Market D: void at t 500. A sale in A is not scored.
    var fills: [WalletFill] {
        [
            WalletFill(timestamp: 100, market: "A", outcome: 0, isBuy: true, price: d("0.4"), size: 100, usdc: 40, category: "crypto"),
            WalletFill(timestamp: 200, market: "A", outcome: 0, isBuy: true, price: d("0.6"), size: 100, usdc: 60, category: "crypto"),
            WalletFill(timestamp: 250, market: "D", outcome: 1, isBuy: true, price: d("0.5"), size: 20, usdc: 10, category: "politics"),
            WalletFill(timestamp: 300, market: "B", outcome: 1, isBuy: true, price: d("0.2"), size: 50, usdc: 10, category: "sports"),
            WalletFill(timestamp: 400, market: "A", outcome: 0, isBuy: false, price: d("0.9"), size: 10, usdc: 9, category: "crypto"),
            WalletFill(timestamp: 5_000, market: "C", outcome: 0, isBuy: true, price: d("0.5"), size: 10, usdc: 5, category: "sports"),
        ]
    }
    let outcomes: [String: MarketOutcome] = [
        "A": MarketOutcome(winner: 0, resolvedAt: 1_000), "B": MarketOutcome(winner: 0, resolvedAt: 2_000),
        "C": MarketOutcome(winner: 0, resolvedAt: 4_000), "D": MarketOutcome(winner: nil, resolvedAt: 500),
    ]
    let income = [WalletIncome(timestamp: 150, amount: 5), WalletIncome(timestamp: 6_000, amount: 1_000)]

    @Test func aProfileAsOfAMoment_seesOnlyFillsAndOutcomesBeforeIt() {
        // At t 1,500 only A has resolved: one buy at the average 0.50, won; edge 1 − 0.5.
        let early = WalletProfile(fills: fills, income: income, outcomes: outcomes, asOf: 1_500)
        #expect(early.skill.resolved == 1 && early.skill.wins == 1)
        #expect(abs(early.skill.edge - 0.5) < 1e-12)
        // 200 shares paid $1 each for $100 staked.
        #expect(early.skill.realizedPnl == 100)
        // At t 3,000 B has lost too: edge ((1 − 0.5) + (0 − 0.2)) / 2 = 0.15; P&L 100 − 10.
        let later = WalletProfile(fills: fills, income: income, outcomes: outcomes, asOf: 3_000)
        #expect(later.skill.resolved == 2 && later.skill.wins == 1)
        #expect(abs(later.skill.edge - 0.15) < 1e-12)
        #expect(later.skill.realizedPnl == 90)
        // C's fill (t 5,000) and the income at t 6,000 come after: not seen; D was void.
        #expect(later.marketsTraded == 3 && later.lastActive == 400 && later.liquidityIncome == 5)
        // Income share 5 / (5 + 90); A's sale is a fill but no buy.
        #expect(abs(later.indicators.liquidityIncomeShare - 5.0 / 95.0) < 1e-12)
        #expect(later.indicators.trades == 5)
        // Dollars bought per category: crypto 100, politics 10 and sports 10 (ties by name).
        #expect(later.topCategories.map(\.category) == ["crypto", "politics", "sports"])
        #expect(later.topCategories.map(\.volume) == [100, 10, 10])
        // At t 10,000 everything counts: C won at 0.50 too.
        let now = WalletProfile(fills: fills, income: income, outcomes: outcomes, asOf: 10_000)
        #expect(now.skill.resolved == 3 && now.liquidityIncome == 1_005)
    }

    @Test func bothSidesAndZeroCostBuys_classifyTheWallet() {
        // Equal buys of both outcomes of two markets, with rewards as large as the spread earned.
        let twoSided = (0..<2).flatMap { market in
            (0..<2).map { outcome in
                WalletFill(
                    timestamp: Int64(100 + market * 10 + outcome), market: "M\(market)", outcome: outcome, isBuy: true,
                    price: d("0.49"), size: 100, usdc: 49, category: "sports")
            }
        }
        let resolvedBoth: [String: MarketOutcome] = [
            "M0": MarketOutcome(winner: 0, resolvedAt: 500), "M1": MarketOutcome(winner: 1, resolvedAt: 500),
        ]
        let provider = WalletProfile(
            fills: twoSided, income: [WalletIncome(timestamp: 200, amount: 4)], outcomes: resolvedBoth, asOf: 1_000)
        #expect(provider.indicators.bothSidesShare == 1)
        #expect(provider.walletClass == .liquidityProvider && !provider.walletClass.maySignal)
        let free = twoSided.map { fill in
            var zero = fill
            zero.price = 0
            zero.usdc = 0
            return zero
        }
        #expect(WalletProfile(fills: free, income: [], outcomes: resolvedBoth, asOf: 1_000).walletClass == .protocolWallet)
    }
}
