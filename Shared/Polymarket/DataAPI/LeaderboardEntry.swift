import Foundation

/// A row of a trader leaderboard, in any of the forms Polymarket serves: `GET /v1/leaderboard`
/// (`rank` as text, `pnl`, `vol`), `GET /v2/leaderboard` (`rank`, `user_id`, `pnl`, `volume` in
/// shares; with `user=`, `rank_pnl` and `rank_volume`) and lb-api's `/profit` (`amount`).
public struct LeaderboardEntry: Decodable, Sendable {
    public var proxyWallet: String
    public var rank: Int?
    /// The rank by volume (v2 with `user=`).
    public var volumeRank: Int?
    public var pnl: Decimal?
    public var volume: Decimal?
    public var userName: String?
    public var verified: Bool?

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["proxyWallet", "user_id", "proxy_wallet"]) else { throw DataAPIShapeError(type: "leaderboard") }
        proxyWallet = wallet
        rank = f.int(["rank", "rank_pnl"]).map(Int.init)
        volumeRank = f.int("rank_volume").map(Int.init)
        pnl = f.decimal(["pnl", "amount"])
        volume = f.decimal(["vol", "volume"])
        userName = f.string(["userName", "user_name", "name"])
        verified = f.bool(["verifiedBadge", "verified"])
    }
}
