import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore

/// The fills of one execution unit (a signal, or a group's legs), decided one after another. Each
/// leg's risk check sees the cash, cost basis, exposure group costs and open positions as the
/// earlier legs would leave them, so a group passes the limits only as a whole.
///
/// The planning (`planBuy`, `planSell`) is pure: it takes the market's terms and what the
/// portfolio already holds as values. `begin` and `add` read those from the store's unit of work
/// with the portfolio locked; `record` books the planned fills.
public struct UnitPlan: Sendable {
    /// One leg that will fill.
    public struct Planned: Sendable {
        public let signal: TradingSignal
        public let terms: MarketTerms
        public let fill: Fill
        public let fee: Decimal
        /// The position a sale draws from; nil for a buy.
        public let position: Bookkeeping.OpenPosition?
    }

    /// False when another execution already handled any of the unit's signals.
    public let stillPending: Bool
    public let status: PortfolioStatus
    public private(set) var cash: Decimal
    public private(set) var invested: Decimal
    private let unrealized: Decimal
    /// The legs planned so far, in order.
    public private(set) var planned: [Planned] = []
    private var addedByGroup: [String: Decimal] = [:]
    private var addedByToken: [TokenID: Decimal] = [:]
    /// Tokens this unit opens a position in.
    private var newTokens: Set<TokenID> = []
    /// Book depth the unit's earlier legs take, per token and price: a later leg in the same
    /// token walks what they left.
    private var takenByToken: [TokenID: [Decimal: Decimal]] = [:]
    /// Positions as the unit's earlier sales leave them, per token: a later sale sells from there.
    private var leftByToken: [TokenID: Bookkeeping.OpenPosition] = [:]
    private let asOf: Date?

    /// A plan over a portfolio's money as given.
    public init(
        status: PortfolioStatus, cash: Decimal, invested: Decimal, unrealized: Decimal, stillPending: Bool = true, asOf: Date? = nil
    ) {
        self.asOf = asOf
        self.stillPending = stillPending
        self.status = status
        self.cash = cash
        self.invested = invested
        self.unrealized = unrealized
    }

    /// Locks the portfolio row, then the unit's signals (in id order), and reads the money.
    static func begin(portfolioID: PortfolioID, signalIDs: [Int64], asOf: Date?, on db: any TradingUnit) throws -> UnitPlan {
        guard let state = try db.lockPortfolio(portfolioID) else { throw PortfolioNotFound(id: portfolioID) }
        let pending = try db.lockPendingSignals(signalIDs)
        return UnitPlan(
            status: state.status, cash: state.cash, invested: state.invested, unrealized: state.unrealized,
            stillPending: pending == signalIDs.count, asOf: asOf)
    }

