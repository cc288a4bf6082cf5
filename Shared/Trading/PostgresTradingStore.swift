import Contracts
import Foundation
import Portfolios
import Postgres
import PrescientCore

/// The money's books in PostgreSQL: each unit is one transaction (retried after a deadlock) with
/// the portfolio row locked `FOR UPDATE`, its signals re-checked as still pending, and every write
/// made through `Bookkeeping`, which owns the ledger's SQL.
public struct PostgresTradingStore: TradingStore {
    let pool: PostgresPool
    let signals: SignalRepository

    public init(pool: PostgresPool) {
        self.pool = pool
        signals = SignalRepository(pool: pool)
    }

    public func pendingSignals(of cycles: [(portfolioID: PortfolioID, cycleID: CycleID?)]) throws -> [PortfolioID: [TradingSignal]] {
        try signals.pending(of: cycles)
    }

    public func rejectPending(_ refusals: [(id: Int64, reason: String)]) throws -> Set<Int64> {
        try signals.rejectPending(refusals)
    }

    public func marketTerms(_ marketIDs: [MarketID]) throws -> [MarketID: MarketTerms] {
        try MarketTerms.load(marketIDs: marketIDs, pool: pool)
    }

    public func money(of portfolioIDs: [PortfolioID]) throws -> [PortfolioID: PortfolioMoney] {
        try PortfolioRepository(pool: pool).find(ids: portfolioIDs).mapValues {
            PortfolioMoney(
                cash: $0.currentBalance, invested: $0.totalInvested, realizedPnl: $0.realizedPnl, unrealizedPnl: $0.unrealizedPnl,
                feesPaid: $0.feesPaid)
        }
    }

    public func withUnit<Result>(_ body: (any TradingUnit) throws -> Result) throws -> Result {
        try pool.withTransaction { db in try body(Unit(db: db)) }
    }

    /// One transaction's reads and writes.
    struct Unit: TradingUnit {
        let db: PostgresConnection

        func lockPortfolio(_ portfolioID: PortfolioID) throws -> Bookkeeping.LockedPortfolio? {
            try Bookkeeping.lockPortfolio(portfolioID, on: db)
        }

        func lockPendingSignals(_ ids: [Int64]) throws -> Int {
            try SignalRepository.lockPending(ids, on: db)
        }

        func marketTerms(_ marketID: MarketID) throws -> MarketTerms? {
            try MarketTerms.load(marketID: marketID, on: db)
        }

        func buyExposure(portfolioID: PortfolioID, tokenID: TokenID, group: String, region: String?, asOf: Date?) throws -> BuyExposure {
            try BuyExposure.load(portfolioID: portfolioID, tokenID: tokenID, group: group, region: region, asOf: asOf, on: db)
        }

        func openPosition(portfolioID: PortfolioID, tokenID: TokenID) throws -> Bookkeeping.OpenPosition? {
            try Bookkeeping.openPosition(portfolioID: portfolioID, tokenID: tokenID, on: db)
        }

        func recordBuy(_ fill: Fill, fee: Decimal, feeNote: String, target: Bookkeeping.Target, entryScore: Decimal?) throws -> Int64 {
            try Bookkeeping.recordBuy(fill, fee: fee, feeNote: feeNote, target: target, entryScore: entryScore, on: db)
        }

        func recordSell(
            _ fill: Fill, fee: Decimal, feeNote: String, from position: Bookkeeping.OpenPosition, signalID: Int64?, portfolioID: PortfolioID
        ) throws -> Bookkeeping.SellResult {
            try Bookkeeping.recordSell(
                fill, fee: fee, feeNote: feeNote, from: position, signalID: signalID, portfolioID: portfolioID, on: db)
        }

        func markSignal(_ id: Int64, executed: Bool, reason: String?) throws {
            try SignalRepository.mark(id, executed: executed, reason: reason, on: db)
        }
    }
}
