import Contracts
import Foundation
import Portfolios
import Postgres
import PrescientCore
import StrategyKit

/// Lotus-seer's trader: buys the side skilled money holds in the scanner's Top 12 (clarity at
/// least `min_clarity`, n_eff at least `min_n_eff`), at most `max_positions` (6) positions; its
/// score for a held market is the market's current clarity toward the held side, so the scaling
/// bands scale out full → half → quarter → exit as clarity falls 25%, 40% and 50% below its
/// entry value. (With two sides the held side's alignment is (1 + clarity)/2, so a 60% drop in
/// alignment means skilled money has changed sides: clarity has fallen more than 50% before
/// that.) The time exit sells below 10% of the market's lifetime. A market that left the Top 33
/// has no reading: its position is held on the other rules.
public struct SmartMoneyStrategy: Strategy {
    public static let type = StrategyType.smartMoney

    /// Sides priced outside this are too near certainty to trade.
    static let prices = Decimal(string: "0.05")!...Decimal(string: "0.95")!

    let board: SmartMoneyBoard

    public init(board: SmartMoneyBoard) {
        self.board = board
    }

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        let config = input.config
        let entries = try board.entries()
        var scored: [(score: Decimal, signal: TradingSignal)] = []
        for market in input.markets {
            guard let entry = entries[market.conditionID], entry.top12, entry.clarity >= config.minClarity, entry.nEff >= config.minNEff,
                let yesPrice = market.referenceYesPrice
            else { continue }
            let reference = entry.yes ? yesPrice : 1 - yesPrice
            guard Self.prices.contains(reference) else { continue }
            let signal = input.buy(market, yes: entry.yes, reference: reference, confidence: entry.clarity, reason: Self.reason(entry))
            // Best rank first.
            scored.append((Decimal(100 - entry.rank), signal))
        }
        // No more buys than the free position slots.
        return Array(input.strongest(scored).prefix(max(0, config.maxPositions - input.heldPositions)))
    }

    /// The market's clarity toward YES (negative: toward NO), nil outside the Top 33.
    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? {
        guard let entry = try? board.entries()[move.market.conditionID] else { return nil }
        return entry.yes ? entry.clarity : -entry.clarity
    }

    static func reason(_ entry: SmartMoneyBoard.Entry) -> String {
        let leaders = entry.leaders.map { leader in
            let skill = leader.skill.map { "edge \(ReasonFormat.price($0))" } ?? "no profile"
            return
                "\(leader.wallet.prefix(6))…\(leader.wallet.suffix(4)) (\(skill), $\(DecimalText.format(leader.notional.rounded(scale: 0))))"
        }
        return
            "smart money, Top 12 (rank #\(entry.rank) of the Top 33): \(entry.yes ? "YES" : "NO") with clarity \(ReasonFormat.price(entry.clarity)), "
            + "alignment \(ReasonFormat.price(entry.alignment)), trust \(ReasonFormat.price(entry.trust)), "
            + "n_eff \(ReasonFormat.price(entry.nEff)) over \(entry.wallets) wallets"
            + (leaders.isEmpty ? "" : "; led by " + leaders.joined(separator: ", "))
    }
}