    /// Reads what `signal` needs (its market's terms; for a buy the portfolio's exposure, for a
    /// sale its position) and plans it after the legs already planned; returns why it is refused,
    /// or nil.
    mutating func add(
        _ signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal], config: StrategyConfig, on db: any TradingUnit
    ) throws -> String? {
        // A market the suite has not stored has no known fee, tick or exposure group: trading it
        // would dodge the fee and the category cap, so the signal is refused.
        guard let terms = try db.marketTerms(signal.marketID) else {
            return "market \(signal.marketID) is not in the stored universe (no known fee, tick size or category)"
        }
        if signal.action.isBuy {
            let exposure = try db.buyExposure(
                portfolioID: signal.portfolioID, tokenID: signal.tokenID, group: terms.group, region: terms.region, asOf: asOf)
            return planBuy(signal, book: book, consumed: consumed, config: config, terms: terms, exposure: exposure)
        }
        let position = try db.openPosition(portfolioID: signal.portfolioID, tokenID: signal.tokenID)
        return planSell(signal, book: book, consumed: consumed, config: config, terms: terms, position: position)
    }

    /// The risk state a buy of `tokenID` in `terms`' groups is judged on: what the portfolio held
    /// (`exposure`) plus what the earlier legs add.
    public func riskState(tokenID: TokenID, terms: MarketTerms, exposure: BuyExposure) -> RiskLimits.State {
        RiskLimits.State(
            cash: cash, invested: invested, unrealized: unrealized,
            positionCost: exposure.positionCost + (addedByToken[tokenID] ?? 0), group: terms.group,
            groupCost: exposure.groupCost + (addedByGroup[terms.group] ?? 0),
            dailyLoss: exposure.startOfDayEquity - (cash + invested + unrealized), region: terms.region,
            regionCost: exposure.regionCost + (terms.region.map { addedByGroup[$0] ?? 0 } ?? 0))
    }

    /// Plans a buy after the legs already planned; returns why it is refused, or nil.
    public mutating func planBuy(
        _ signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal], config: StrategyConfig, terms: MarketTerms,
        exposure: BuyExposure
    ) -> String? {
        let decision = SignalExecutor.decideBuy(
            signal: signal, book: book, consumed: consumedAfterEarlierLegs(signal.tokenID, consumed),
            risk: riskState(tokenID: signal.tokenID, terms: terms, exposure: exposure),
            portfolioStatus: status, openPositions: exposure.otherOpenPositions + newTokens.subtracting([signal.tokenID]).count,
            config: config, terms: terms)
        guard case .fill(let fill, let fee) = decision else { return Self.reason(decision) }
        if exposure.positionCost == 0 { newTokens.insert(signal.tokenID) }
        cash -= fill.notional + fee
        invested += fill.notional
        addedByToken[signal.tokenID, default: 0] += fill.notional
        addedByGroup[terms.group, default: 0] += fill.notional
        if let region = terms.region { addedByGroup[region, default: 0] += fill.notional }
        take(fill, token: signal.tokenID)
        planned.append(Planned(signal: signal, terms: terms, fill: fill, fee: fee, position: nil))
        return nil
    }

    /// Plans a sale of `position` after the legs already planned; returns why it is refused, or nil.
    public mutating func planSell(
        _ signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal], config: StrategyConfig, terms: MarketTerms,
        position: Bookkeeping.OpenPosition?
    ) -> String? {
        let left = leftByToken[signal.tokenID] ?? position
        let decision = SignalExecutor.decideSell(
            signal: signal, book: book, consumed: consumedAfterEarlierLegs(signal.tokenID, consumed), position: left,
            portfolioStatus: status, config: config, terms: terms)
        guard case .fill(let fill, let fee) = decision else { return Self.reason(decision) }
        cash += fill.notional - fee
        if let left { leftByToken[signal.tokenID] = Bookkeeping.position(left, afterSelling: fill.shares) }
        take(fill, token: signal.tokenID)
        planned.append(Planned(signal: signal, terms: terms, fill: fill, fee: fee, position: left))
        return nil
    }

    /// The depth other fills took in `token`'s book, plus what this unit's earlier legs take.
    private func consumedAfterEarlierLegs(_ token: TokenID, _ consumed: [Decimal: Decimal]) -> [Decimal: Decimal] {
        consumed.merging(takenByToken[token] ?? [:], uniquingKeysWith: +)
    }

    private mutating func take(_ fill: Fill, token: TokenID) {
        for level in fill.levels { takenByToken[token, default: [:]][level.price, default: 0] += level.shares }
    }

    static func reason(_ decision: SignalExecutor.Decision) -> String {
        if case .reject(let reason) = decision { return reason }
        return "refused"
    }

    /// Books every planned fill and marks its signal executed; returns the levels taken per token.
    func record(portfolioID: PortfolioID, on db: any TradingUnit) throws -> [TokenID: [(Decimal, Decimal)]] {
        var taken: [TokenID: [(Decimal, Decimal)]] = [:]
        for item in planned {
            let signal = item.signal
            let feeNote = "taker fee: rate \(item.terms.fee.rate), exponent \(item.terms.fee.exponent) (\(item.terms.fee.source))"
            if let position = item.position {
                try db.recordSell(item.fill, fee: item.fee, feeNote: feeNote, from: position, signalID: signal.id, portfolioID: portfolioID)
            } else {
                let target = Bookkeeping.Target(
                    portfolioID: portfolioID, marketID: signal.marketID, tokenID: signal.tokenID, outcome: signal.action.outcome,
                    signalID: signal.id)
                try db.recordBuy(item.fill, fee: item.fee, feeNote: feeNote, target: target, entryScore: signal.confidence)
            }
            if let id = signal.id { try db.markSignal(id, executed: true, reason: nil) }
            taken[signal.tokenID, default: []] += item.fill.levels.map { ($0.price, $0.shares) }
        }
        return taken
    }
}
