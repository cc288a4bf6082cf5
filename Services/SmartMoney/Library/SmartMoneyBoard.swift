import Foundation
import Postgres
import PrescientCore

/// The scanner's latest Top 33 as the strategy reads it: each market's recommended side and
/// figures, and the wallets weighing most on that side. Read from the scanner's tables
/// (`seer_trade_candidates`, `seer_position_map`, written by the wallets service) and kept for
/// `ttl` seconds, so a batch of portfolios reads it once.
public final class SmartMoneyBoard: Sendable {
    /// One market of the Top 33.
    public struct Entry: Sendable {
        public let conditionID: String
        public let rank: Int
        public let top12: Bool
        /// True when skilled money is on YES.
        public let yes: Bool
        public let clarity: Decimal
        public let alignment: Decimal
        public let trust: Decimal
        public let nEff: Decimal
        public let wallets: Int
        /// The heaviest wallets on the recommended side, heaviest first.
        public let leaders: [Leader]
    }

    /// A wallet behind a recommendation.
    public struct Leader: Sendable {
        public let wallet: String
        public let skill: Decimal?
        public let notional: Decimal
    }

    let pool: PostgresPool
    let ttl: TimeInterval
    private let cache = Locked<(read: Date, entries: [String: Entry])?>(nil)

    public init(pool: PostgresPool, ttl: TimeInterval = 2) {
        self.pool = pool
        self.ttl = ttl
    }

    /// The Top 33 by condition id (read again when older than `ttl`).
    public func entries() throws -> [String: Entry] {
        if let cached = cache.value, Date().timeIntervalSince(cached.read) < ttl { return cached.entries }
        var leaders: [String: [Leader]] = [:]
        for row in try pool.execute(
            """
            SELECT condition_id, wallet, skill, notional FROM (
                SELECT m.*, row_number() OVER (PARTITION BY m.condition_id ORDER BY m.weight DESC, m.wallet) AS n
                FROM seer_position_map m JOIN seer_trade_candidates c ON c.condition_id = m.condition_id AND c.side = m.side) ranked
            WHERE n <= 3 ORDER BY condition_id, n
            """
        ).rows {
            leaders[try row.decode("condition_id"), default: []].append(
                Leader(wallet: try row.decode("wallet"), skill: try row.decodeIfPresent("skill"), notional: try row.decode("notional")))
        }
        var entries: [String: Entry] = [:]
        for row in try pool.execute(
            "SELECT condition_id, rank, top12, side, clarity, alignment, trust, n_eff, wallets FROM seer_trade_candidates"
        ).rows {
            let id: String = try row.decode("condition_id")
            entries[id] = Entry(
                conditionID: id, rank: try row.decode("rank"), top12: try row.decode("top12"),
                yes: try row.decode("side", as: String.self) == "YES", clarity: try row.decode("clarity"),
                alignment: try row.decode("alignment"), trust: try row.decode("trust"), nEff: try row.decode("n_eff"),
                wallets: try row.decode("wallets"), leaders: leaders[id] ?? [])
        }
        cache.mutate { $0 = (Date(), entries) }
        return entries
    }
}
