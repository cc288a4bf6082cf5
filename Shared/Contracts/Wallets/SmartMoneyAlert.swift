import Foundation

/// `GET /alerts`: one detector's finding in a market's trades, with its evidence.
public struct SmartMoneyAlert: Codable, Sendable, Equatable {
    public var id: Int64
    /// `whale`, `cluster`, `wash_trading`, `contrarian` or `odds_movement`.
    public var kind: String
    public var conditionID: String
    public var question: String?
    public var wallets: [String]
    public var transactionHashes: [String]
    /// When the (first) trade happened.
    public var tradedAt: Date
    /// `BUY YES`, `SELL NO`, …
    public var side: String
    public var outcomeIndex: Int
    public var notional: Decimal
    public var confidence: Decimal
    public var evidence: [String: Decimal]
    public var summary: String
    public var detectedAt: Date

    public init(
        id: Int64, kind: String, conditionID: String, question: String?, wallets: [String], transactionHashes: [String], tradedAt: Date,
        side: String, outcomeIndex: Int, notional: Decimal, confidence: Decimal, evidence: [String: Decimal], summary: String,
        detectedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.conditionID = conditionID
        self.question = question
        self.wallets = wallets
        self.transactionHashes = transactionHashes
        self.tradedAt = tradedAt
        self.side = side
        self.outcomeIndex = outcomeIndex
        self.notional = notional
        self.confidence = confidence
        self.evidence = evidence
        self.summary = summary
        self.detectedAt = detectedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, conditionID = "condition_id", question, wallets, transactionHashes = "transaction_hashes"
        case tradedAt = "traded_at", side, outcomeIndex = "outcome_index", notional, confidence, evidence, summary
        case detectedAt = "detected_at"
    }
}
