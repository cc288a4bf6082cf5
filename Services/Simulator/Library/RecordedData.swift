import Foundation
import Polymarket
import PrescientCore

/// The recorded trades, verbatim, with the fields used to filter them.
struct RecordedTrades: Sendable {
    struct Entry: Sendable {
        let payload: [UInt8]
        let trade: DataTrade
    }
    var entries: [Entry] = []
}

/// Loads the optional recorded files (books, trades, price histories); a missing file just
/// means that part of the API falls back to synthesised data.
enum RecordedData {
    /// The latest recorded book per token from `clob-book/books_batch_*.json`.
    static func books(directory: String) -> [String: OrderBook] {
        struct Poll: Decodable {
            let books: LenientList<OrderBook>?
        }
        var result: [String: OrderBook] = [:]
        for path in files(in: directory + "/clob-book", prefix: "books_batch") {
            guard let bytes = try? Gzip.readFile(path),
                let polls = try? JSONDecoder().decode([Poll].self, from: Data(bytes))
            else { continue }
            for poll in polls {
                for book in poll.books?.elements ?? [] { result[book.assetID] = book }
            }
        }
        return result
    }

    /// The recorded `GET /trades` payload(s) from `data-api/trades_latest*.json`.
    static func trades(directory: String) -> RecordedTrades {
        var recorded = RecordedTrades()
        for path in files(in: directory + "/data-api", prefix: "trades_latest") {
            guard let bytes = try? Gzip.readFile(path),
                let trades = try? JSONDecoder().decode([DataTrade].self, from: Data(bytes))
            else { continue }
            let slicer = JSONSlicer(bytes)
            guard let root = slicer.root, let ranges = slicer.elements(ofArray: root), ranges.count == trades.count else { continue }
            for (trade, range) in zip(trades, ranges) {
                recorded.entries.append(.init(payload: Array(bytes[range]), trade: trade))
            }
        }
        return recorded
    }

    /// Recorded price series by token: the weather back-fills (keyed by their YES token).
    static func histories(directory: String) -> [String: PriceHistory] {
        struct Backfill: Decodable {
            struct Market: Decodable {
                struct Bucket: Decodable {
                    let yes_token: String?
                    let history: LenientList<PriceHistory.Point>?
                }
                let buckets: [Bucket]?
            }
            let markets: [Market]?
        }
        var result: [String: PriceHistory] = [:]
        for path in files(in: directory + "/clob-prices-history", prefix: "prices_history_weather") {
            guard let bytes = try? Gzip.readFile(path),
                let backfill = try? JSONDecoder().decode(Backfill.self, from: Data(bytes))
            else { continue }
            for market in backfill.markets ?? [] {
                for bucket in market.buckets ?? [] {
                    guard let token = bucket.yes_token, let points = bucket.history?.elements, !points.isEmpty else { continue }
                    result[token] = PriceHistory(history: points)
                }
            }
        }
        return result
    }

    static func files(in folder: String, prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { folder + "/" + $0 }
    }
}
