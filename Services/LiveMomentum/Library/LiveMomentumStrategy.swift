import Contracts
import Foundation
import Portfolios
import PrescientCore
import StrategyKit

/// Trades the live tier's momentum signals through the normal cycle: for each candidate market
/// with a signal stored in the last `max_signal_age_s` seconds, weighing at least
/// `min_signal_weight` (LOW 0.5, MEDIUM 0.75, HIGH 1) and backed by at least
/// `min_elite_notional` dollars of elite wallets' trades, it buys the side the move favours (the
/// rising asset, or the other side of a falling one) with the live mid as its reference; at most
/// `max_positions` (6) positions, strongest first, one buy a market. It gives no score for held markets: positions
/// follow the exit policies (the time exit is on by default).
public struct LiveMomentumStrategy: Strategy {
    public static let type = StrategyType.liveMomentum

    /// Sides priced outside this are too near certainty to trade.
    static let prices = Decimal(string: "0.05")!...Decimal(string: "0.95")!

    let board: LiveSignalBoard

    public init(board: LiveSignalBoard) {
        self.board = board
    }

    public func signals(_ input: StrategyInput) throws -> [TradingSignal] {
        let config = input.config
        let live = try board.entries(maxAge: config.maxSignalAgeSeconds)
        var scored: [(score: Decimal, signal: TradingSignal)] = []
        for market in input.markets {
            // A market's two assets often fire together (YES up, NO down): one buy a market, the
            // strongest signal's.
            var best: (score: Decimal, signal: TradingSignal)?
            for entry in live[market.conditionID] ?? [] where entry.weight >= config.minSignalWeight {
                guard entry.eliteNotional >= config.minEliteNotional else { continue }
                let isYesAsset = entry.asset == market.yesTokenID
                guard isYesAsset || entry.asset == market.noTokenID else { continue }
                // Buy the rising asset, or the other side of a falling one.
                let buyYes = isYesAsset == entry.rising
                let reference = entry.rising ? entry.mid : 1 - entry.mid
                guard Self.prices.contains(reference) else { continue }
                let score = entry.weight * 1_000 + abs(entry.velocity) * 1_000_000 + entry.eliteNotional / 1_000_000
                guard score > best?.score ?? -1 else { continue }
                best = (score, input.buy(market, yes: buyYes, reference: reference, confidence: entry.weight, reason: Self.reason(entry)))
            }
            if let best { scored.append(best) }
        }
        return Array(input.strongest(scored).prefix(max(0, config.maxPositions - input.heldPositions)))
    }

    public func score(_ move: PriceMove, config: StrategyConfig) -> Decimal? { nil }

    static func reason(_ entry: LiveSignalBoard.Entry) -> String {
        let elite =
            entry.eliteWallets > 0
            ? "; \(entry.eliteWallets) elite wallet\(entry.eliteWallets == 1 ? "" : "s") with it ($\(DecimalText.format(entry.eliteNotional.rounded(scale: 0))))"
            : ""
        return "live signal #\(entry.id): \(entry.reason)\(elite)"
    }
}
