import Foundation
import Polymarket

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

    /// Reads `closed`, `umaResolutionStatus` and `outcomePrices`. Prices within 0.01 of 1 and 0
    /// count as final (a few closed markets carry values such as `0.99999921574…`).
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
