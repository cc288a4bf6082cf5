import Contracts
import Foundation
import Portfolios
import PrescientCore

extension InMemoryTradingStore {
    /// A position as the in-memory books hold it (the columns of `portfolio_positions` the money uses).
    public struct StoredPosition: Sendable, Equatable {
        public let id: Int64
        public let portfolioID: PortfolioID
        public let marketID: MarketID
        public let tokenID: TokenID
        public let outcome: String
        public internal(set) var shares: Decimal
        public internal(set) var costBasis: Decimal
        public internal(set) var currentPrice: Decimal?
        public internal(set) var unrealizedPnl: Decimal
        public internal(set) var realizedPnl: Decimal
        public internal(set) var peakShares: Decimal
        public let entryScore: Decimal?
        public internal(set) var isOpen: Bool
    }

    /// A trade row.
    public struct StoredTrade: Sendable, Equatable {
        public let id: Int64
        public let portfolioID: PortfolioID
        public let signalID: Int64?
        public let positionID: Int64
        public let tokenID: TokenID
        public let side: OrderSide
        public let shares: Decimal
        public let price: Decimal
        public let amount: Decimal
        public let fee: Decimal
        public let costRemoved: Decimal
        public let realizedPnl: Decimal
    }

    /// A ledger row.
    public struct LedgerRow: Sendable, Equatable {
        public let id: Int64
        public let portfolioID: PortfolioID
        public let kind: String
        public let amount: Decimal
        public let balanceAfter: Decimal
        public let tradeID: Int64?
        public let reference: String?
    }

    /// A portfolio's money and status.
    struct Account {
        let initial: Decimal
        var cash: Decimal
        var invested: Decimal = 0
        var realized: Decimal = 0
        var unrealized: Decimal = 0
        var fees: Decimal = 0
        var status: PortfolioStatus

        init(initial: Decimal, cash: Decimal, status: PortfolioStatus) {
            self.initial = initial
            self.cash = cash
            self.status = status
        }
    }

    /// Everything the store keeps: a value, so a unit works on a copy and commits it whole.
    struct Books {
        var accounts: [PortfolioID: Account] = [:]
        var positions: [Int64: StoredPosition] = [:]
        var trades: [StoredTrade] = []
        var ledger: [LedgerRow] = []
        var signals: [Int64: TradingSignal] = [:]
        var markets: [MarketID: MarketTerms] = [:]
        var history: [PortfolioID: [(Date, Decimal)]] = [:]
        private var lastID: Int64 = 0

        /// The next id of any row (one sequence for all: ids only need to be unique and rising).
        mutating func nextID() -> Int64 {
            lastID += 1
            return lastID
        }

        mutating func mark(_ id: Int64, executed: Bool, reason: String?) {
            signals[id]?.status = executed ? .executed : .rejected
            signals[id]?.statusReason = reason
        }

        /// A market's exposure group as the PostgreSQL store derives it: a market it does not know
        /// counts toward `category:other`.
        func group(of marketID: MarketID) -> String { markets[marketID]?.group ?? "category:other" }

        /// Moves cash by `amount` and writes its ledger row; cash may not fall below zero (the
        /// `current_balance >= 0` check).
        mutating func book(
            _ portfolioID: PortfolioID, kind: String, amount: Decimal, tradeID: Int64, reference: String, fees: Decimal = 0
        ) throws {
            guard let cash = accounts[portfolioID]?.cash, cash + amount >= 0 else {
                throw InMemoryTradingStore.ConstraintViolation(description: "portfolio \(portfolioID)'s cash would fall below zero")
            }
            accounts[portfolioID]?.cash += amount
            accounts[portfolioID]?.fees += fees
            ledger.append(
                LedgerRow(
                    id: nextID(), portfolioID: portfolioID, kind: kind, amount: amount, balanceAfter: accounts[portfolioID]?.cash ?? 0,
                    tradeID: tradeID, reference: reference))
        }

        /// Sets the portfolio's unrealised P&L to the sum over its open positions.
        mutating func refreshUnrealized(_ portfolioID: PortfolioID) {
            accounts[portfolioID]?.unrealized = positions.values.filter { $0.portfolioID == portfolioID && $0.isOpen }
                .reduce(0) { $0 + $1.unrealizedPnl }
        }
    }

    /// One unit's reads and writes, on a copy of the books the store keeps if the unit succeeds.
    final class Unit: TradingUnit {
        var books: Books
        let now: Date

        init(books: Books, now: Date) {
            self.books = books
            self.now = now
        }

        func lockPortfolio(_ portfolioID: PortfolioID) throws -> Bookkeeping.LockedPortfolio? {
            books.accounts[portfolioID].map {
                Bookkeeping.LockedPortfolio(cash: $0.cash, invested: $0.invested, unrealized: $0.unrealized, status: $0.status)
            }
        }

        func lockPendingSignals(_ ids: [Int64]) throws -> Int {
            ids.filter { books.signals[$0]?.status == .pending }.count
        }

        func marketTerms(_ marketID: MarketID) throws -> MarketTerms? { books.markets[marketID] }

        func buyExposure(portfolioID: PortfolioID, tokenID: TokenID, group: String, region: String?, asOf: Date?) throws -> BuyExposure {
            let open = books.positions.values.filter { $0.portfolioID == portfolioID && $0.isOpen }
            let day = (asOf ?? now).timeIntervalSince1970
            let midnight = Date(timeIntervalSince1970: (day / 86_400).rounded(.down) * 86_400)
            let startOfDay = books.history[portfolioID, default: []].filter { $0.0 < midnight }.max { $0.0 < $1.0 }?.1
            return BuyExposure(
                positionCost: open.filter { $0.tokenID == tokenID }.reduce(0) { $0 + $1.costBasis },
                groupCost: open.filter { books.group(of: $0.marketID) == group }.reduce(0) { $0 + $1.costBasis },
                regionCost: open.filter { region != nil && books.markets[$0.marketID]?.region == region }.reduce(0) { $0 + $1.costBasis },
                otherOpenPositions: open.filter { $0.tokenID != tokenID }.count,
                startOfDayEquity: startOfDay ?? books.accounts[portfolioID]?.initial ?? 0)
        }

