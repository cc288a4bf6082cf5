import Foundation
import Portfolios
import PrescientCore

/// The per-portfolio limits a buy must pass (defaults from the money-management spec):
/// total exposure at most `max_exposure_pct` (0.80) of equity, one token at most
/// `max_single_position_pct` (0.25) of equity, and cash after the fill at least
/// `min_balance_reserve` (0 dollars), one category or negRisk event at most
/// `max_category_exposure_pct` (0.40) of equity, and no buys once the day's loss reaches
/// `max_daily_loss`, and the weather markets of one region on one target date at most
/// `max_region_exposure_pct` (0.50) of equity (weather-trader-v2's correlation limit). Equity =
/// cash + cost basis + unrealised P&L.
public struct RiskLimits: Sendable {
    public let maxExposurePct: Decimal
    public let maxSinglePositionPct: Decimal
    public let minBalanceReserve: Decimal
    public let maxCategoryExposurePct: Decimal
    public let maxDailyLoss: Decimal?
    public let maxRegionExposurePct: Decimal

    public init(config: StrategyConfig) {
        maxExposurePct = config.maxExposurePct
        maxSinglePositionPct = config.maxSinglePositionPct
        minBalanceReserve = config.minBalanceReserve
        maxCategoryExposurePct = config.maxCategoryExposurePct
        maxDailyLoss = config.maxDailyLoss
        maxRegionExposurePct = config.maxRegionExposurePct
    }

    /// The portfolio at the moment of the decision.
    public struct State: Sendable {
        public let cash: Decimal
        public let invested: Decimal
        public let unrealized: Decimal
        /// Cost basis already held in the token being bought.
        public let positionCost: Decimal
        /// The exposure group of the token (`event:<negRisk id>` or `category:<name>`) and the cost
        /// basis already held in it.
        public let group: String
        public let groupCost: Decimal
        /// Equity lost since the start of the UTC day (negative when it gained).
        public let dailyLoss: Decimal
        /// The correlation group of a weather market (`region:<region>|<target date>`; nil for
        /// other markets) and the cost basis already held in it.
        public let region: String?
        public let regionCost: Decimal

        public init(
            cash: Decimal, invested: Decimal, unrealized: Decimal, positionCost: Decimal, group: String = "category:other",
            groupCost: Decimal = 0, dailyLoss: Decimal = 0, region: String? = nil, regionCost: Decimal = 0
        ) {
            self.cash = cash
            self.invested = invested
            self.unrealized = unrealized
            self.positionCost = positionCost
            self.group = group
            self.groupCost = groupCost
            self.dailyLoss = dailyLoss
            self.region = region
            self.regionCost = regionCost
        }

        public var equity: Decimal { MoneyFigures.equity(cash: cash, invested: invested, unrealized: unrealized) }
    }

    /// The reason the buy breaks a limit, or nil when it passes.
    public func violation(cost: Decimal, fee: Decimal, state: State) -> String? {
        let equity = state.equity
        guard equity > 0 else { return "equity is \(equity)" }
        if let maxDailyLoss, state.dailyLoss >= maxDailyLoss {
            return "max_daily_loss: \(state.dailyLoss) lost today, the limit is \(maxDailyLoss); buys resume tomorrow (UTC)"
        }
        if state.cash - cost - fee < minBalanceReserve {
            return "min_balance_reserve: cash after the fill would be \(state.cash - cost - fee), below \(minBalanceReserve)"
        }
        let exposure = (state.invested + cost) / equity
        if exposure > maxExposurePct {
            return "max_exposure_pct: exposure would be \(exposure.percentText) of equity, above \(maxExposurePct.percentText)"
        }
        let single = (state.positionCost + cost) / equity
        if single > maxSinglePositionPct {
            return
                "max_single_position_pct: the position would be \(single.percentText) of equity, above \(maxSinglePositionPct.percentText)"
        }
        let group = (state.groupCost + cost) / equity
        if group > maxCategoryExposurePct {
            return
                "max_category_exposure_pct: \(state.group) would be \(group.percentText) of equity, above \(maxCategoryExposurePct.percentText)"
        }
        if let region = state.region {
            let share = (state.regionCost + cost) / equity
            if share > maxRegionExposurePct {
                return
                    "max_region_exposure_pct: \(region) would be \(share.percentText) of equity, above \(maxRegionExposurePct.percentText)"
            }
        }
        return nil
    }

}
