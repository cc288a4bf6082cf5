import Contracts
import Foundation
import Polymarket

/// `GET /wallets/leaderboard/polymarket`: Polymarket's own ranking, each row beside our profile
/// of the wallet where we have one — P&L rankings reward size and luck; the profile says whether
/// the prices paid show skill.
struct PolymarketLeaderboard: Encodable {
    struct Row: Encodable {
        let rank: Int?
        let address: String
        let name: String?
        let pnl: Decimal?
        let volume: Decimal?
        let profile: WalletProfileView?

        init(polymarket entry: LeaderboardEntry, profile: WalletProfileView?) {
            rank = entry.rank
            address = entry.proxyWallet.lowercased()
            name = entry.userName
            pnl = entry.pnl
            volume = entry.volume
            self.profile = profile
        }
    }

    let rows: [Row]
    let orderBy: String
    let timePeriod: String

    enum CodingKeys: String, CodingKey {
        case rows, orderBy = "order_by", timePeriod = "time_period"
    }
}
