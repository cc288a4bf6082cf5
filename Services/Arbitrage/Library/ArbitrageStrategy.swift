import Foundation
import Polymarket
import Portfolios
import StrategyKit

/// Looks for prices that add up to less than a dollar, from the live order books:
/// (a) in one market, YES ask + NO ask < 1 − `fee_buffer` → buy both, equal shares;
/// (b) in a negRisk event, the YES asks of all its markets sum to < 1 − `fee_buffer` → buy every YES.
/// Books whose spread exceeds `max_spread` are ignored. At most `max_markets_scanned` markets.
public struct ArbitrageStrategy: Strategy {
    public static let type = StrategyType.arbitrage

    public init() {}

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        let config = input.config
        let scanned = Array(input.markets.prefix(config.maxMarketsScanned))
        let groupIDs = Set(scanned.filter(\.negRisk).compactMap(\.negRiskMarketID))
        let groups = try input.pool.negRiskGroups(groupIDs.sorted())
        var tokens = Set(scanned.flatMap { [$0.yesTokenID, $0.noTokenID] })
        for members in groups.values { tokens.formUnion(members.map(\.yesTokenID)) }
        let books = try input.books(Array(tokens).sorted())
        func ask(_ token: String) -> Decimal? {
            guard let book = books[token], let ask = book.bestAsk?.price else { return nil }
            if let bid = book.bestBid?.price, ask - bid > config.maxSpread { return nil }
            return ask
        }
        let ceiling = 1 - config.feeBuffer
        var found: [(Decimal, [TradingSignal])] = []
        for market in scanned {
            guard let yes = ask(market.yesTokenID), let no = ask(market.noTokenID), yes + no < ceiling else { continue }
            let edge = 1 - yes - no
            let total = yes + no
            let reason = "YES ask \(ReasonFormat.price(yes)) + NO ask \(ReasonFormat.price(no)) = \(ReasonFormat.price(total)) < 1; "
                + "buying both locks \(ReasonFormat.price(edge)) per share pair"
            found.append((edge, [
                input.buy(market, yes: true, reference: yes, confidence: edge * 20, reason: reason,
                          amount: (input.tradeSize.amount * yes / total).rounded(scale: 2)),
                input.buy(market, yes: false, reference: no, confidence: edge * 20, reason: reason,
                          amount: (input.tradeSize.amount * no / total).rounded(scale: 2)),
            ]))
        }
        for (group, members) in groups.sorted(by: { $0.key < $1.key }) where members.count > 1 {
            let asks = members.map { ask($0.yesTokenID) }
            guard asks.allSatisfy({ $0 != nil }) else { continue }
            let sum = asks.reduce(Decimal(0)) { $0 + $1! }
            guard sum < ceiling else { continue }
            let edge = 1 - sum
            let reason = "negRisk group \(group.prefix(10))…: the \(members.count) YES asks sum to \(ReasonFormat.price(sum)) < 1; "
                + "buying every YES locks \(ReasonFormat.price(edge))"
            let signals = zip(members, asks).map { market, ask in
                input.buy(market, yes: true, reference: ask!, confidence: edge * 20, reason: reason,
                          amount: (input.tradeSize.amount * ask! / sum).rounded(scale: 2))
            }
            found.append((edge, signals))
        }
        var result: [TradingSignal] = []
        for (_, signals) in found.sorted(by: { $0.0 > $1.0 }) where result.count + signals.count <= config.maxSignalsPerCycle {
            result += signals
        }
        return result
    }
}
