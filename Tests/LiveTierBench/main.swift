import Foundation
import LiveTier
import Polymarket

// Decodes and folds market-channel messages as fast as it can and prints the rate: the
// throughput half of issue 11's live-tier figure (the socket half is measured with the feed).
// Messages are `price_change`s in the documented shape over 500 assets, a book first for each.
let assets = (0..<500).map { "7132104567925221259462638553270691275033272857194253228963137931245558399\(String(format: "%04d", $0))" }
var messages: [String] = assets.map { asset in
    #"{"event_type":"book","asset_id":"\#(asset)","market":"0x5f65","bids":[{"price":"0.48","size":"30"},{"price":"0.49","size":"20"}],"asks":[{"price":"0.52","size":"25"},{"price":"0.53","size":"60"}],"timestamp":"1757908890000","hash":"0x0"}"#
}
let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
for index in 0..<count {
    let asset = assets[index % assets.count]
    let cents = 45 + index % 5
    let stamp = 1_757_908_890_000 + Int64(index) * 5
    messages.append(
        #"{"market":"0x5f65","price_changes":[{"asset_id":"\#(asset)","price":"0.\#(cents)","size":"\#(100 + index % 50)","side":"BUY","hash":"56621a12","best_bid":"0.\#(cents)","best_ask":"0.53"}],"timestamp":"\#(stamp)","event_type":"price_change"}"#
    )
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
