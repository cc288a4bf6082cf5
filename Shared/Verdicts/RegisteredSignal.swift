import Foundation
import PrescientCore

/// One signal as the ledger registers it: who decided what on which market, the probability (for
/// strategies that imply one) or score it carried, the price it was willing to pay, and when.
public struct RegisteredSignal: Sendable, Codable, Equatable {
    /// `live`, or `backtest:<run id>` for a replay's signals.
    public let source: String
    public let portfolioID: PortfolioID
    public let strategy: String
    public let configHash: String
    public let marketID: String
    public let tokenID: String
    /// The action: buy_yes, buy_no, sell_yes, sell_no.
    public let side: String
    public let probability: Decimal?
    public let score: Decimal
    /// The signal's limit: the worst price it accepts.
    public let price: Decimal
    /// Dollars for a buy, shares for a sell.
    public let amount: Decimal
    public let signalID: Int64?
    /// The suite's market clock when it was decided, to the microsecond.
    public let decidedAt: Date

    public init(
        source: String, portfolioID: PortfolioID, strategy: String, configHash: String, marketID: String, tokenID: String, side: String,
        probability: Decimal?, score: Decimal, price: Decimal, amount: Decimal, signalID: Int64?, decidedAt: Date
    ) {
        self.source = source
        self.portfolioID = portfolioID
        self.strategy = strategy
        self.configHash = configHash
        self.marketID = marketID
        self.tokenID = tokenID
        self.side = side
        self.probability = probability
        self.score = score
        self.price = price
        self.amount = amount
        self.signalID = signalID
        self.decidedAt = decidedAt
    }

    /// A replay's signal as the suite's ledger registers it: under its run (`source`) and the run's
    /// trial hash, without the replay's own portfolio and signal ids (they live in a schema that is dropped).
    public func replayed(as source: String, configHash: String) -> RegisteredSignal {
        RegisteredSignal(
            source: source, portfolioID: 0, strategy: strategy, configHash: configHash, marketID: marketID, tokenID: tokenID, side: side,
            probability: probability, score: score, price: price, amount: amount, signalID: nil, decidedAt: decidedAt)
    }

    /// Microseconds since 1970 (what the ledger stores and hashes).
    var decidedMicros: Int64 { Int64((decidedAt.timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    enum CodingKeys: String, CodingKey {
        case source, strategy, side, probability, score, price, amount
        case portfolioID = "portfolio_id", configHash = "config_hash", marketID = "market_id", tokenID = "token_id"
        case signalID = "signal_id", decidedAt = "decided_at"
    }
}
