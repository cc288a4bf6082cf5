import Foundation

/// The Data API's v1 rows as Polymarket sends them (camelCase, every recorded field), for the
/// simulated wallets.
enum DataAPIRows {
    struct Position: Encodable {
        let proxyWallet: String
        let asset: String
        let conditionId: String
        let size: Decimal
        let avgPrice: Decimal
        let initialValue: Decimal
        let currentValue: Decimal
        let cashPnl: Decimal
        let percentPnl: Decimal
        let totalBought: Decimal
        let realizedPnl: Decimal
        let percentRealizedPnl: Decimal
        let curPrice: Decimal
        let redeemable: Bool
        let mergeable: Bool
        let title: String
        let slug: String
        let icon: String
        let eventId: String
        let eventSlug: String
        let outcome: String
        let outcomeIndex: Int
        let oppositeOutcome: String
        let oppositeAsset: String
        let endDate: String
        let negativeRisk: Bool
    }

    struct ClosedPosition: Encodable {
        let proxyWallet: String
        let asset: String
        let conditionId: String
        let avgPrice: Decimal
        let totalBought: Decimal
        let realizedPnl: Decimal
        let curPrice: Decimal
        let title: String
        let slug: String
        let icon: String
        let eventSlug: String
        let outcome: String
        let outcomeIndex: Int
        let oppositeOutcome: String
        let oppositeAsset: String
        let endDate: String
        let timestamp: Int64
    }

    struct Activity: Encodable {
        let proxyWallet: String
        let timestamp: Int64
        let conditionId: String
        let type: String
        let size: Decimal
        let usdcSize: Decimal
        let transactionHash: String
        let price: Decimal
        let asset: String
        let side: String
        let outcomeIndex: Int
        let title: String
        let slug: String
        let icon: String
        let eventSlug: String
        let outcome: String
        let name: String
        let pseudonym: String
        let bio: String
        let profileImage: String
        let profileImageOptimized: String
    }

    struct Trade: Encodable {
        let proxyWallet: String
        let side: String
        let asset: String
        let conditionId: String
        let size: Decimal
        let price: Decimal
        let timestamp: Int64
        let title: String
        let slug: String
        let icon: String
        let eventSlug: String
        let outcome: String
        let outcomeIndex: Int
        let name: String
        let pseudonym: String
        let bio: String
        let profileImage: String
        let profileImageOptimized: String
        let transactionHash: String
    }
}

extension DataAPIRows {
    struct Holder: Encodable {
        let proxyWallet: String
        let bio: String
        let asset: String
        let pseudonym: String
        let amount: Decimal
        let displayUsernamePublic: Bool
        let outcomeIndex: Int
        let name: String
        let profileImage: String
        let profileImageOptimized: String
        let verified: Bool
    }

    struct TokenHolders: Encodable {
        let token: String
        let holders: [Holder]
    }

    struct MarketPosition: Encodable {
        let proxyWallet: String
        let name: String
        let profileImage: String
        let verified: Bool
        let asset: String
        let conditionId: String
        let avgPrice: Decimal
        let size: Decimal
        let currPrice: Decimal
        let currentValue: Decimal
        let cashPnl: Decimal
        let totalBought: Decimal
        let realizedPnl: Decimal
        let totalPnl: Decimal
        let outcome: String
        let outcomeIndex: Int
    }

    struct MarketPositions: Encodable {
        let token: String
        let positions: [MarketPosition]
    }

    struct LeaderboardRow: Encodable {
        let rank: String
        let proxyWallet: String
        let userName: String
        let xUsername: String
        let verifiedBadge: Bool
        let vol: Decimal
        let pnl: Decimal
        let profileImage: String
    }
}

/// The Data API's v2 wallet rows (snake_case, every recorded field).
extension DataAPIRows {
    struct PositionV2: Encodable {
        let proxy_wallet: String
        let token_id: String
        let condition_id: String
        let current_size: Decimal
        let avg_price: Decimal
        let entry_cost_usdc: Decimal
        let entry_fees_usdc: Decimal
        let total_cost_usdc: Decimal
        let current_price: Decimal
        let current_value: Decimal
        let total_size: Decimal
        let realized_pnl: Decimal
        let unrealized_pnl: Decimal
        let total_pnl: Decimal
        let percent_pnl: Decimal
        let percent_realized_pnl: Decimal
        let status: String
        let redeemable: Bool
        let mergeable: Bool
        let negative_risk: Bool
        let archived: Bool
        let title: String
        let slug: String
        let icon: String
        let event_id: String
        let event_slug: String
        let outcome: String
        let outcome_index: Int
        let opposite_outcome: String
        let opposite_token_id: String
        let end_date: String
        let last_event_at: Int64
        let first_entry_at: Int64
        let name: String
        let profile_image: String
        let verified: Bool
    }

