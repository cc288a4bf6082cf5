import Foundation
import PrescientCore

/// The four detectors of `production-scanner-todo.ru.md` §6 over one market's trades, oldest
/// first: whale, clustering (and wash trading), contrarian and odds movement.
public struct TradeDetectors: Sendable {
    /// A whale trades at least `whaleMinimum` dollars and at least `whaleVolumeShare` of the
    /// market's 24-hour volume.
    public var whaleMinimum: Decimal = 1_000
    public var whaleVolumeShare: Decimal = Decimal(string: "0.001")!
    /// Clusters: at least `clusterMembers` wallets within `clusterWindow` seconds, sizes within `clusterSizeTolerance`.
    public var clusterMembers = 3
    public var clusterWindow: Int64 = 300
    public var clusterSizeTolerance: Decimal = Decimal(string: "0.02")!
    /// A buy at or below this price goes against the market's consensus; it is an alert when the
    /// wallet's own contrarian record lifts the confidence to `contrarianConfidence` (a buy at a
    /// long shot alone is everyday trading, not news).
    public var contrarianPrice: Decimal = Decimal(string: "0.30")!
    public var contrarianConfidence = 0.5
    /// The least move (in price) of the trade's side, from its own fill to the next fill.
    public var oddsMove: Decimal = Decimal(string: "0.04")!

    public init() {}

    /// A wallet's record on its own resolved contrarian buys (from its profile).
    public struct Record: Sendable, Equatable {
        public var resolved: Int
        public var edge: Double

        public init(resolved: Int, edge: Double) {
            self.resolved = resolved
            self.edge = edge
        }
    }

    /// Every alert in the market's trades. `volume24h` is the market's 24-hour volume; `records`
    /// each wallet's skill on its own past contrarian buys, where known.
    public func detect(_ unordered: [ObservedTrade], volume24h: Decimal, records: [String: Record]) -> [TradeAlert] {
        let trades = unordered.filter { $0.price > 0 && $0.size > 0 }.sorted { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }
        return whales(trades, volume24h: volume24h) + clusters(trades) + washTrades(trades) + contrarians(trades, records: records)
            + oddsMovements(trades)
    }

    func whales(_ trades: [ObservedTrade], volume24h: Decimal) -> [TradeAlert] {
        let floor = max(whaleMinimum, volume24h * whaleVolumeShare)
        return trades.filter { $0.notional >= floor }.map { trade in
            let share = volume24h > 0 ? Self.double(trade.notional / volume24h) : 1
            return TradeAlert(
                kind: .whale, trades: [trade], confidence: min(1, 0.5 + 0.5 * Self.double(trade.notional / (floor * 10))),
                evidence: ["notional": Self.double(trade.notional), "share_of_24h_volume": share],
                summary: "\(Self.side(trade)) of $\(Self.dollars(trade.notional)) (\(String(format: "%.2f", share * 100))% of 24 h volume)")
        }
    }

    func clusters(_ trades: [ObservedTrade]) -> [TradeAlert] {
        let buys = trades.filter(\.isBuy)
        let holders = buys.map {
            SmartMoneyHolder(
                wallet: $0.wallet, yes: $0.outcome == 0, size: $0.size, notional: $0.notional, skill: nil, eligible: true,
                enteredAt: $0.timestamp)
        }
        let found = CoEntryClusters.detect(
            holders, window: clusterWindow, sizeTolerance: clusterSizeTolerance, minimumMembers: clusterMembers)
        let groups = Dictionary(grouping: buys.filter { found[$0.wallet] != nil }, by: { "\(found[$0.wallet]!) \($0.outcome)" })
        return groups.keys.sorted().map { key in
            let members = groups[key]!
            let wallets = Set(members.map(\.wallet)).count
            let span = Double(members.map(\.timestamp).max()! - members.map(\.timestamp).min()!)
            return TradeAlert(
                kind: .cluster, trades: members, confidence: min(1, Double(wallets) / 10),
                evidence: ["wallets": Double(wallets), "span_s": span, "notional": Self.double(members.map(\.notional).reduce(0, +))],
                summary: "\(wallets) wallets bought \(members[0].outcome == 0 ? "YES" : "NO") in near-equal sizes within \(Int(span)) s")
        }
    }

