import Foundation
import Postgres
import PrescientCore

/// `signal_ledger`: every signal registered in a hash chain. Row n's hash is
/// sha256(row n−1's hash ‖ 0x1E ‖ its canonical text), the canonical text being its fields in a
/// fixed order joined by 0x1F (seq, source, portfolio, strategy, config hash, market, token, side,
/// probability or empty, score, price, amount, signal id or empty, decided and recorded in epoch
/// microseconds); the first row's previous hash is 64 zeros. Appends take a transaction-scoped
/// advisory lock on the ledger of their schema (a backtest's own ledger does not wait on the
/// suite's), so concurrent appends chain one after the other. Owns that table's SQL.
public struct SignalLedger: Sendable {
    public static let genesis = String(repeating: "0", count: 64)
    static let lockKey: Int32 = 0x5052_4553

    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// A row as stored.
    struct Row {
        let seq: Int64
        let signal: RegisteredSignal
        let decidedMicros: Int64
        let recordedMicros: Int64
        let previousHash: String
        let rowHash: String
    }

    static func canonical(seq: Int64, _ s: RegisteredSignal, decidedMicros: Int64, recordedMicros: Int64) -> String {
        [
            "\(seq)", s.source, "\(s.portfolioID)", s.strategy, s.configHash, s.marketID, s.tokenID, s.side,
            s.probability.map { "\($0)" } ?? "", "\(s.score)", "\(s.price)", "\(s.amount)", s.signalID.map { "\($0)" } ?? "",
            "\(decidedMicros)", "\(recordedMicros)",
        ].joined(separator: "\u{1F}")
    }

    static func hash(previous: String, canonical: String) -> String {
        SHA256Hex.of(previous + "\u{1E}" + canonical)
    }

    /// Appends `signals` in order, in the caller's transaction (so they are registered exactly
    /// when their signals are stored, or not at all).
    public static func append(_ signals: [RegisteredSignal], on db: PostgresConnection) throws {
        guard !signals.isEmpty else { return }
        _ = try db.execute("SELECT pg_advisory_xact_lock(\(lockKey), hashtext(current_schema()))")
        let head = try db.execute(
            """
            SELECT COALESCE((SELECT seq FROM signal_ledger ORDER BY seq DESC LIMIT 1), 0) AS seq,
                   COALESCE((SELECT row_hash FROM signal_ledger ORDER BY seq DESC LIMIT 1), \(genesis)) AS hash,
                   (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::bigint AS recorded
            """
        ).rows[0]
        var seq: Int64 = try head.decode("seq")
        var previous: String = try head.decode("hash")
        let recorded: Int64 = try head.decode("recorded")
        var seqs: [Int64] = [], previousHashes: [String] = [], hashes: [String] = []
        for signal in signals {
            seq += 1
            let hash = hash(
                previous: previous, canonical: canonical(seq: seq, signal, decidedMicros: signal.decidedMicros, recordedMicros: recorded))
            seqs.append(seq)
            previousHashes.append(previous)
            hashes.append(hash)
            previous = hash
        }
        _ = try db.execute(
            """
            INSERT INTO signal_ledger (seq, source, portfolio_id, strategy, config_hash, market_id, token_id, side, probability, score,
                price, amount, signal_id, decided_at, recorded_at, previous_hash, row_hash)
            SELECT r.seq, r.source, r.portfolio_id, r.strategy, r.config_hash, r.market_id, r.token_id, r.side, r.probability, r.score,
                r.price, r.amount, r.signal_id, TIMESTAMPTZ 'epoch' + r.decided * INTERVAL '1 microsecond',
                TIMESTAMPTZ 'epoch' + \(recorded)::bigint * INTERVAL '1 microsecond', r.previous_hash, r.row_hash
            FROM unnest(\(seqs)::bigint[], \(signals.map(\.source))::text[], \(signals.map(\.portfolioID))::bigint[],
                \(signals.map(\.strategy))::text[], \(signals.map(\.configHash))::text[], \(signals.map(\.marketID))::text[],
                \(signals.map(\.tokenID))::text[], \(signals.map(\.side))::text[], \(signals.map(\.probability))::numeric[],
                \(signals.map(\.score))::numeric[], \(signals.map(\.price))::numeric[], \(signals.map(\.amount))::numeric[],
                \(signals.map(\.signalID))::bigint[], \(signals.map(\.decidedMicros))::bigint[], \(previousHashes)::text[],
                \(hashes)::text[])
                AS r(seq, source, portfolio_id, strategy, config_hash, market_id, token_id, side, probability, score, price, amount,
                     signal_id, decided, previous_hash, row_hash)
            """)
    }

