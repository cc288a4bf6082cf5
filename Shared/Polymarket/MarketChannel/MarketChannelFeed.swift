import Foundation
import Logging
import PrescientCore
import WebSocket

/// A live subscription to the market channel for a list of assets, kept alive: at most
/// `maxAssetsPerConnection` (500, Polymarket's cap) per connection, one thread per connection;
/// a text `PING` every `pingInterval` (10 s); a connection silent for `staleAfter` seconds, dropped
/// or broken is replaced after an exponential backoff with full jitter. Each outage is recorded
/// and logged; after a reconnect the channel sends every book again, which the handler takes as
/// the new state (the resync).
public final class MarketChannelFeed: @unchecked Sendable {
    // Safe because the mutable state (`stopped`, `live`, `outages`, `connects`) is guarded by
    // `state`; the rest is immutable.

    /// The feed's timings.
    public struct Settings: Sendable {
        public var maxAssetsPerConnection = 500
        public var pingInterval: TimeInterval = 10
        public var staleAfter: TimeInterval = 30
        public var backoffBase: TimeInterval = 0.5
        public var backoffCap: TimeInterval = 30
        public var connectTimeout: TimeInterval = 10
        /// The largest frame and message read. A subscription's first message holds every asset's
        /// book (500 at most); a 500-asset dump measured from the simulator is about 0.5 MiB, and a
        /// real book can be ten times deeper, so both caps leave room for that, not for anything a
        /// broken or hostile server might send.
        public var maxFrameBytes = 16 << 20
        public var maxMessageBytes = 16 << 20

        public init() {}
    }

    /// A time a connection was down, and why.
    public struct Outage: Sendable {
        public let shard: Int
        public let from: Date
        public var to: Date?
        public let reason: String
    }

    public let url: String
    public let shards: [[String]]
    let settings: Settings
    let logger: Logger
    let handler: @Sendable (_ shard: Int, _ events: [MarketChannelEvent]) -> Void

    private struct State {
        var stopped = false
        var live: [Int: WebSocketConnection] = [:]
        var outages: [Outage] = []
        var connects = 0
    }
    private let state = Locked(State())

    public init(
        url: String, assets: [String], settings: Settings = Settings(), logger: Logger,
        handler: @escaping @Sendable (_ shard: Int, _ events: [MarketChannelEvent]) -> Void
    ) {
        self.url = url
        let size = max(1, settings.maxAssetsPerConnection)
        shards = stride(from: 0, to: assets.count, by: size).map { Array(assets[$0..<min($0 + size, assets.count)]) }
        self.settings = settings
        self.logger = logger
        self.handler = handler
    }

    /// Every outage so far (an open one has no `to`).
    public var outages: [Outage] { state.value.outages }
    /// Connections made, reconnections included.
    public var connects: Int { state.value.connects }

    public func start() {
        for shard in shards.indices {
            let thread = Thread { [self] in run(shard) }
            thread.name = "market-feed-\(shard)"
            thread.start()
        }
    }

    /// Stops every connection (a goodbye close frame each).
    public func stop() {
        let live = state.mutate { state -> [WebSocketConnection] in
            state.stopped = true
            return Array(state.live.values)
        }
        for connection in live { connection.close(.goingAway) }
    }

    var stopped: Bool { state.value.stopped }

    func run(_ shard: Int) {
        var attempt = 0
        while !stopped {
            do {
                let connection = try WebSocketConnection(
                    url: url, timeout: settings.connectTimeout, maxFrameSize: settings.maxFrameBytes,
                    maxMessageSize: settings.maxMessageBytes)
                let subscription = try JSONSerialization.data(withJSONObject: [
                    "assets_ids": shards[shard], "type": "market", "custom_feature_enabled": true,
                ])
                try connection.send(text: String(decoding: subscription, as: UTF8.self))
                let resumed = state.mutate { state -> Outage? in
                    state.connects += 1
                    state.live[shard] = connection
                    guard let open = state.outages.lastIndex(where: { $0.shard == shard && $0.to == nil }) else { return nil }
                    state.outages[open].to = Date()
                    return state.outages[open]
                }
                if let resumed {
                    logger.warning(
                        "market channel reconnected",
                        metadata: ["shard": "\(shard)", "outage_ms": "\(Int((resumed.to!.timeIntervalSince(resumed.from)) * 1000))"])
                }
                attempt = 0
                try listen(connection, shard: shard)
            } catch {
                guard !stopped else { return }
                let opened = state.mutate { state -> Bool in
                    state.live[shard] = nil
                    guard !state.outages.contains(where: { $0.shard == shard && $0.to == nil }) else { return false }
                    state.outages.append(Outage(shard: shard, from: Date(), to: nil, reason: "\(error)"))
                    return true
                }
                if opened { logger.warning("market channel down", metadata: ["shard": "\(shard)", "reason": "\(error)"]) }
                let ceiling = min(settings.backoffCap, settings.backoffBase * pow(2, Double(min(attempt, 20))))
                attempt += 1
                Thread.sleep(forTimeInterval: Double.random(in: 0...ceiling))
            }
        }
    }

    /// Reads until the connection ends (a thrown reason), pinging on schedule.
    func listen(_ connection: WebSocketConnection, shard: Int) throws {
        var lastMessage = Date()
        var lastPing = Date()
        while true {
            if stopped { return connection.close(.goingAway) }
            if Date().timeIntervalSince(lastPing) >= settings.pingInterval {
                try connection.send(text: "PING")
                lastPing = Date()
            }
            let silence = Date().timeIntervalSince(lastMessage)
            guard silence < settings.staleAfter else {
                connection.drop()
                throw FeedInterruption(reason: "no message for \(Int(silence * 1000)) ms")
            }
            let wait = min(settings.pingInterval - Date().timeIntervalSince(lastPing), settings.staleAfter - silence, 1)
            switch try connection.receive(timeout: max(0.001, wait)) {
            case nil: continue
            case .text(let text)?:
                lastMessage = Date()
                guard text != "PONG" else { continue }
                handler(shard, try MarketChannelEvent.decode(text))
            case .close(let code, let reason)?:
                throw FeedInterruption(reason: "closed (\(code.map { "\($0)" } ?? "no status")) \(reason)")
            default:
                lastMessage = Date()
            }
        }
    }

    struct FeedInterruption: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}
