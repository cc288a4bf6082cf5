import Foundation
import LiveTier
import Postgres
import PrescientCore

/// `signal_scores`: one row per signal of every strategy (cycle signals from `trading_signals`
/// and `signal_archives`, live ones from `live_signals`), its entry, its mids after 5, 15 and 60
/// minutes, its outcome and realised P&L. Owns that SQL.
struct ScoreRepository: Sendable {
    let pool: PostgresPool

    /// A cycle signal not scored yet.
    struct NewCycleSignal: Sendable {
        let id: Int64
        let portfolioID: PortfolioID
        let strategy: String
        let conditionID: String
        let token: String
        let buying: Bool
        let confidence: Decimal
    }

    /// Cycle signals created within `window` seconds (wall time) and not scored yet.
    func unscoredCycleSignals(window: TimeInterval, limit: Int) throws -> [NewCycleSignal] {
        try pool.execute(
            """
            SELECT s.id, s.portfolio_id, p.strategy_type, m.condition_id, s.token_id, s.action, s.confidence
            FROM (SELECT id, portfolio_id, market_id, token_id, action, confidence, created_at FROM trading_signals
                  UNION ALL
                  SELECT id, portfolio_id, market_id, token_id, action, confidence, created_at FROM signal_archives) s
            JOIN portfolios p ON p.id = s.portfolio_id
            JOIN markets m ON m.id = s.market_id
            WHERE s.created_at >= now() - make_interval(secs => \(window))
              AND NOT EXISTS (SELECT 1 FROM signal_scores c WHERE c.source = 'cycle' AND c.signal_id = s.id)
            ORDER BY s.id LIMIT \(limit)
            """
        ).rows.map { row in
            NewCycleSignal(
                id: try row.decode("id"), portfolioID: try row.decode("portfolio_id"), strategy: try row.decode("strategy_type"),
                conditionID: try row.decode("condition_id"), token: try row.decode("token_id"),
                buying: (try row.decode("action", as: String.self)).hasPrefix("buy"), confidence: try row.decode("confidence"))
        }
    }

    /// Scores every live signal not scored yet, its entry being its own figures.
    @discardableResult
    func ingestLiveSignals() throws -> Int {
        try pool.execute(
            """
            INSERT INTO signal_scores (source, signal_id, strategy, detector, condition_id, asset_id, side, signal_at, entry_bid,
                entry_ask, entry_mid, implied_probability)
            SELECT 'live', l.id, 'live', l.detector, l.condition_id, l.asset_id, CASE l.direction WHEN 'up' THEN 'buy' ELSE 'sell' END,
                   l.detected_at, l.best_bid, l.best_ask, l.mid, l.implied_probability
            FROM live_signals l
            WHERE NOT EXISTS (SELECT 1 FROM signal_scores c WHERE c.source = 'live' AND c.signal_id = l.id)
            ON CONFLICT DO NOTHING
            """
        ).affectedRows
    }

    /// Stores a cycle signal's entry.
    func insertCycle(
        _ signal: NewCycleSignal, at time: Date, bid: Decimal?, ask: Decimal?, mid: Decimal, impliedProbability: Decimal
    ) throws {
        _ = try pool.execute(
            """
            INSERT INTO signal_scores (source, signal_id, strategy, portfolio_id, condition_id, asset_id, side, signal_at, entry_bid,
                entry_ask, entry_mid, implied_probability)
            VALUES ('cycle', \(signal.id), \(signal.strategy), \(signal.portfolioID), \(signal.conditionID), \(signal.token),
                \(signal.buying ? "buy" : "sell"), \(time), \(bid), \(ask), \(mid), \(impliedProbability))
            ON CONFLICT DO NOTHING
            """)
    }

    /// A scored signal's key and what its horizons need.
    struct Pending: Sendable {
        let source: String
        let signalID: Int64
        let asset: String
        let conditionID: String
        let signalAt: Date
        let score: SignalScore
    }

    /// Signals with a horizon of `minutes` due by `now` and not filled, within `giveUpAfter` seconds of it.
    func dueHorizons(minutes: Int, now: Date, giveUpAfter: TimeInterval, limit: Int) throws -> [Pending] {
        let column = Self.horizonColumn(minutes)
        return try pool.execute(
            """
            SELECT \(unescaped: Self.columns) FROM signal_scores
            WHERE \(unescaped: column) IS NULL AND signal_at + make_interval(mins => \(minutes)) <= \(now)
              AND signal_at + make_interval(mins => \(minutes)) >= \(now.addingTimeInterval(-giveUpAfter))
            ORDER BY signal_at LIMIT \(limit)
            """
        ).rows.map(Self.pending)
    }

    /// Records a horizon's mid (and after 15 minutes the markout net of the spread).
    func setHorizon(_ pending: Pending, minutes: Int, mid: Decimal) throws {
        let column = Self.horizonColumn(minutes)
        var markout: Decimal?
        var profitable: Bool?
        if minutes == 15 {
            let score = pending.score
            let withMid = SignalScore(
                side: score.side, entryBid: score.entryBid, entryAsk: score.entryAsk, entryMid: score.entryMid,
                impliedProbability: score.impliedProbability, mid15m: mid)
            markout = withMid.netMarkout15m
            profitable = withMid.profitable15m
        }
        _ = try pool.execute(
            """
            UPDATE signal_scores SET \(unescaped: column) = \(mid), updated_at = now(),
                markout_15m = COALESCE(\(markout), markout_15m), profitable_15m = COALESCE(\(profitable), profitable_15m)
            WHERE source = \(pending.source) AND signal_id = \(pending.signalID)
            """)
    }

