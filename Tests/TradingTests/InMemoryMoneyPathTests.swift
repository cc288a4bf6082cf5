import Contracts
import Foundation
import Logging
import Polymarket
import Portfolios
import PrescientCore
import Testing
import Trading

/// The whole money path (pending signals → decisions → fills → positions, totals and ledger) on
/// the in-memory store: the executor the services run, without a database. Figures are worked
/// out by hand in the comments; the random walk checks the books' identities after every step.
@Suite("Money path in memory")
struct InMemoryMoneyPathTests {
    let d = MoneyPath.decimal
    let logger = Logger(label: "test")

    func executor(_ store: InMemoryTradingStore, _ quotes: FixedQuotes) -> SignalExecutor {
        SignalExecutor(store: store, quotes: quotes, logger: logger)
    }

    @Test func aBuyThenAPartialSale_bookEveryDollarToTheCent() throws {
        let (store, portfolio) = MoneyPath.world(fee: MarketFee(rate: d("0.04"), exponent: 1, source: "fee_schedule"))
        let quotes = FixedQuotes([MoneyPath.book(asks: [("0.50", "1000")], bids: [("0.60", "100")])])
        // Buy 100 dollars at 0.50: 200 shares, fee 200 × 0.04 × (0.5 × 0.5) = 2.00.
        try store.addSignal(MoneyPath.signal(.buyYes, "100", limit: "0.50", portfolioID: portfolio.id))
        let bought = try executor(store, quotes).execute(portfolio: portfolio)
        #expect(bought.tradesExecuted == 1 && bought.newBalance == d("898"))
        // Sell 80 shares at the 0.60 bid: proceeds 48.00, fee 80 × 0.04 × (0.6 × 0.4) = 0.768; cost
        // removed 100 × 80 / 200 = 40, realised 48 − 40 = 8.
        try store.addSignal(MoneyPath.signal(.sellYes, "80", limit: "0.55", portfolioID: portfolio.id))
        let sold = try executor(store, quotes).execute(portfolio: portfolio)
        #expect(sold.tradesExecuted == 1)
        let money = try #require(try store.money(of: [portfolio.id])[portfolio.id])
        #expect(money == PortfolioMoney(cash: d("945.232"), invested: 60, realizedPnl: 8, unrealizedPnl: 0, feesPaid: d("2.768")))
        let ledger = store.ledger(of: portfolio.id)
        #expect(ledger.map(\.kind) == ["deposit", "buy_fill", "fee", "sell_fill", "fee"])
        #expect(ledger.map(\.amount) == [1_000, -100, -2, 48, d("-0.768")])
        #expect(ledger.map(\.balanceAfter) == [1_000, 900, 898, 946, d("945.232")])
        let position = try #require(store.positions(of: portfolio.id).first)
        #expect(position.isOpen && position.shares == 120 && position.costBasis == 60 && position.peakShares == 200)
        #expect(store.trades(of: portfolio.id).map(\.realizedPnl) == [0, 8])
    }

    @Test func aGroupWhoseSecondLegHasNoBook_booksNothing() throws {
        let (store, portfolio) = MoneyPath.world()
        let quotes = FixedQuotes([MoneyPath.book(asks: [("0.50", "1000")])])
        store.addMarket("m-2", terms: MoneyPath.terms())
        let first = try store.addSignal(MoneyPath.signal(.buyYes, "50", limit: "0.50", portfolioID: portfolio.id, group: "g"))
        let second = try store.addSignal(
            MoneyPath.signal(.buyYes, "50", limit: "0.50", token: "yes-2", market: "m-2", portfolioID: portfolio.id, group: "g"))
        let result = try executor(store, quotes).execute(portfolio: portfolio)
        #expect(result.tradesExecuted == 0 && result.signalsRejected == 2 && result.newBalance == 1_000)
        #expect(store.signal(first)?.status == .rejected && store.signal(second)?.status == .rejected)
        #expect(store.signal(first)?.statusReason?.contains("no leg executes alone") == true)
        #expect(store.ledger(of: portfolio.id).map(\.kind) == ["deposit"] && store.positions(of: portfolio.id).isEmpty)
    }

    @Test func aHaltedPortfolio_sellsButDoesNotBuy() throws {
        let (store, portfolio) = MoneyPath.world()
        let quotes = FixedQuotes([MoneyPath.book(asks: [("0.50", "1000")], bids: [("0.40", "1000")])])
        try store.addSignal(MoneyPath.signal(.buyYes, "50", limit: "0.50", portfolioID: portfolio.id))
        _ = try executor(store, quotes).execute(portfolio: portfolio)
        store.setStatus(.halted, of: portfolio.id)
        var halted = portfolio
        halted.status = .halted
        let buy = try store.addSignal(MoneyPath.signal(.buyYes, "50", limit: "0.50", portfolioID: portfolio.id, cycle: "c-2"))
        let sell = try store.addSignal(MoneyPath.signal(.sellYes, "100", limit: "0.40", portfolioID: portfolio.id, cycle: "c-2"))
        _ = try executor(store, quotes).execute(portfolio: halted)
        // Bought 100 shares for 50; the halted buy is refused; the sale of all 100 at 0.40 brings 40.
        #expect(store.signal(buy)?.status == .rejected && store.signal(sell)?.status == .executed)
        #expect(try store.money(of: [portfolio.id])[portfolio.id]?.cash == 990)
        #expect(store.positions(of: portfolio.id).allSatisfy { !$0.isOpen })
    }

