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
