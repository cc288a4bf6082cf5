import Foundation

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
