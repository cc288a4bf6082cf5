import Foundation

/// The Data API's v1 rows across wallets: holders, market positions, leaderboard.
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
