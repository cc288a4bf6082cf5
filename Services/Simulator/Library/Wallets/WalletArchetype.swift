/// The kinds of wallet that trade on Polymarket, as the simulated population has them.
enum WalletArchetype: String, Codable, Sendable, CaseIterable {
    /// Buys the eventual winner more often than its price implies (a real edge).
    case informed
    /// Buys the winner exactly as often as the price implies.
    case noise
    /// Quotes both sides of a market, earning rewards and maker rebates; near-zero net exposure.
    case liquidityProvider = "liquidity_provider"
    /// Like a liquidity provider, trading far more often in smaller lots.
    case marketMaker = "market_maker"
    /// Noise-like choices in very large sizes.
    case whale
    /// One of several wallets of one owner: same markets, same side, same size, minutes apart.
    case sybil
    /// Follows informed wallets' buys after a lag, paying the price they moved (adversarial world).
    case copyTrader = "copy_trader"
    /// Buys and sells the same token within minutes: volume without exposure (adversarial world).
    case washTrader = "wash_trader"
    /// A protocol or adapter wallet holding both sides of many markets at zero cost.
    case protocolWallet = "protocol"

    /// Whether a smart-money scanner may ever count the wallet as skilled money.
    var mayBeSmartMoney: Bool { self == .informed || self == .noise || self == .whale || self == .sybil || self == .copyTrader }
}
