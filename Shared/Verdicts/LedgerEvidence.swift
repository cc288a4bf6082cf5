import Foundation
import Postgres
import PrescientCore

/// The evidence of live trading, read from what was registered: every buy the signal ledger holds
/// for a strategy (one portfolio, or every portfolio with one configuration), in a period, that
/// was executed, with what became of it (its settlement, or its sale, pro rata by shares). A
/// signal counts only when it was decided before its market resolved (the earliest of the
/// market's closing time, its oracle's end date and its end date); the others are excluded and
/// counted. The mid at the decision, and an hour and a day later, come from the captured prices.
public struct LedgerEvidence: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Which registered signals are judged.
    public struct Selection: Sendable {
        public let strategy: String
        public let portfolioID: Int64?
        public let configHash: String?
        public let from: Date?
        public let to: Date?

        public init(strategy: String, portfolioID: Int64? = nil, configHash: String? = nil, from: Date? = nil, to: Date? = nil) {
            self.strategy = strategy
            self.portfolioID = portfolioID
            self.configHash = configHash
            self.from = from
            self.to = to
        }
    }

    /// The executed buys that count, and how many registered buys (executed or not) were
    /// excluded as registered at or after their market's resolution.
    public struct Found: Sendable {
        public let trades: [EvidenceTrade]
        public let late: Int
        public let portfolios: [Int64]
    }

    public func load(_ selection: Selection) throws -> Found {
        let rows = try pool.execute(
            """
            WITH registered AS (
                SELECT l.portfolio_id, l.market_id, l.token_id, l.probability, l.decided_at, l.signal_id,
                       COALESCE(m.event_id, m.id, l.market_id) AS event,
                       LEAST(
                           CASE WHEN m.raw->>'closedTime' ~ '^[0-9]{4}-' THEN (m.raw->>'closedTime')::timestamptz END,
                           CASE WHEN m.raw->>'umaEndDate' ~ '^[0-9]{4}-' THEN (m.raw->>'umaEndDate')::timestamptz END,
                           CASE WHEN m.closed THEN m.end_date END) AS resolves_at
                FROM signal_ledger l LEFT JOIN markets m ON m.id = l.market_id
                WHERE l.strategy = \(selection.strategy) AND l.source = 'live' AND l.side IN ('buy_yes', 'buy_no')
                  AND (\(selection.portfolioID)::bigint IS NULL OR l.portfolio_id = \(selection.portfolioID))
                  AND (\(selection.configHash)::text IS NULL OR l.config_hash = \(selection.configHash))
                  AND (\(selection.from)::timestamptz IS NULL OR l.decided_at >= \(selection.from))
                  AND (\(selection.to)::timestamptz IS NULL OR l.decided_at < \(selection.to))
            )
            SELECT r.portfolio_id, r.event, EXTRACT(EPOCH FROM r.decided_at)::bigint AS decided, r.probability,
                   r.resolves_at IS NOT NULL AND r.decided_at >= r.resolves_at AS late,
                   t.shares, t.amount, t.fee, t.price,
                   s.resolution, s.payout, s.shares AS settled_shares,
                   sold.proceeds, sold.shares AS sold_shares,
                   d.price AS mid, d.best_bid, h.price AS mid_1h, w.price AS mid_1d
            FROM registered r
            LEFT JOIN trades t ON t.signal_id = r.signal_id AND t.side = 'buy'
            LEFT JOIN settlements s ON s.position_id = t.position_id
            LEFT JOIN LATERAL (
                SELECT sum(x.amount - x.fee) AS proceeds, sum(x.shares) AS shares FROM trades x
                WHERE x.position_id = t.position_id AND x.side = 'sell') sold ON true
            LEFT JOIN LATERAL (
                SELECT price, best_bid FROM market_snapshots WHERE token_id = r.token_id AND captured_at <= r.decided_at
                ORDER BY captured_at DESC LIMIT 1) d ON true
            LEFT JOIN LATERAL (
                SELECT price FROM market_snapshots WHERE token_id = r.token_id AND captured_at <= r.decided_at + interval '1 hour'
                  AND captured_at > r.decided_at ORDER BY captured_at DESC LIMIT 1) h ON true
            LEFT JOIN LATERAL (
                SELECT price FROM market_snapshots WHERE token_id = r.token_id AND captured_at <= r.decided_at + interval '1 day'
                  AND captured_at > r.decided_at + interval '1 hour' ORDER BY captured_at DESC LIMIT 1) w ON true
            ORDER BY r.decided_at, r.signal_id
            """
        ).rows
        var trades: [EvidenceTrade] = []
        var late = 0
        var portfolios = Set<Int64>()
        for row in rows {
            if try row.decode("late", as: Bool.self) {
                late += 1
                continue
            }
            // Registered and in time, but never executed: no trade to judge.
            guard let shares: Decimal = try row.decodeIfPresent("shares"), let amount: Decimal = try row.decodeIfPresent("amount") else {
                continue
            }
            portfolios.insert(try row.decode("portfolio_id"))
            let price = double(try row.decode("price", as: Decimal.self))
            let resolution: String? = try row.decodeIfPresent("resolution")
            var payout: Double?
            if let total: Decimal = try row.decodeIfPresent("payout"), let settled: Decimal = try row.decodeIfPresent("settled_shares"),
                settled > 0
            {
                payout = double(total * shares / settled)
            } else if let proceeds: Decimal = try row.decodeIfPresent("proceeds"),
                let sold: Decimal = try row.decodeIfPresent("sold_shares"),
                sold >= shares, sold > 0
            {
                payout = double(proceeds * shares / sold)
            }
            let mid = try row.decodeIfPresent("mid", as: Decimal.self).map(double) ?? price
            let bid = try row.decodeIfPresent("best_bid", as: Decimal.self).map(double)
            trades.append(
                EvidenceTrade(
                    event: try row.decode("event"), time: try row.decode("decided"), stake: double(amount),
                    fee: double(try row.decode("fee", as: Decimal.self)), payout: payout,
                    won: resolution == "won" ? true : resolution == "lost" ? false : nil, price: price, mid: mid,
                    otherAsk: min(0.999, max(0.001, 1 - (bid ?? (2 * mid - price)))),
                    probability: try row.decodeIfPresent("probability", as: Decimal.self).map(double),
                    midAfterHour: try row.decodeIfPresent("mid_1h", as: Decimal.self).map(double),
                    midAfterDay: try row.decodeIfPresent("mid_1d", as: Decimal.self).map(double), priceAfterLatency: price))
        }
        return Found(trades: trades, late: late, portfolios: portfolios.sorted())
    }

    /// The configurations registered for `strategy` (each a trial a user could have picked), with
    /// their portfolios.
    public func configurations(strategy: String) throws -> [String: [Int64]] {
        var found: [String: [Int64]] = [:]
        for row in try pool.execute(
            "SELECT DISTINCT config_hash, portfolio_id FROM signal_ledger WHERE strategy = \(strategy) AND source = 'live' ORDER BY 1, 2"
        ).rows {
            found[try row.decode("config_hash"), default: []].append(try row.decode("portfolio_id"))
        }
        return found
    }

    /// The strategies with signals registered live.
    public func strategies() throws -> [String] {
        try pool.execute("SELECT DISTINCT strategy FROM signal_ledger WHERE source = 'live' ORDER BY strategy").rows.map {
            try $0.decode("strategy")
        }
    }

    func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}