        func openPosition(portfolioID: PortfolioID, tokenID: TokenID) throws -> Bookkeeping.OpenPosition? {
            books.positions.values.first { $0.portfolioID == portfolioID && $0.tokenID == tokenID && $0.isOpen }.map {
                Bookkeeping.OpenPosition(
                    id: $0.id, marketID: $0.marketID, tokenID: $0.tokenID, outcome: $0.outcome, shares: $0.shares, costBasis: $0.costBasis)
            }
        }

        /// `trades.signal_id` is unique: one fill per signal.
        func checkFirstFill(of signalID: Int64?) throws {
            guard let signalID, books.trades.contains(where: { $0.signalID == signalID }) else { return }
            throw InMemoryTradingStore.ConstraintViolation(description: "signal \(signalID) already has a fill")
        }

        func recordBuy(_ fill: Fill, fee: Decimal, feeNote: String, target: Bookkeeping.Target, entryScore: Decimal?) throws -> Int64 {
            try checkFirstFill(of: target.signalID)
            let shares = fill.shares
            let cost = fill.notional
            let price = (cost / shares).rounded(scale: 6)
            let positionID: Int64
            if var held = books.positions.values.first(where: {
                $0.portfolioID == target.portfolioID && $0.tokenID == target.tokenID && $0.isOpen
            }) {
                held.shares += shares
                held.costBasis += cost
                held.peakShares = max(held.peakShares, held.shares)
                held.unrealizedPnl = held.shares * (held.currentPrice ?? price) - held.costBasis
                books.positions[held.id] = held
                positionID = held.id
            } else {
                positionID = books.nextID()
                books.positions[positionID] = StoredPosition(
                    id: positionID, portfolioID: target.portfolioID, marketID: target.marketID, tokenID: target.tokenID,
                    outcome: target.outcome, shares: shares, costBasis: cost, currentPrice: price, unrealizedPnl: shares * price - cost,
                    realizedPnl: 0, peakShares: shares, entryScore: entryScore, isOpen: true)
            }
            let tradeID = books.nextID()
            books.trades.append(
                StoredTrade(
                    id: tradeID, portfolioID: target.portfolioID, signalID: target.signalID, positionID: positionID,
                    tokenID: target.tokenID,
                    side: .buy, shares: shares, price: price, amount: cost, fee: fee, costRemoved: 0, realizedPnl: 0))
            books.accounts[target.portfolioID]?.invested += cost
            try books.book(target.portfolioID, kind: "buy_fill", amount: -cost, tradeID: tradeID, reference: Bookkeeping.reference(target))
            if fee > 0 {
                try books.book(
                    target.portfolioID, kind: "fee", amount: -fee, tradeID: tradeID, reference: Bookkeeping.reference(target), fees: fee)
            }
            books.refreshUnrealized(target.portfolioID)
            return tradeID
        }

        func recordSell(
            _ fill: Fill, fee: Decimal, feeNote: String, from position: Bookkeeping.OpenPosition, signalID: Int64?, portfolioID: PortfolioID
        ) throws -> Bookkeeping.SellResult {
            try checkFirstFill(of: signalID)
            let sold = fill.shares
            let proceeds = fill.notional
            let remaining = position.shares - sold
            precondition(sold > 0 && remaining >= 0, "a sell must take between a lot and the whole position")
            let costRemoved = Bookkeeping.costRemoved(selling: sold, from: position)
            let realized = proceeds - costRemoved
            let price = (proceeds / sold).rounded(scale: 6)
            let closes = remaining == 0
            if var held = books.positions[position.id] {
                held.shares -= sold
                held.costBasis -= costRemoved
                held.realizedPnl += realized
                held.unrealizedPnl = closes ? 0 : remaining * (held.currentPrice ?? price) - held.costBasis
                if closes { held.isOpen = false }
                books.positions[position.id] = held
            }
            let target = Bookkeeping.Target(
                portfolioID: portfolioID, marketID: position.marketID, tokenID: position.tokenID, outcome: position.outcome,
                signalID: signalID)
            let tradeID = books.nextID()
            books.trades.append(
                StoredTrade(
                    id: tradeID, portfolioID: portfolioID, signalID: signalID, positionID: position.id, tokenID: position.tokenID,
                    side: .sell, shares: sold, price: price, amount: proceeds, fee: fee, costRemoved: costRemoved, realizedPnl: realized))
            books.accounts[portfolioID]?.invested -= costRemoved
            books.accounts[portfolioID]?.realized += realized
            try books.book(portfolioID, kind: "sell_fill", amount: proceeds, tradeID: tradeID, reference: Bookkeeping.reference(target))
            if fee > 0 {
                try books.book(
                    portfolioID, kind: "fee", amount: -fee, tradeID: tradeID, reference: Bookkeeping.reference(target), fees: fee)
            }
            books.refreshUnrealized(portfolioID)
            return Bookkeeping.SellResult(tradeID: tradeID, costRemoved: costRemoved, realizedPnl: realized, closed: closes)
        }

        func markSignal(_ id: Int64, executed: Bool, reason: String?) throws {
            books.mark(id, executed: executed, reason: reason)
        }
    }
}
