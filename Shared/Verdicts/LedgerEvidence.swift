import Foundation
import Postgres
import PrescientCore

/// The evidence of live trading, read from what was registered: every buy the signal ledger holds
/// for a strategy (one portfolio, or every portfolio with one configuration), in a period, that
/// was executed, with what became of it (its settlement, or its sale, pro rata by shares). A
/// signal counts only when it was decided before its market resolved (the earliest of the
/// market's closing time, its oracle's end date and its end date); the others are excluded and
/// counted. The mid at the decision (captured within the hour before it), and an hour and a day
/// later, come from the captured prices; whether the side won, from any settlement of its token
/// (so a position sold before resolution still counts in the skill and the baselines).
public struct LedgerEvidence: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Which registered signals are judged.
    public struct Selection: Sendable {
        public let strategy: String
        public let portfolioID: PortfolioID?
        public let configHash: String?
        public let from: Date?
        public let to: Date?

        public init(strategy: String, portfolioID: PortfolioID? = nil, configHash: String? = nil, from: Date? = nil, to: Date? = nil) {
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
        public let portfolios: [PortfolioID]
    }

    public func load(_ selection: Selection) throws -> Found {
        let rows = try pool.execute(
            """
            WITH registered AS (
                SELECT l.portfolio_id, l.market_id, l.token_id, l.probability, l.decided_at, l.signal_id,
                       COALESCE(m.event_id, m.id, l.market_id) AS event, m.raw->>'closedTime' AS closed_time,
                       m.raw->>'umaEndDate' AS uma_end, CASE WHEN m.closed THEN m.end_date END AS closed_end
                FROM signal_ledger l LEFT JOIN markets m ON m.id = l.market_id
                WHERE l.strategy = \(selection.strategy) AND l.source = 'live' AND l.side IN ('buy_yes', 'buy_no')
                  AND (\(selection.portfolioID)::bigint IS NULL OR l.portfolio_id = \(selection.portfolioID))
                  AND (\(selection.configHash)::text IS NULL OR l.config_hash = \(selection.configHash))
                  AND (\(selection.from)::timestamptz IS NULL OR l.decided_at >= \(selection.from))
                  AND (\(selection.to)::timestamptz IS NULL OR l.decided_at < \(selection.to))
            )
            SELECT r.portfolio_id, r.event, r.decided_at, r.probability, r.closed_time, r.uma_end, r.closed_end,
                   t.shares, t.amount, t.fee, t.price,
                   position.bought, position.sold, position.proceeds, s.payout AS settled_payout,
                   (SELECT x.resolution FROM settlements x WHERE x.token_id = r.token_id AND x.resolution IN ('won', 'lost') LIMIT 1)
                       AS resolution,
                   d.price AS mid, d.best_bid, h.price AS mid_1h, w.price AS mid_1d
            FROM registered r
            LEFT JOIN trades t ON t.signal_id = r.signal_id AND t.side = 'buy'
            LEFT JOIN settlements s ON s.position_id = t.position_id
            LEFT JOIN LATERAL (
                SELECT sum(x.shares) FILTER (WHERE x.side = 'buy') AS bought, sum(x.shares) FILTER (WHERE x.side = 'sell') AS sold,
                       sum(x.amount - x.fee) FILTER (WHERE x.side = 'sell') AS proceeds
                FROM trades x WHERE x.position_id = t.position_id) position ON true
            LEFT JOIN LATERAL (
                SELECT price, best_bid FROM market_snapshots WHERE token_id = r.token_id AND captured_at <= r.decided_at
                  AND captured_at > r.decided_at - interval '1 hour'
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
        var portfolios = Set<PortfolioID>()
        for row in rows {
            let decided: Date = try row.decode("decided_at")
            if let resolves = try Self.resolvesAt(row), decided >= resolves {
                late += 1
                continue
            }
            // Registered and in time, but never executed: no trade to judge.
            guard let shares: Decimal = try row.decodeIfPresent("shares"), let amount: Decimal = try row.decodeIfPresent("amount") else {
                continue
            }
            portfolios.insert(try row.decode("portfolio_id"))
            let price = try row.decode("price", as: Decimal.self).doubleValue
            let mid = try row.decodeIfPresent("mid", as: Decimal.self)?.doubleValue ?? price
            trades.append(
                EvidenceTrade(
                    event: try row.decode("event"), time: Int64(decided.timeIntervalSince1970), stake: amount.doubleValue,
                    fee: try row.decode("fee", as: Decimal.self).doubleValue, payout: try Self.payout(row, shares: shares),
                    won: try row.decodeIfPresent("resolution", as: String.self).map { $0 == "won" }, price: price, mid: mid,
                    otherAsk: EvidenceTrade.otherAsk(
                        mid: mid, price: price, bid: try row.decodeIfPresent("best_bid", as: Decimal.self)?.doubleValue),
                    probability: try row.decodeIfPresent("probability", as: Decimal.self)?.doubleValue,
                    midAfterHour: try row.decodeIfPresent("mid_1h", as: Decimal.self)?.doubleValue,
                    midAfterDay: try row.decodeIfPresent("mid_1d", as: Decimal.self)?.doubleValue))
        }
        return Found(trades: trades, late: late, portfolios: portfolios.sorted())
    }

    /// When the market resolved: the earliest of its closing time and its oracle's end date (from
    /// its payload, read leniently: a value that does not parse is ignored) and, once closed, its end date.
    static func resolvesAt(_ row: PostgresRow) throws -> Date? {
        let parsed = [try row.decodeIfPresent("closed_time", as: String.self), try row.decodeIfPresent("uma_end", as: String.self)]
            .compactMap { $0.flatMap(ISO8601Lenient.parse) }
        return (parsed + [try row.decodeIfPresent("closed_end", as: Date.self)].compactMap { $0 }).min()
    }

    /// A buy's share of what its position brought back — the sales' proceeds and the settlement's
    /// payout, pro rata by the shares it bought — once the position is closed (settled, or sold
    /// out); nil while it is open.
    static func payout(_ row: PostgresRow, shares: Decimal) throws -> Double? {
        let bought: Decimal = try row.decodeIfPresent("bought") ?? shares
        let sold: Decimal = try row.decodeIfPresent("sold") ?? 0
        let settled: Decimal? = try row.decodeIfPresent("settled_payout")
        guard bought > 0, settled != nil || sold >= bought else { return nil }
        let back = (try row.decodeIfPresent("proceeds", as: Decimal.self) ?? 0) + (settled ?? 0)
        return (back * shares / bought).doubleValue
    }

    /// The configurations registered for `strategy` (each a trial a user could have picked), with
    /// their portfolios.
    public func configurations(strategy: String) throws -> [String: [PortfolioID]] {
        var found: [String: [PortfolioID]] = [:]
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

}
