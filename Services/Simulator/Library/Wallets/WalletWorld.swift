/// Which population of wallets the simulator's Data API serves (`SIM_WORLD`).
public enum WalletWorld: String, Sendable, CaseIterable {
    /// The world a skill detector should find hard: fates drawn from the market's own price (only
    /// beating the price pays), 1–3% informed wallets with 1–5 point edges, whales with and without
    /// edge, copy-traders paying the impact, liquidity providers holding open markets for weeks,
    /// hedging insiders, jittered sybil clusters and wash volume (`WalletPopulation+Adversarial`).
    case adversarial
    /// The adversarial population with every edge set to zero: the control a scanner must find nothing in.
    case noSkill = "no_skill"
    /// The first population (10% informed with 8–20 point edges, coin-flip fates, exact sybils):
    /// kept for the tests of the scanner's mechanics, not as evidence of skill.
    case easy
}
