import Foundation
import Polymarket
import Portfolios

/// Where a market stands for settlement, read from its Gamma payload.
public enum MarketResolution: Sendable, Equatable {
    /// Still trading.
    case open
    /// Closed but not final (UMA `proposed` or `disputed`, or no final prices yet): capital stays locked.
    case pending(String)
    /// Final: the outcome at `winningIndex` pays $1 a share, the other $0.
    case resolved(winningIndex: Int)
    /// Final with no winner (`["0","0"]` or equal prices): positions are refunded at cost.
    case void

    /// Reads `closed`, `umaResolutionStatus` and `outcomePrices`. A closed market is final only
    /// with status `resolved`; then prices within 0.01 of 1 and 0 name the winner (a few carry
    /// values such as `0.99999921574…`) and equal prices make it void.
    public init(_ market: GammaMarket) {
        let status = market.umaResolutionStatus?.lowercased()
        guard market.closed == true else {
            self = status == "proposed" || status == "disputed" ? .pending(status!) : .open
            return
        }
        if status == "proposed" || status == "disputed" {
            self = .pending(status!)
            return
        }
        // Prices near 1/0 are final only when the oracle says so: a closed market without a
        // `resolved` status (a halted or legacy market) waits rather than pay on its last prices.
        guard status == "resolved" else {
            self = .pending(status.map { "closed with resolution status \($0)" } ?? "closed without a resolution status")
            return
        }
        let prices = market.outcomePrices
        guard prices.count == 2 else {
            self = .pending("no final prices")
            return
        }
        let nearOne = Decimal(string: "0.99")!
        let nearZero = Decimal(string: "0.01")!
        if prices[0] == prices[1] {
            self = .void
        } else if prices[0] >= nearOne && prices[1] <= nearZero {
            self = .resolved(winningIndex: 0)
        } else if prices[1] >= nearOne && prices[0] <= nearZero {
            self = .resolved(winningIndex: 1)
        } else {
            self = .pending("prices \(prices[0])/\(prices[1]) are not final")
        }
    }
}

extension MarketResolution {
    /// How `token` ends in this resolution of `market`: nil while the market is open or pending,
    /// and nil when the market does not list the token among its two `clobTokenIds` (a missing or
    /// foreign token cannot be called a loser: its position waits instead of closing at zero).
    public func outcome(of token: String, in market: GammaMarket) -> Bookkeeping.SettlementOutcome? {
        guard market.clobTokenIDs.count == 2, let index = market.clobTokenIDs.firstIndex(of: token) else { return nil }
        switch self {
        case .resolved(let winner): return index == winner ? .won : .lost
        case .void: return .void
        case .open, .pending: return nil
        }
    }
}
