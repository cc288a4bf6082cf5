import Foundation
import LiveTier
import Polymarket
import WebSocket

// The live tier's bench tools (scripts/bench live):
//   prescient-bench-live [count]        decodes and folds `count` market-channel messages on one
//                                       core and prints the rate (the throughput half);
//   prescient-bench-live serve <port>   a market channel that answers a subscription with each
//                                       asset's book, then sends `price_change` messages (the
//                                       documented shape, 5 ms of market time apart, the touch
//                                       moving every time) as fast as the socket takes them, so
//                                       the live-signals service can be measured end to end
//                                       without the simulator's book-making as the limit.
// The messages are those of 500 assets in Polymarket's documented shapes.
let assets = (0..<500).map { "7132104567925221259462638553270691275033272857194253228963137931245558399\(String(format: "%04d", $0))" }

func book(_ asset: String) -> String {
    #"{"event_type":"book","asset_id":"\#(asset)","market":"0x5f65","bids":[{"price":"0.48","size":"30"},{"price":"0.49","size":"20"}],"asks":[{"price":"0.52","size":"25"},{"price":"0.53","size":"60"}],"timestamp":"1757908890000","hash":"0x0"}"#
}

func priceChange(_ index: Int, asset: String, stamp: Int64) -> String {
    let cents = 45 + index % 5
    return
        #"{"market":"0x5f65","price_changes":[{"asset_id":"\#(asset)","price":"0.\#(cents)","size":"\#(100 + index % 50)","side":"BUY","hash":"56621a12","best_bid":"0.\#(cents)","best_ask":"0.53"}],"timestamp":"\#(stamp)","event_type":"price_change"}"#
}

func serve(port: Int) throws {
    let listener = try TCPListener(host: "127.0.0.1", port: port)
    print("serving the market channel on ws://127.0.0.1:\(listener.port)/ws/market")
    while let stream = listener.accept() {
        Thread {
            guard let connection = try? WebSocketConnection(accepting: stream, path: "/ws/market") else { return }
            do {
                var subscribed: [String] = []
                while subscribed.isEmpty {
                    guard case .text(let text)? = try connection.receive(timeout: 10) else { continue }
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                    subscribed = object?["assets_ids"] as? [String] ?? []
                }
                try connection.send(text: "[" + subscribed.map(book).joined(separator: ",") + "]")
                var index = 0
                while true {
                    let asset = subscribed[index % subscribed.count]
                    try connection.send(text: priceChange(index, asset: asset, stamp: 1_757_908_890_000 + Int64(index) * 5))
                    index += 1
                    if index % 1_000 == 0, let message = try connection.receive(timeout: 0.000_1) {
                        if case .text("PING") = message { try connection.send(text: "PONG") }
                        if case .close = message { return }
                    }
                }
            } catch {
                connection.drop()
            }
        }.start()
    }
}

if CommandLine.arguments.dropFirst().first == "serve" {
    try serve(port: Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 0)
    exit(0)
}

var messages: [String] = assets.map(book)
let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
for index in 0..<count {
    messages.append(priceChange(index, asset: assets[index % assets.count], stamp: 1_757_908_890_000 + Int64(index) * 5))
}
var folder = SnapshotFolder()
var snapshots = 0
let started = Date()
for message in messages {
    for event in try MarketChannelEvent.decode(message) { snapshots += folder.fold(event, receivedAt: 0).count }
}
snapshots += folder.flush().count
let seconds = Date().timeIntervalSince(started)
print(
    String(
        format: "live tier: %d messages decoded and folded in %.2f s = %.0f messages/s (target >= 20,000); %d snapshots", messages.count,
        seconds, Double(messages.count) / seconds, snapshots))
