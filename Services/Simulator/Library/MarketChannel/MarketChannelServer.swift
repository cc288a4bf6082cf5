import Foundation
import Logging
import Polymarket
import PrescientCore
import WebSocket

/// Polymarket's CLOB market channel (`/ws/market`) on a host of its own, as on Polymarket
/// (`ws-subscriptions-clob…`): a client subscribes with `{"assets_ids":[…],"type":"market"}`
/// (at most 500 assets), receives each asset's `book`, then `price_change` messages as the
/// simulated books move, `last_trade_price` for each trade planted through `/sim/trades`, and
/// `PONG` for each text `PING`. No unsubscribe, as on this channel.
final class MarketChannelServer: @unchecked Sendable {
    // Safe because `settings` is a `Locked`; the listener and simulator are set once.
    let listener: TCPListener
    let simulator: Simulator
    let logger: Logger
    let settings = Locked(MarketChannelSettings())
    static let maximumAssets = 500

    init(simulator: Simulator, host: String, port: Int, logger: Logger) throws {
        listener = try TCPListener(host: host, port: port)
        self.simulator = simulator
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in
            while let stream = listener.accept() {
                let session = Thread { [self] in serve(stream) }
                session.start()
            }
        }
        thread.name = "market-channel"
        thread.start()
    }

    func stop() { listener.close() }

    func serve(_ stream: TCPStream) {
        guard let connection = try? WebSocketConnection(accepting: stream, path: "/ws/market") else { return }
        do {
            guard let assets = try subscription(connection) else { return connection.close(.policyViolation, reason: "no subscription") }
            var sent = 0
            var last: [String: OrderBook] = [:]
            let books = assets.compactMap { asset in (try? simulator.currentBook(token: asset)).map { (asset, $0) } }
            let now = Self.milliseconds(simulator)
            let initial = books.map { asset, book in MarketChannelMessages.book(book, market: market(of: asset), milliseconds: now) }
            try connection.send(text: MarketChannelMessages.json(initial))
            for (asset, book) in books { last[asset] = book }
            let subscribed = Set(assets)
            var plantedSeen = simulator.state.plantedTrades().count
            var nextTick = Date().addingTimeInterval(Double(settings.value.interval_ms) / 1_000)
            while true {
                let knobs = settings.value
                if knobs.drop_after_messages > 0 && sent >= knobs.drop_after_messages { return connection.drop() }
                if let message = try connection.receive(timeout: max(0, nextTick.timeIntervalSinceNow)) {
                    switch message {
                    case .text(let text) where text == "PING": try connection.send(text: "PONG")
                    case .close: return
                    default: continue
                    }
                    continue
                }
                nextTick = Date().addingTimeInterval(Double(knobs.interval_ms) / 1_000)
                if knobs.advance_seconds > 0 { _ = simulator.state.advance(by: Int64(knobs.advance_seconds)) }
                let stamp = Self.milliseconds(simulator)
                var changes: [String: [MarketChannelMessages.PriceChange.Change]] = [:]
                for asset in assets {
                    guard let book = try? simulator.currentBook(token: asset),
                        let change = MarketChannelMessages.change(book, previous: last[asset], milliseconds: stamp)
                    else { continue }
                    last[asset] = book
                    changes[market(of: asset), default: []].append(change)
                }
                let planted = simulator.state.plantedTrades(from: plantedSeen)
                plantedSeen += planted.count
                for trade in planted where subscribed.contains(trade.token) {
                    try connection.send(text: MarketChannelMessages.json(MarketChannelMessages.lastTrade(trade)))
                    sent += 1
                }
                for (market, list) in changes.sorted(by: { $0.key < $1.key }) {
                    try connection.send(
                        text: MarketChannelMessages.json(
                            MarketChannelMessages.PriceChange(market: market, price_changes: list, timestamp: "\(stamp)")))
                    sent += 1
                }
            }
        } catch {
            connection.drop()
        }
    }

    /// The first message: the subscription (a `PING` before it is answered). Nil when none came.
    func subscription(_ connection: WebSocketConnection) throws -> [String]? {
        let deadline = Date().addingTimeInterval(10)
        while deadline.timeIntervalSinceNow > 0 {
            guard case .text(let text)? = try connection.receive(timeout: deadline.timeIntervalSinceNow) else { continue }
            if text == "PING" {
                try connection.send(text: "PONG")
                continue
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let assets = object["assets_ids"] as? [String], (object["type"] as? String)?.lowercased() == "market",
                (1...Self.maximumAssets).contains(assets.count)
            else {
                connection.close(.policyViolation, reason: "subscribe with assets_ids (1 to 500) and type market")
                return nil
            }
            return assets
        }
        return nil
    }

    func market(of asset: String) -> String {
        simulator.universe.marketIndexByToken[asset].map { simulator.universe.markets[$0].conditionID } ?? ""
    }

    static func milliseconds(_ simulator: Simulator) -> Int64 { (simulator.epoch + simulator.state.elapsedSeconds) * 1_000 }
}