    func washTrades(_ trades: [ObservedTrade]) -> [TradeAlert] {
        var alerts: [TradeAlert] = []
        for (index, buy) in trades.enumerated() where buy.isBuy {
            guard
                let sell = trades[(index + 1)...].prefix(while: { $0.timestamp - buy.timestamp <= clusterWindow }).first(where: {
                    !$0.isBuy && $0.wallet == buy.wallet && $0.outcome == buy.outcome
                        && abs($0.size - buy.size) <= max($0.size, buy.size) * clusterSizeTolerance
                })
            else { continue }
            alerts.append(
                TradeAlert(
                    kind: .washTrading, trades: [buy, sell], confidence: 0.7,
                    evidence: ["seconds": Double(sell.timestamp - buy.timestamp), "notional": Self.double(buy.notional)],
                    summary: "bought and sold \(Self.dollars(buy.size)) shares within \(sell.timestamp - buy.timestamp) s"))
        }
        return alerts
    }

    func contrarians(_ trades: [ObservedTrade], records: [String: Record]) -> [TradeAlert] {
        trades.filter { $0.isBuy && $0.price <= contrarianPrice }.compactMap { trade in
            let record = records[trade.wallet]
            // The boost: the wallet's edge on its own resolved contrarian buys, trusted by their number.
            let resolved = Double(record?.resolved ?? 0)
            let boost = record.map { max($0.edge, 0) * resolved / (resolved + 10) } ?? 0
            let confidence = min(1, 0.3 + 2 * boost)
            guard confidence >= contrarianConfidence else { return nil }
            return TradeAlert(
                kind: .contrarian, trades: [trade], confidence: confidence,
                evidence: [
                    "price": Self.double(trade.price), "consensus": 1 - Self.double(trade.price), "record_resolved": resolved,
                    "record_edge": record?.edge ?? 0,
                ],
                summary: "\(Self.side(trade)) at \(trade.price) against a \(Int((1 - Self.double(trade.price)) * 100))% consensus"
                    + (record.map { "; the wallet's \($0.resolved) past contrarian buys: edge \(String(format: "%.3f", $0.edge))" } ?? ""))
        }
    }

    /// The move a trade made: from the price it filled at to the price the next fill of the
    /// market paid (a fill executes at the price before its own impact; the next one meets the
    /// price after it). Both are quoted within a cent or so of the mid, so the threshold sits
    /// above twice that.
    func oddsMovements(_ trades: [ObservedTrade]) -> [TradeAlert] {
        guard trades.count >= 2 else { return [] }
        var alerts: [TradeAlert] = []
        for index in 0..<(trades.count - 1) {
            let trade = trades[index]
            let before = trade.yesPrice, after = trades[index + 1].yesPrice
            // The move of the price of what the trade bought (sold: of what it sold, downward).
            let yesMove = after - before
            let move = (trade.outcome == 0) == trade.isBuy ? yesMove : -yesMove
            guard move >= oddsMove else { continue }
            let perThousand = trade.notional > 0 ? Self.double(move / trade.notional * 1_000) : 0
            alerts.append(
                TradeAlert(
                    kind: .oddsMovement, trades: [trade], confidence: min(1, Self.double(move) * 10),
                    evidence: [
                        "price_before": Self.double(before), "price_after": Self.double(after), "move": Self.double(move),
                        "impact_per_1000_usd": perThousand,
                    ],
                    summary: "YES \(before) → \(after) after a \(Self.side(trade)) of $\(Self.dollars(trade.notional)) "
                        + "(\(String(format: "%.4f", perThousand)) per $1,000)"))
        }
        return alerts
    }

    static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
    static func dollars(_ value: Decimal) -> String { String(format: "%.0f", double(value)) }
    static func side(_ trade: ObservedTrade) -> String { "\(trade.isBuy ? "buy" : "sell") of \(trade.outcome == 0 ? "YES" : "NO")" }
}
