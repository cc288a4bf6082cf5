import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore

/// The exit policies a portfolio enables in its config; strategies turn their verdicts into sell
/// signals. In order of precedence:
/// 1. stop-loss: the position's return on cost at the mark is −`stop_loss_pct` or worse → sell all;
/// 2. take-profit: the return is `take_profit_pct` or better → sell all;
/// 3. time exit: less than `time_exit_fraction` of the market's lifetime (start to end) remains → sell all;
/// 4. scaling bands: the strategy's score for the held side has dropped, relative to the score the
///    position was opened on, by `band_half_drop` → hold half of the peak shares, `band_quarter_drop`
///    → a quarter, `band_exit_drop` → nothing (full → half → quarter → exit).
public enum ExitPolicy {
    /// A decision to sell `shares` of a position.
    public struct Exit: Sendable, Equatable {
        public let rule: String
        public let shares: Decimal
        public let reason: String

        public init(rule: String, shares: Decimal, reason: String) {
            self.rule = rule
            self.shares = shares
            self.reason = reason
        }
    }

    /// What the rules decide for `position` at mark `price`, with the strategy's current signed
    /// `score` for the market (nil when it has none). Nil: hold.
    public static func evaluate(
        _ position: HeldPosition, price: Decimal?, score: Decimal?, now: Date, config: StrategyConfig
    ) -> Exit? {
        let all = position.shares.rounded(scale: 2, .down)
        guard all > 0 else { return nil }
        if let price, position.costBasis > 0 {
            let value = position.shares * price
            let ret = (value - position.costBasis) / position.costBasis
            if let stop = config.stopLossPct, ret <= -stop {
                return Exit(
                    rule: "stop_loss", shares: all,
                    reason: "stop-loss: return \(ret.percentText) at mark \(price) is below -\(stop.percentText)")
            }
            if let take = config.takeProfitPct, ret >= take {
                return Exit(
                    rule: "take_profit", shares: all,
                    reason: "take-profit: return \(ret.percentText) at mark \(price) reached \(take.percentText)")
            }
        }
        if config.timeExit, let start = position.market.startDate, let end = position.market.endDate, end > start {
            let lifetime = end.timeIntervalSince(start)
            let remaining = end.timeIntervalSince(now)
            let fraction = NSDecimalNumber(decimal: config.timeExitFraction).doubleValue
            if remaining < fraction * lifetime {
                let left = max(0, remaining) / lifetime
                return Exit(
                    rule: "time_exit", shares: all,
                    reason:
                        "time exit: \(String(format: "%.1f", left * 100))% of the market's lifetime remains, below \(config.timeExitFraction.percentText)"
                )
            }
        }
        if config.scalingBands, let entry = position.entryScore, entry > 0, let score {
            let held = max(0, position.isYes ? score : -score)
            let drop = max(0, 1 - held / entry)
            let (band, keep): (String, Decimal) =
                drop >= config.bandExitDrop
                ? ("exit", 0)
                : drop >= config.bandQuarterDrop
                    ? ("quarter", Decimal(string: "0.25")!)
                    : drop >= config.bandHalfDrop ? ("half", Decimal(string: "0.5")!) : ("full", 1)
            let target = (position.peakShares * keep).rounded(scale: 2, .down)
            let sell = keep == 0 ? all : (position.shares - target).rounded(scale: 2, .down)
            guard sell >= BookWalk.lot else { return nil }
            return Exit(
                rule: "scaling_band_\(band)", shares: min(sell, all),
                reason: "scaling band \(band): score \(held.rounded(scale: 4)) is \(drop.percentText) below the entry score \(entry)")
        }
        return nil
    }

    /// The sell signal of an exit: `exit.shares` at no less than `mark` minus `maxSlippage`,
    /// rounded up onto the market's tick grid.
    public static func signal(
        _ position: HeldPosition, exit: Exit, mark: Decimal, portfolioID: PortfolioID, cycleID: CycleID, maxSlippage: Decimal
    ) -> TradingSignal {
        TradingSignal(
            portfolioID: portfolioID, cycleID: cycleID, marketID: MarketID(position.market.id), tokenID: position.tokenID,
            action: position.isYes ? .sellYes : .sellNo, amount: exit.shares,
            limitPrice: TickSize.limit(mark - maxSlippage, tick: position.market.tickSize, buying: false),
            confidence: 1, reason: exit.reason)
    }

}

extension StrategyInput {
    /// Sell signals for the held positions the exit policies close or scale down. Marks are the
    /// current midpoints; scores come from `strategy` over the same price moves it buys on.
    public func exits(held: [HeldPosition], strategy: any Strategy) throws -> [TradingSignal] {
        let config = self.config
        guard !held.isEmpty,
            config.stopLossPct != nil || config.takeProfitPct != nil || config.timeExit || config.scalingBands
        else { return [] }
        let marks = try quotes.midpoints(tokenIDs: held.map(\.tokenID.rawValue))
        var scores: [String: Decimal] = [:]
        if config.scalingBands {
            for move in try with(markets: held.map(\.market)).priceMoves() {
                scores[move.market.id] = strategy.score(move, config: config)
            }
        }
        return held.compactMap { position in
            let mark = marks[position.tokenID.rawValue]
            guard let exit = ExitPolicy.evaluate(position, price: mark, score: scores[position.market.id], now: now, config: config),
                let price = mark ?? position.market.referenceYesPrice.map({ position.isYes ? $0 : 1 - $0 })
            else { return nil }
            return ExitPolicy.signal(
                position, exit: exit, mark: price, portfolioID: portfolio.id, cycleID: cycleID, maxSlippage: config.maxSlippage)
        }
    }
}