    @Test func concurrentExecutions_executeEachSignalOnceAndNeverOverspend() throws {
        // 30 buys of 40 dollars on 1,000: at most 25 fit. Eight executors run at once.
        let (store, portfolio) = MoneyPath.world()
        let quotes = FixedQuotes([MoneyPath.book(asks: [("0.50", "100000")])])
        let ids = try (0..<30).map {
            try store.addSignal(MoneyPath.signal(.buyYes, "40", limit: "0.50", portfolioID: portfolio.id, cycle: "c-\($0)"))
        }
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            _ = try? executor(store, quotes).execute(portfolio: portfolio)
        }
        let trades = store.trades(of: portfolio.id)
        #expect(trades.count == 25)
        #expect(Set(trades.compactMap(\.signalID)).count == trades.count)
        #expect(ids.allSatisfy { store.signal($0)?.status != .pending })
        #expect(try store.money(of: [portfolio.id])[portfolio.id]?.cash == 0)
    }

    /// 20 seeds × 150 random buys and sales over three portfolios and four tokens, executed in
    /// batches; after every batch each portfolio's books must hold their identities exactly.
    @Test func randomTrading_keepsEveryIdentityAfterEveryStep() throws {
        let fee = MarketFee(rate: d("0.03"), exponent: 1, source: "fee_schedule")
        let tokens: [TokenID] = ["t-a", "t-b", "t-c", "t-d"]
        var tally: [OrderSide] = []
        for seed in 1...20 {
            var random = SplitMixGenerator(seed: UInt64(seed))
            let store = InMemoryTradingStore()
            for token in tokens { store.addMarket("m-\(token)", terms: MoneyPath.terms(fee: fee)) }
            let portfolios = (0..<3).map { _ in MoneyPath.portfolio(store.openAccount(initialBalance: 500), balance: 500) }
            let quotes = FixedQuotes()
            for step in 0..<15 {
                quotes.set(
                    tokens.map { token in
                        let mid = Int.random(in: 10...90, using: &random)
                        return MoneyPath.book(
                            token: token, asks: [(price(mid + 1), "300"), (price(mid + 3), "300")], bids: [(price(mid - 1), "300")])
                    })
                for index in 0..<10 {
                    let owner = portfolios.randomElement(using: &random)!
                    let token = tokens.randomElement(using: &random)!
                    let buys = Bool.random(using: &random)
                    try store.addSignal(
                        MoneyPath.signal(
                            buys ? .buyYes : .sellYes, String(Int.random(in: buys ? 5...120 : 5...200, using: &random)),
                            limit: buys ? "0.99" : "0.01", token: token, market: "m-\(token)", portfolioID: owner.id,
                            cycle: "c-\(step)-\(index)"))
                }
                _ = try executor(store, quotes).execute(portfolios.map { ($0, nil) })
                for portfolio in portfolios {
                    try checkIdentities(store, portfolio, context: "seed \(seed) step \(step)")
                }
            }
            for portfolio in portfolios { tally.append(contentsOf: store.trades(of: portfolio.id).map(\.side)) }
        }
        // The identities mean something only if the walk traded both ways, often.
        #expect(tally.filter { $0 == .buy }.count >= 500 && tally.filter { $0 == .sell }.count >= 100, "\(tally.count) trades")
    }

    func price(_ cents: Int) -> String { String(format: "0.%02d", cents) }

    /// cash = Σ ledger and each row's balance its running sum; invested = Σ open cost basis;
    /// initial + realised − fees = cash + invested; cash never negative; one trade per signal.
    func checkIdentities(_ store: InMemoryTradingStore, _ portfolio: Portfolio, context: String) throws {
        let money = try #require(try store.money(of: [portfolio.id])[portfolio.id])
        var running: Decimal = 0
        for row in store.ledger(of: portfolio.id) {
            running += row.amount
            #expect(row.balanceAfter == running, "\(context): ledger row \(row.id)")
        }
        let openCost = store.positions(of: portfolio.id).filter(\.isOpen).reduce(Decimal(0)) { $0 + $1.costBasis }
        let trades = store.trades(of: portfolio.id)
        #expect(money.cash == running, "\(context): cash \(money.cash) vs ledger \(running)")
        #expect(money.invested == openCost, "\(context)")
        #expect(portfolio.initialBalance + money.realizedPnl - money.feesPaid == money.cash + money.invested, "\(context)")
        #expect(money.cash >= 0, "\(context)")
        #expect(money.feesPaid == trades.reduce(Decimal(0)) { $0 + $1.fee }, "\(context)")
        #expect(Set(trades.compactMap(\.signalID)).count == trades.count, "\(context)")
    }
}
