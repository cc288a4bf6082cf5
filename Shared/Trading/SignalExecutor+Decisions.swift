import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore

/// The pure decisions of execution: whether one signal fills against a book, and how.
extension SignalExecutor {
    /// A fill with its fee, or the reason there is none.
    public enum Decision: Sendable, Equatable {
        case fill(Fill, fee: Decimal)
        case reject(String)
    }

    /// The checks every order meets first: a portfolio that may place it (a paused or halted
    /// portfolio is reduce-only: it sells but does not buy) and a limit on the book's tick grid.
    public static func precheck(signal: TradingSignal, book: OrderBook?, portfolioStatus: PortfolioStatus, terms: MarketTerms) -> String? {
        if signal.action.isBuy && !portfolioStatus.opensPositions {
            return "portfolio is \(portfolioStatus.rawValue): reduce-only, buys are refused"
        }
        guard portfolioStatus.reducesPositions else { return "portfolio is \(portfolioStatus.rawValue)" }
        let tick = book?.tickSize ?? terms.tickSize ?? TickSize.standard
        guard TickSize.isOnGrid(signal.limitPrice, tick: tick) else {
            return "limit price \(signal.limitPrice) is not a multiple of the tick size \(tick)"
        }
        return nil
    }

    /// Why a buy cannot fill whatever the portfolio's money and positions: the portfolio may not
    /// buy, the limit is off the tick grid, the book has no ask, or nothing is offered at or below
    /// the limit once `consumed` is taken out. Nil when only the full decision can tell.
    public static func bookRefusal(
        signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal], portfolioStatus: PortfolioStatus, terms: MarketTerms
    ) -> String? {
        walkAsks(signal: signal, book: book, consumed: consumed, portfolioStatus: portfolioStatus, terms: terms).refusal
    }

    /// The checks of `bookRefusal`, and the fill the asks give when they pass.
    private static func walkAsks(
        signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal], portfolioStatus: PortfolioStatus, terms: MarketTerms
    ) -> (refusal: String?, fill: Fill?) {
        if let problem = precheck(signal: signal, book: book, portfolioStatus: portfolioStatus, terms: terms) { return (problem, nil) }
        guard let book, let best = book.asks.map(\.price).min() else { return ("no ask in the order book", nil) }
        let fill =
            signal.shares.map { BookWalk.buy(book, shares: $0, limit: signal.limitPrice, consumed: consumed) }
            ?? BookWalk.buy(book, dollars: signal.amount, limit: signal.limitPrice, consumed: consumed)
        guard fill.shares > 0 else { return ("no depth at or below the limit \(signal.limitPrice) (best ask \(best))", nil) }
        return (nil, fill)
    }

    /// The pure decision for one buy signal: walk the asks up to the signal's limit price.
    public static func decideBuy(
        signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal] = [:], risk: RiskLimits.State,
        portfolioStatus: PortfolioStatus, openPositions: Int, config: StrategyConfig, terms: MarketTerms
    ) -> Decision {
        let walked = walkAsks(signal: signal, book: book, consumed: consumed, portfolioStatus: portfolioStatus, terms: terms)
        guard let book, let fill = walked.fill else { return .reject(walked.refusal ?? "refused") }
        guard openPositions < config.maxPositions else { return .reject("max_positions \(config.maxPositions) reached") }
        if let wanted = signal.shares {
            // An exact-size leg is all or nothing, and never spends more than its amount.
            guard fill.complete else {
                return .reject("book too thin: only \(fill.shares) of \(wanted) shares offered at or below \(signal.limitPrice)")
            }
            guard fill.notional <= signal.amount else {
                return .reject("\(wanted) shares cost \(fill.notional), above the signal's \(signal.amount)")
            }
        } else if !fill.complete && !config.partialFills {
            return .reject("book too thin: only \(fill.notional) of \(signal.amount) available at or below \(signal.limitPrice)")
        }
        let minimum = book.minOrderSize ?? 5
        guard fill.shares >= minimum else {
            return .reject("\(fill.shares) shares is below the minimum order size \(minimum)")
        }
        let fee = terms.fee.fee(fill)
        guard fill.notional + fee <= risk.cash else {
            return .reject("insufficient balance: the fill costs \(fill.notional) + fee \(fee), \(risk.cash) is left")
        }
        if let violation = RiskLimits(config: config).violation(cost: fill.notional, fee: fee, state: risk) {
            return .reject(violation)
        }
        return .fill(fill, fee: fee)
    }

    /// The pure decision for one sell signal: sell up to `amount` shares of the open position,
    /// walking the bids down to the signal's limit price.
    public static func decideSell(
        signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal] = [:], position: Bookkeeping.OpenPosition?,
        portfolioStatus: PortfolioStatus, config: StrategyConfig, terms: MarketTerms
    ) -> Decision {
        if let problem = precheck(signal: signal, book: book, portfolioStatus: portfolioStatus, terms: terms) { return .reject(problem) }
        guard let position, position.shares > 0 else { return .reject("no open position in this token to sell") }
        let wanted = min(signal.amount, position.shares).rounded(scale: 2, .down)
        guard wanted > 0 else { return .reject("\(signal.amount) shares is less than one lot") }
        guard let book, let best = book.bids.map(\.price).max() else { return .reject("no bid in the order book") }
        let fill = BookWalk.sell(book, shares: wanted, limit: signal.limitPrice, consumed: consumed)
        guard fill.shares > 0 else {
            return .reject("no depth at or above the limit \(signal.limitPrice) (best bid \(best))")
        }
        if !fill.complete && !config.partialFills {
            return .reject("book too thin: only \(fill.shares) of \(wanted) shares bid at or above \(signal.limitPrice)")
        }
        let minimum = book.minOrderSize ?? 5
        guard fill.shares >= minimum else {
            return .reject("\(fill.shares) shares is below the minimum order size \(minimum)")
        }
        return .fill(fill, fee: terms.fee.fee(fill))
    }
}