    struct LeaderboardRowV2: Encodable {
        let rank: Int
        let user_id: String
        let pnl: Decimal
        let volume: Decimal
        let user_name: String
        let profile_image: String
        let x_username: String
        let verified: Bool
    }

    /// `/v2/leaderboard?user=`: one wallet with its rank by P&L and by volume.
    struct LeaderboardUserV2: Encodable {
        let user_id: String
        let pnl: Decimal
        let volume: Decimal
        let rank_pnl: Int
        let rank_volume: Int
        let user_name: String
        let profile_image: String
        let x_username: String
        let verified: Bool
    }

    struct ValueV2: Encodable {
        let proxy_wallet: String
        let value: Decimal
    }
}

/// v2's wallet statistics rows.
extension DataAPIRows {
    /// One P&L breakdown (`all_time_pnl`, a `/v2/user-pnl` point), every recorded field.
    struct PnLBreakdown: Encodable {
        let timestamp: Int64
        let source_block: Int64
        let realized_market_pnl: Decimal
        let realized_lp_pnl: Decimal
        let realized_combo_pnl: Decimal
        let unrealized_pnl: Decimal
        let fees_refunded: Decimal
        let maker_rebate: Decimal
        let taker_rebate: Decimal
        let reward_income: Decimal
        let yield_income: Decimal
        let referral_income: Decimal
        let deposits: Decimal?
        let withdrawals: Decimal?
        let realized_pnl: Decimal
        let wallet_income: Decimal
        let position_pnl: Decimal
        let settled_pnl: Decimal
        let economic_pnl: Decimal
        let trade_pnl: Decimal
        let sponsored_income: Decimal
        let fees: Decimal
        let fees_paid: Decimal
        let cashflow_net: Decimal?
        let volume: Decimal
        let volume_usdc: Decimal
        let trade_count: Int

        enum CodingKeys: String, CodingKey {
            case timestamp, source_block, realized_market_pnl, realized_lp_pnl, realized_combo_pnl, unrealized_pnl, fees_refunded,
                maker_rebate, taker_rebate, reward_income, yield_income, referral_income, deposits, withdrawals, realized_pnl,
                wallet_income,
                position_pnl, settled_pnl, economic_pnl, trade_pnl, sponsored_income, fees, fees_paid, cashflow_net, volume, volume_usdc,
                trade_count
        }

        /// Nulls are sent as nulls, as recorded.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(timestamp, forKey: .timestamp)
            try c.encode(source_block, forKey: .source_block)
            for (key, value) in [
                (CodingKeys.realized_market_pnl, realized_market_pnl), (.realized_lp_pnl, realized_lp_pnl),
                (.realized_combo_pnl, realized_combo_pnl), (.unrealized_pnl, unrealized_pnl), (.fees_refunded, fees_refunded),
                (.maker_rebate, maker_rebate), (.taker_rebate, taker_rebate), (.reward_income, reward_income),
                (.yield_income, yield_income),
                (.referral_income, referral_income),
            ] { try c.encode(value, forKey: key) }
            try c.encode(deposits, forKey: .deposits)
            try c.encode(withdrawals, forKey: .withdrawals)
            for (key, value) in [
                (CodingKeys.realized_pnl, realized_pnl), (.wallet_income, wallet_income), (.position_pnl, position_pnl),
                (.settled_pnl, settled_pnl), (.economic_pnl, economic_pnl), (.trade_pnl, trade_pnl), (.sponsored_income, sponsored_income),
                (.fees, fees), (.fees_paid, fees_paid),
            ] { try c.encode(value, forKey: key) }
            try c.encode(cashflow_net, forKey: .cashflow_net)
            try c.encode(volume, forKey: .volume)
            try c.encode(volume_usdc, forKey: .volume_usdc)
            try c.encode(trade_count, forKey: .trade_count)
        }
    }

    struct UserStats: Encodable {
        let proxy_wallet: String
        let trades: Int
        let biggest_win: Decimal
        let views: Int
        let join_date: Int64
        let all_time_pnl: PnLBreakdown
    }

    struct UserPnL: Encodable {
        let proxy_wallet: String
        let interval: String
        let fidelity: String
        let source_fidelity: String
        let points: [PnLBreakdown]
    }

    struct BiggestWin: Encodable {
        let win_rank: Int
        let kind: String
        let user_id: String
        let pnl: Decimal
        let initial_value: Decimal
        let final_value: Decimal
        let resolved_at: Int64
        let condition_id: String
        let position_id: String
        let event_id: Int
        let event_slug: String
        let event_title: String
        let user_name: String
        let profile_image: String
    }
}
