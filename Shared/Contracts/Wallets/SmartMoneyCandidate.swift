import Foundation

/// One market of the scanner's Top 33 (`GET /smart-money/top33`, `/top12`): how skilled money
/// lines up in it, and the side it recommends.
public struct SmartMoneyCandidate: Codable, Sendable, Equatable {
    public var conditionID: String
    public var marketID: String
    public var question: String
    /// 1…33 by `priority2`.
    public var rank: Int
    public var top12: Bool
    /// Level 1's rank (stored profiles only): the trusted weight's delta.
    public var priority1: Decimal
    /// Level 2's rank: clarity · trust · n_eff/(n_eff + 2) · log10(1 + delta).
    public var priority2: Decimal
    public var yesStrength: Decimal
    public var noStrength: Decimal
    public var delta: Decimal
    public var clarity: Decimal
    public var alignment: Decimal
    public var trust: Decimal
    /// The lower end of the 95% interval of the dominant side's stake-weighted shrunk edge (each
    /// co-entry cluster's errors counted as one): a market is in the Top 12 only when it is above 0.
    public var trustLowerBound: Decimal
    public var nEff: Decimal
    /// Eligible wallets holding either side.
    public var wallets: Int
    /// `YES` or `NO`.
    public var side: String
    /// The token of the recommended side.
    public var tokenID: String?
    public var scanID: Int64
    public var firstRankedAt: Date
    public var updatedAt: Date
    /// The wallet map, when asked for.
    public var walletMap: [SmartMoneyWallet]?

    public init(
        conditionID: String, marketID: String, question: String, rank: Int, top12: Bool, priority1: Decimal, priority2: Decimal,
        yesStrength: Decimal, noStrength: Decimal, delta: Decimal, clarity: Decimal, alignment: Decimal, trust: Decimal, nEff: Decimal,
        wallets: Int, side: String, tokenID: String?, scanID: Int64, firstRankedAt: Date, updatedAt: Date, walletMap: [SmartMoneyWallet]?,
        trustLowerBound: Decimal = 0
    ) {
        self.trustLowerBound = trustLowerBound
        self.conditionID = conditionID
        self.marketID = marketID
        self.question = question
        self.rank = rank
        self.top12 = top12
        self.priority1 = priority1
        self.priority2 = priority2
        self.yesStrength = yesStrength
        self.noStrength = noStrength
        self.delta = delta
        self.clarity = clarity
        self.alignment = alignment
        self.trust = trust
        self.nEff = nEff
        self.wallets = wallets
        self.side = side
        self.tokenID = tokenID
        self.scanID = scanID
        self.firstRankedAt = firstRankedAt
        self.updatedAt = updatedAt
        self.walletMap = walletMap
    }

    enum CodingKeys: String, CodingKey {
        case conditionID = "condition_id", marketID = "market_id", question, rank, top12, priority1 = "priority_1"
        case priority2 = "priority_2", yesStrength = "yes_strength", noStrength = "no_strength", delta, clarity, alignment, trust
        case trustLowerBound = "trust_lower_bound", nEff = "n_eff", wallets, side, tokenID = "token_id", scanID = "scan_id", firstRankedAt =
            "first_ranked_at"
        case updatedAt = "updated_at", walletMap = "wallet_map"
    }
}

/// One row of a market's wallet map: a holder, its side and stake, its skill and its weight.
public struct SmartMoneyWallet: Codable, Sendable, Equatable {
    public var wallet: String
    public var outcomeIndex: Int
    public var side: String
    public var size: Decimal
    public var notional: Decimal
    public var entryPrice: Decimal?
    public var enteredAt: Date?
    /// Shrunk edge; nil without a profile.
    public var skill: Decimal?
    public var weight: Decimal
    public var walletClass: String?
    /// The co-entry cluster it was merged into, if any.
    public var cluster: String?

    public init(
        wallet: String, outcomeIndex: Int, side: String, size: Decimal, notional: Decimal, entryPrice: Decimal?, enteredAt: Date?,
        skill: Decimal?, weight: Decimal, walletClass: String?, cluster: String?
    ) {
        self.wallet = wallet
        self.outcomeIndex = outcomeIndex
        self.side = side
        self.size = size
        self.notional = notional
        self.entryPrice = entryPrice
        self.enteredAt = enteredAt
        self.skill = skill
        self.weight = weight
        self.walletClass = walletClass
        self.cluster = cluster
    }

    enum CodingKeys: String, CodingKey {
        case wallet, outcomeIndex = "outcome_index", side, size, notional, entryPrice = "entry_price", enteredAt = "entered_at"
        case skill, weight, walletClass = "wallet_class", cluster
    }
}
