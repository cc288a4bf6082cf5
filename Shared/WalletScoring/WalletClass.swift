import Foundation

/// What kind of wallet a record looks like, from indicators (`polymarket-wallet-api.md` §3.10):
/// liquidity providers and market makers live on rewards, rebates and both sides of a book;
/// a protocol wallet holds both sides at zero cost. Classified wallets never count as smart money.
public enum WalletClass: String, Sendable, Codable, CaseIterable {
    case trader
    case liquidityProvider = "liquidity_provider"
    case protocolWallet = "protocol"

    /// The indicators a classification reads, each a share in [0, 1].
    public struct Indicators: Sendable, Equatable {
        /// Reward, rebate and LP income over all income and settled P&L in absolute terms.
        public var liquidityIncomeShare: Double
        /// Markets held on both sides over markets held.
        public var bothSidesShare: Double
        /// Positions bought at zero cost over positions.
        public var zeroCostShare: Double

        public init(liquidityIncomeShare: Double, bothSidesShare: Double, zeroCostShare: Double) {
            self.liquidityIncomeShare = liquidityIncomeShare
            self.bothSidesShare = bothSidesShare
            self.zeroCostShare = zeroCostShare
        }
    }

    /// The class the indicators point to: a protocol wallet when most positions cost nothing;
    /// a liquidity provider when it mostly holds both sides, or when liquidity income is a large
    /// share of what it makes; otherwise a trader.
    public static func classify(_ indicators: Indicators) -> WalletClass {
        if indicators.zeroCostShare >= 0.5 { return .protocolWallet }
        if indicators.bothSidesShare >= 0.5 || indicators.liquidityIncomeShare >= 0.3 { return .liquidityProvider }
        return .trader
    }
}
