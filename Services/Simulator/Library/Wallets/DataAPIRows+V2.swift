import Foundation

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
