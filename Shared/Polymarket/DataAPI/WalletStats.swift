import Foundation

/// A wallet's all-time figures (`GET /v2/user-stats`), with the P&L split that tells a trader
/// from a liquidity provider: market P&L, LP P&L, maker and taker rebates, reward income, fees.
public struct WalletStats: Decodable, Sendable {
    /// One P&L breakdown (`all_time_pnl`, or a point of `/v2/user-pnl`).
    public struct PnL: Decodable, Sendable {
        public var timestamp: Int64?
        public var realizedMarketPnl: Decimal?
        public var realizedLPPnl: Decimal?
        public var unrealizedPnl: Decimal?
        public var makerRebate: Decimal?
        public var takerRebate: Decimal?
        public var rewardIncome: Decimal?
        public var realizedPnl: Decimal?
        public var feesPaid: Decimal?

        public init(from decoder: any Decoder) throws {
            let f = try DecoderFields(decoder)
            timestamp = f.int("timestamp")
            realizedMarketPnl = f.decimal(["realized_market_pnl"])
            realizedLPPnl = f.decimal(["realized_lp_pnl"])
            unrealizedPnl = f.decimal(["unrealized_pnl"])
            makerRebate = f.decimal(["maker_rebate"])
            takerRebate = f.decimal(["taker_rebate"])
            rewardIncome = f.decimal(["reward_income"])
            realizedPnl = f.decimal(["realized_pnl"])
            feesPaid = f.decimal(["fees_paid"])
        }
    }

    public var proxyWallet: String
    public var trades: Int?
    public var biggestWin: Decimal?
    public var joinDate: Int64?
    public var allTime: PnL?

    enum CodingKeys: String, CodingKey { case allTime = "all_time_pnl" }

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["proxy_wallet", "proxyWallet"]) else { throw DataAPIShapeError(type: "user stats") }
        proxyWallet = wallet
        trades = f.int("trades").map(Int.init)
        biggestWin = f.decimal(["biggest_win"])
        joinDate = f.int("join_date")
        allTime = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(PnL.self, forKey: .allTime)
    }
}

/// A wallet's P&L over time (`GET /v2/user-pnl`).
public struct WalletPnLSeries: Decodable, Sendable {
    public var proxyWallet: String
    public var interval: String?
    public var points: [WalletStats.PnL]

    enum CodingKeys: String, CodingKey { case points }

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["proxy_wallet"]) else { throw DataAPIShapeError(type: "user pnl") }
        proxyWallet = wallet
        interval = f.string("interval")
        points =
            try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(LenientList<WalletStats.PnL>.self, forKey: .points)?.elements
            ?? []
    }
}

/// One of the week's biggest wins (`GET /v2/biggest-winners`).
public struct BiggestWin: Decodable, Sendable {
    public var proxyWallet: String
    public var pnl: Decimal?
    public var initialValue: Decimal?
    public var finalValue: Decimal?
    public var conditionID: String?
    public var resolvedAt: Int64?

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["user_id", "proxy_wallet"]) else { throw DataAPIShapeError(type: "biggest win") }
        proxyWallet = wallet
        pnl = f.decimal(["pnl"])
        initialValue = f.decimal(["initial_value"])
        finalValue = f.decimal(["final_value"])
        conditionID = f.string(["condition_id"])
        resolvedAt = f.int("resolved_at")
    }
}