    /// Markets with scored signals whose outcome is not known yet.
    func unresolvedMarkets(limit: Int) throws -> [String] {
        try pool.execute(
            "SELECT DISTINCT condition_id FROM signal_scores WHERE resolved_at IS NULL ORDER BY 1 LIMIT \(limit)"
        ).rows.map { try $0.decode("condition_id") }
    }

    /// Records a market's outcome for its scored signals: 1 for the winning asset, 0 for the
    /// other; a void market gets a resolution time and no outcome (left out of the Brier score).
    func resolve(market: String, winner: String?, at time: Date) throws {
        _ = try pool.execute(
            """
            UPDATE signal_scores SET resolved_at = \(time), updated_at = now(),
                outcome = CASE WHEN \(winner)::text IS NULL THEN NULL WHEN asset_id = \(winner) THEN 1 ELSE 0 END
            WHERE condition_id = \(market) AND resolved_at IS NULL
            """)
    }

    /// Realised P&L of traded cycle signals: a trade's result belongs to the buy that opened it,
    /// so a buy gets its share (by the shares it bought) of its position's realised P&L once the
    /// position has closed (sold out or settled); an exit's own sale is not counted again.
    @discardableResult
    func updateRealizedPnl() throws -> Int {
        try pool.execute(
            """
            UPDATE signal_scores s SET realized_pnl = x.pnl, updated_at = now()
            FROM (
                SELECT t.signal_id,
                       p.realized_pnl * t.shares / NULLIF(
                           (SELECT sum(b.shares) FROM trades b WHERE b.position_id = p.id AND b.side = 'buy'), 0) AS pnl
                FROM trades t JOIN portfolio_positions p ON p.id = t.position_id
                WHERE t.signal_id IS NOT NULL AND t.side = 'buy' AND p.status = 'closed'
            ) x
            WHERE s.source = 'cycle' AND s.signal_id = x.signal_id AND x.pnl IS NOT NULL AND s.realized_pnl IS DISTINCT FROM x.pnl
            """
        ).affectedRows
    }

    /// A scored signal as the scorecards group it.
    struct Row: Sendable {
        let strategy: String
        let portfolioID: PortfolioID?
        let detector: String?
        let score: SignalScore
    }

    /// Scored signals from `since` on, of one strategy or portfolio when given.
    func rows(strategy: String?, portfolioID: PortfolioID?, since: Date?, limit: Int) throws -> [Row] {
        try pool.execute(
            """
            SELECT \(unescaped: Self.columns), strategy, portfolio_id, detector FROM signal_scores
            WHERE (\(strategy)::text IS NULL OR strategy = \(strategy)) AND (\(portfolioID)::bigint IS NULL OR portfolio_id = \(portfolioID))
              AND (\(since)::timestamptz IS NULL OR signal_at >= \(since))
            ORDER BY signal_at DESC LIMIT \(limit)
            """
        ).rows.map { row in
            Row(
                strategy: try row.decode("strategy"), portfolioID: try row.decodeIfPresent("portfolio_id"),
                detector: try row.decodeIfPresent("detector"), score: try Self.pending(row).score)
        }
    }

    /// The most recent `count` signals of a portfolio scored after 15 minutes since `since`.
    func recentHits(portfolioID: PortfolioID, since: Date?, count: Int) throws -> [Bool] {
        try pool.execute(
            """
            SELECT profitable_15m FROM signal_scores
            WHERE portfolio_id = \(portfolioID) AND profitable_15m IS NOT NULL AND (\(since)::timestamptz IS NULL OR updated_at > \(since))
            ORDER BY signal_at DESC LIMIT \(count)
            """
        ).rows.map { try $0.decode("profitable_15m") }
    }

    static let columns = """
        source, signal_id, asset_id, condition_id, signal_at, side, entry_bid, entry_ask, entry_mid, implied_probability, mid_5m,
        mid_15m, mid_60m, outcome, realized_pnl
        """

    static func pending(_ row: PostgresRow) throws -> Pending {
        Pending(
            source: try row.decode("source"), signalID: try row.decode("signal_id"), asset: try row.decode("asset_id"),
            conditionID: try row.decode("condition_id"), signalAt: try row.decode("signal_at"),
            score: SignalScore(
                side: SignalScore.Side(rawValue: try row.decode("side")) ?? .buy, entryBid: try row.decodeIfPresent("entry_bid"),
                entryAsk: try row.decodeIfPresent("entry_ask"), entryMid: try row.decode("entry_mid"),
                impliedProbability: try row.decode("implied_probability"), mid5m: try row.decodeIfPresent("mid_5m"),
                mid15m: try row.decodeIfPresent("mid_15m"), mid60m: try row.decodeIfPresent("mid_60m"),
                outcome: try row.decodeIfPresent("outcome"), realizedPnl: try row.decodeIfPresent("realized_pnl")))
    }

    static func horizonColumn(_ minutes: Int) -> String {
        switch minutes {
        case 5: return "mid_5m"
        case 15: return "mid_15m"
        default: return "mid_60m"
        }
    }
}