    /// Every registered signal, oldest first (a replay's own ledger, to copy into the suite's at its end).
    public func all() throws -> [RegisteredSignal] {
        try pool.execute(
            """
            SELECT source, portfolio_id, strategy, config_hash, market_id, token_id, side, probability, score, price, amount, signal_id,
                   decided_at
            FROM signal_ledger ORDER BY seq
            """
        ).rows.map { try RegisteredSignal(row: $0, decidedAt: try $0.decode("decided_at")) }
    }

    /// What `verify` found: how many rows it checked and the first broken one, if any.
    public struct Verification: Sendable, Codable, Equatable {
        public let rows: Int
        public let valid: Bool
        public let firstBrokenSeq: Int64?
        public let problem: String?
        public let headHash: String

        enum CodingKeys: String, CodingKey {
            case rows, valid, problem, firstBrokenSeq = "first_broken_seq", headHash = "head_hash"
        }
    }

    /// Recomputes the chain from the first row, `batch` rows at a time, and names the first row
    /// whose sequence, link or hash does not hold.
    public func verify(batch: Int = 5_000) throws -> Verification {
        var previous = Self.genesis, expectedSeq: Int64 = 1, checked = 0
        while true {
            let rows = try pool.execute(
                """
                SELECT seq, source, portfolio_id, strategy, config_hash, market_id, token_id, side, probability, score, price, amount,
                       signal_id, (EXTRACT(EPOCH FROM decided_at) * 1000000)::bigint AS decided,
                       (EXTRACT(EPOCH FROM recorded_at) * 1000000)::bigint AS recorded, previous_hash, row_hash
                FROM signal_ledger WHERE seq >= \(expectedSeq) ORDER BY seq LIMIT \(batch)
                """
            ).rows
            for row in rows {
                let seq: Int64 = try row.decode("seq")
                func broken(_ problem: String) -> Verification {
                    Verification(rows: checked, valid: false, firstBrokenSeq: seq, problem: problem, headHash: previous)
                }
                guard seq == expectedSeq else { return broken("row \(expectedSeq) is missing: the next row is \(seq)") }
                let previousHash: String = try row.decode("previous_hash")
                guard previousHash == previous else { return broken("its previous hash is not the hash of row \(seq - 1)") }
                let text = Self.canonical(
                    seq: seq, try RegisteredSignal(row: row, decidedAt: Date(timeIntervalSince1970: 0)),
                    decidedMicros: try row.decode("decided"), recordedMicros: try row.decode("recorded"))
                let hash = Self.hash(previous: previous, canonical: text)
                guard hash == (try row.decode("row_hash", as: String.self)) else {
                    return broken("its contents do not hash to its stored hash (the row was altered)")
                }
                previous = hash
                expectedSeq += 1
                checked += 1
            }
            if rows.count < batch { break }
        }
        return Verification(rows: checked, valid: true, firstBrokenSeq: nil, problem: nil, headHash: previous)
    }
}

extension RegisteredSignal {
    /// A ledger row's fields, decided at `decidedAt`.
    init(row: PostgresRow, decidedAt: Date) throws {
        self.init(
            source: try row.decode("source"), portfolioID: try row.decode("portfolio_id"), strategy: try row.decode("strategy"),
            configHash: try row.decode("config_hash"), marketID: try row.decode("market_id"), tokenID: try row.decode("token_id"),
            side: try row.decode("side"), probability: try row.decodeIfPresent("probability"), score: try row.decode("score"),
            price: try row.decode("price"), amount: try row.decode("amount"), signalID: try row.decodeIfPresent("signal_id"),
            decidedAt: decidedAt)
    }
}
