import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore
import StrategyKit

/// Looks for outcome sets that cost less than the dollar they are sure to pay, after costs:
/// (a) one market's YES and NO; (b) every YES of a negRisk event (exactly one of them pays).
///
/// Every leg buys the same number of shares N, so one share set pays exactly $1 whatever
/// happens. N is what the trade size buys at the best asks, cut to the depth every leg offers
/// within `max_slippage` of its best ask; each leg's limit is the worst price its N-share walk
/// reaches. The edge is counted at those limits (the most the legs may pay) and with each
/// market's taker fee at its worst price in that range, and must keep `fee_buffer` per share set.
/// The legs form one signal group: they execute all together or not at all. Books whose spread
/// exceeds `max_spread` are ignored; at most `max_markets_scanned` markets.
public struct ArbitrageStrategy: Strategy {
    public static let type = StrategyType.arbitrage

    public init() {}

    /// One leg of a share set: which outcome of which market, and its book.
    public struct Leg: Sendable {
        public let market: CandidateMarket
        public let yes: Bool
        public let book: OrderBook
        var token: String { yes ? market.yesTokenID : market.noTokenID }

        public init(market: CandidateMarket, yes: Bool, book: OrderBook) {
            self.market = market
            self.yes = yes
            self.book = book
        }
    }

    /// A priced share set: N shares of every leg at these limits, and what it keeps.
    public struct Plan: Sendable {
        public let shares: Decimal
        public let limits: [Decimal]
        public let worstCost: Decimal
        public let worstFees: Decimal
        public var edge: Decimal { shares - worstCost - worstFees }
    }

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        let config = input.config
        let scanned = Array(input.markets.prefix(config.maxMarketsScanned))
        let groupIDs = Set(scanned.filter(\.negRisk).compactMap(\.negRiskMarketID))
        let groups = try input.pool.negRiskGroups(groupIDs.sorted())
        var tokens = Set(scanned.flatMap { [$0.yesTokenID, $0.noTokenID] })
        for members in groups.values { tokens.formUnion(members.map(\.yesTokenID)) }
        let books = try input.books(Array(tokens).sorted())
        func leg(_ market: CandidateMarket, yes: Bool) -> Leg? {
            let token = yes ? market.yesTokenID : market.noTokenID
            guard let book = books[token], let ask = book.bestAsk?.price else { return nil }
            if let bid = book.bestBid?.price, ask - bid > config.maxSpread { return nil }
            return Leg(market: market, yes: yes, book: book)
        }
        var found: [(Decimal, [TradingSignal])] = []
        for market in scanned {
            guard let yes = leg(market, yes: true), let no = leg(market, yes: false) else { continue }
            if let signals = Self.signals(for: [yes, no], key: market.id, what: "YES + NO of market \(market.id)", input: input) {
                found.append(signals)
            }
        }
        for (group, members) in groups.sorted(by: { $0.key < $1.key }) where members.count > 1 {
            let legs = members.compactMap { leg($0, yes: true) }
            guard legs.count == members.count else { continue }
            let what = "every YES of negRisk event \(group.prefix(10))… (\(members.count) markets)"
            if let signals = Self.signals(for: legs, key: "event-" + group, what: what, input: input) { found.append(signals) }
        }
        var result: [TradingSignal] = []
        for (_, signals) in found.sorted(by: { $0.0 > $1.0 }) where result.count + signals.count <= config.maxSignalsPerCycle {
            result += signals
        }
        return result
    }

    /// The legs' signals when the set keeps its edge after fees and slippage, with the edge per set.
    static func signals(for legs: [Leg], key: String, what: String, input: StrategyInput) -> (Decimal, [TradingSignal])? {
        let config = input.config
        let bestSum = legs.reduce(Decimal(0)) { $0 + ($1.book.bestAsk?.price ?? 1) }
        guard bestSum < 1 - config.feeBuffer, bestSum > 0 else { return nil }
        guard let plan = plan(legs, dollars: input.tradeSize.amount, config: config), plan.edge >= plan.shares * config.feeBuffer else {
            return nil
        }
        let perSet = (plan.edge / plan.shares).rounded(scale: 4, .down)
        let group = "arb:\(input.cycleID):\(key)"
        let reason =
            "\(what): \(DecimalText.format(plan.shares)) shares each, at most \(ReasonFormat.price(plan.worstCost)) "
            + "+ fees \(ReasonFormat.price(plan.worstFees)) for \(DecimalText.format(plan.shares)) paid at resolution; "
            + "keeps \(ReasonFormat.price(perSet)) per share set after fees and slippage; all legs or none"
        let signals = zip(legs, plan.limits).map { leg, limit in
            var signal = TradingSignal(
                portfolioID: input.portfolio.id, cycleID: input.cycleID, marketID: MarketID(leg.market.id), tokenID: TokenID(leg.token),
                action: leg.yes ? .buyYes : .buyNo, amount: (plan.shares * limit).rounded(scale: 6, .up), limitPrice: limit,
                confidence: min(1, max(0, perSet * 20)).rounded(scale: 4), reason: reason)
            signal.shares = plan.shares
            signal.groupID = group
            return signal
        }
        return (perSet, signals)
    }

    /// Sizes and prices a share set: N from the trade size at the best asks, cut to what every leg
    /// offers within `max_slippage` of its best ask, in whole lots, at least every book's minimum.
    public static func plan(_ legs: [Leg], dollars: Decimal, config: StrategyConfig) -> Plan? {
        let bestSum = legs.reduce(Decimal(0)) { $0 + ($1.book.bestAsk?.price ?? 1) }
        var shares = (dollars / bestSum).rounded(scale: 2, .down)
        var ceilings: [Decimal] = []
        for leg in legs {
            let best = leg.book.bestAsk!.price
            let ceiling = TickSize.limit(best + config.maxSlippage, tick: leg.book.tickSize ?? leg.market.tickSize, buying: true)
            ceilings.append(ceiling)
            let depth = leg.book.asks.filter { $0.price <= ceiling }.reduce(Decimal(0)) { $0 + $1.size }
            shares = min(shares, depth.rounded(scale: 2, .down))
        }
        let minimum = legs.map { $0.book.minOrderSize ?? 5 }.max() ?? 5
        guard shares >= minimum else { return nil }
        var limits: [Decimal] = []
        var cost: Decimal = 0
        var fees: Decimal = 0
        for (leg, ceiling) in zip(legs, ceilings) {
            let fill = BookWalk.buy(leg.book, shares: shares, limit: ceiling)
            guard fill.complete, let worst = fill.levels.map(\.price).max() else { return nil }
            limits.append(worst)
            cost += shares * worst
            fees += worstFee(shares: shares, from: leg.book.bestAsk!.price, to: worst, fee: leg.market.fee)
        }
        return Plan(shares: shares, limits: limits, worstCost: cost, worstFees: fees)
    }

    /// The largest fee `shares` can pay at any price between `low` and `high` (p(1 − p) peaks at 0.5).
    static func worstFee(shares: Decimal, from low: Decimal, to high: Decimal, fee: MarketFee) -> Decimal {
        let half = Decimal(string: "0.5")!
        let price = low <= half && half <= high ? half : (abs(low - half) < abs(high - half) ? low : high)
        return TakerFee.fee(shares: shares, price: price, rate: fee.rate, exponent: fee.exponent)
    }
}
