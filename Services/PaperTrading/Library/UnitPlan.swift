import Contracts
import Foundation
import Polymarket
import Portfolios
import Postgres

/// The fills of one execution unit (a signal, or a group's legs), decided one after another inside
/// the unit's transaction with the portfolio row locked. Each leg's risk check sees the cash,
/// cost basis, exposure group costs and open positions as the earlier legs would leave them, so a
/// group passes the limits only as a whole.
struct UnitPlan {
    struct Planned {
        let signal: TradingSignal
        let terms: MarketTerms
        let fill: Fill
        let fee: Decimal
        let position: Bookkeeping.OpenPosition?
    }

    /// False when another execution already handled any of the unit's signals.
    let stillPending: Bool
    let status: String
    private var cash: Decimal
    private var invested: Decimal
    private let unrealized: Decimal
    private var planned: [Planned] = []
    private var addedByGroup: [String: Decimal] = [:]
    private var addedByToken: [String: Decimal] = [:]
    private var newPositions = 0
    private let asOf: Date?

    /// Locks the portfolio row, then the unit's signals (in id order), and reads the money.
    static func begin(portfolioID: Int64, signalIDs: [Int64], asOf: Date?, on db: PostgresConnection) throws -> UnitPlan {
        guard let state = try Bookkeeping.lockPortfolio(portfolioID, on: db) else { throw PortfolioNotFound(id: portfolioID) }
        let pending = try SignalRepository.lockPending(signalIDs, on: db)
        return UnitPlan(
            stillPending: pending == signalIDs.count, status: state.status, cash: state.cash, invested: state.invested,
            unrealized: state.unrealized, asOf: asOf)
    }

    private init(stillPending: Bool, status: String, cash: Decimal, invested: Decimal, unrealized: Decimal, asOf: Date?) {
        self.asOf = asOf
        self.stillPending = stillPending
        self.status = status
        self.cash = cash
        self.invested = invested
        self.unrealized = unrealized
    }

    /// Decides `signal` after the legs already planned; returns why it is refused, or nil.
    mutating func add(
        _ signal: TradingSignal, book: OrderBook?, consumed: [Decimal: Decimal], config: StrategyConfig, on db: PostgresConnection
    ) throws -> String? {
        // A market the suite has not stored has no known fee, tick or exposure group: trading it
        // would dodge the fee and the category cap, so the signal is refused.
        guard let terms = try MarketTerms.load(marketID: signal.marketID, on: db) else {
            return "market \(signal.marketID) is not in the stored universe (no known fee, tick size or category)"
        }
        let portfolioID = signal.portfolioID
        if signal.action.isBuy {
            let exposure = try BuyExposure.load(
                portfolioID: portfolioID, tokenID: signal.tokenID, group: terms.group, region: terms.region, asOf: asOf, on: db)
            let risk = RiskLimits.State(
                cash: cash, invested: invested, unrealized: unrealized,
                positionCost: exposure.positionCost + (addedByToken[signal.tokenID] ?? 0), group: terms.group,
                groupCost: exposure.groupCost + (addedByGroup[terms.group] ?? 0),
                dailyLoss: exposure.startOfDayEquity - (cash + invested + unrealized), region: terms.region,
                regionCost: exposure.regionCost + (terms.region.map { addedByGroup[$0] ?? 0 } ?? 0))
            let decision = SignalExecutor.decideBuy(
                signal: signal, book: book, consumed: consumed, risk: risk, portfolioStatus: status,
                openPositions: exposure.otherOpenPositions + newPositions, config: config, terms: terms)
            guard case .fill(let fill, let fee) = decision else { return Self.reason(decision) }
            if exposure.positionCost == 0 && addedByToken[signal.tokenID] == nil { newPositions += 1 }
            cash -= fill.notional + fee
            invested += fill.notional
            addedByToken[signal.tokenID, default: 0] += fill.notional
            addedByGroup[terms.group, default: 0] += fill.notional
            if let region = terms.region { addedByGroup[region, default: 0] += fill.notional }
            planned.append(Planned(signal: signal, terms: terms, fill: fill, fee: fee, position: nil))
        } else {
            let position = try Bookkeeping.openPosition(portfolioID: portfolioID, tokenID: signal.tokenID, on: db)
            let decision = SignalExecutor.decideSell(
                signal: signal, book: book, consumed: consumed, position: position, portfolioStatus: status, config: config, terms: terms)
            guard case .fill(let fill, let fee) = decision else { return Self.reason(decision) }
            cash += fill.notional - fee
            planned.append(Planned(signal: signal, terms: terms, fill: fill, fee: fee, position: position))
        }
        return nil
    }

    static func reason(_ decision: SignalExecutor.Decision) -> String {
        if case .reject(let reason) = decision { return reason }
        return "refused"
    }

    /// Books every planned fill and marks its signal executed; returns the levels taken per token.
    func record(portfolioID: Int64, on db: PostgresConnection) throws -> [String: [(Decimal, Decimal)]] {
        var taken: [String: [(Decimal, Decimal)]] = [:]
        for item in planned {
            let signal = item.signal
            let feeNote = "taker fee: rate \(item.terms.fee.rate), exponent \(item.terms.fee.exponent) (\(item.terms.fee.source))"
            if let position = item.position {
                _ = try Bookkeeping.recordSell(
                    item.fill, fee: item.fee, feeNote: feeNote, from: position, signalID: signal.id, portfolioID: portfolioID, on: db)
            } else {
                let target = Bookkeeping.Target(
                    portfolioID: portfolioID, marketID: signal.marketID, tokenID: signal.tokenID, outcome: signal.action.outcome,
                    signalID: signal.id)
                try Bookkeeping.recordBuy(item.fill, fee: item.fee, feeNote: feeNote, target: target, entryScore: signal.confidence, on: db)
            }
            if let id = signal.id { try SignalRepository.mark(id, executed: true, on: db) }
            taken[signal.tokenID, default: []] += item.fill.levels.map { ($0.price, $0.shares) }
        }
        return taken
    }
}
