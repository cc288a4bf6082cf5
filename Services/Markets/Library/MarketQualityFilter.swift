import Foundation
import Polymarket

/// The basic quality bar of the shared pool: liquidity above $100, order book enabled, not closed.
public struct MarketQualityFilter: Sendable {
    public var minLiquidity: Decimal = 100

    public init() {}

    public func accepts(_ market: GammaMarket) -> Bool {
        (market.liquidity ?? 0) > minLiquidity && market.enableOrderBook == true && market.closed != true
            && market.clobTokenIDs.count == 2
    }
}
