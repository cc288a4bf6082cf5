import Foundation
import Polymarket
import PrescientCore

/// What Gamma's lookup and browse routes need beyond the market universe, read once from the
/// recorded payloads: markets and events by slug, the series embedded in the events, the tags of
/// the recorded event files, and each event's searchable text.
struct GammaCatalog: Sendable {
    /// A recorded object with the fields it is found by.
    struct Entry: Sendable {
        let id: String
        let slug: String
        let label: String
        let bytes: [UInt8]
    }

    let marketIndexBySlug: [String: Int]
    let eventIndexBySlug: [String: Int]
    /// Every distinct series (by id), in id order.
    let series: [Entry]
    /// Every distinct tag (by id) of the recorded event files, in id order.
    let tags: [Entry]
    /// Each event's title and ticker, lowercased, by event index.
    let eventText: [String]

    init(universe: MarketUniverse, datasetDirectory: String) {
        var marketsBySlug: [String: Int] = [:]
        for (index, market) in universe.markets.enumerated() {
            if let slug = Self.stringMember("slug", of: market.payload), marketsBySlug[slug] == nil { marketsBySlug[slug] = index }
        }
        var eventsBySlug: [String: Int] = [:]
        var text: [String] = []
        var series: [String: Entry] = [:]
        for (index, event) in universe.events.enumerated() {
            let summary = event.summary
            let slicer = JSONSlicer(summary)
            guard let root = slicer.root else {
                text.append("")
                continue
            }
            if let slug = slicer.value("slug", ofObject: root).flatMap(slicer.string(at:)), eventsBySlug[slug] == nil {
                eventsBySlug[slug] = index
            }
            let title = slicer.value("title", ofObject: root).flatMap(slicer.string(at:)) ?? ""
            let ticker = slicer.value("ticker", ofObject: root).flatMap(slicer.string(at:)) ?? ""
            text.append((title + " " + ticker).lowercased())
            if let list = slicer.value("series", ofObject: root), let items = slicer.elements(ofArray: list) {
                for item in items {
                    guard let entry = Self.entry(Array(summary[item]), labelKey: "title"), series[entry.id] == nil else { continue }
                    series[entry.id] = entry
                }
            }
        }
        var tags: [String: Entry] = [:]
        for path in RecordedData.files(in: datasetDirectory + "/gamma-events", prefix: "events") {
            guard let bytes = try? Gzip.readFile(path) else { continue }
            let slicer = JSONSlicer(bytes)
            guard let root = slicer.root, let events = slicer.elements(ofArray: root) else { continue }
            for event in events {
                guard let list = slicer.value("tags", ofObject: event), let items = slicer.elements(ofArray: list) else { continue }
                for item in items {
                    guard let entry = Self.entry(Array(bytes[item]), labelKey: "label"), tags[entry.id] == nil else { continue }
                    tags[entry.id] = entry
                }
            }
        }
        marketIndexBySlug = marketsBySlug
        eventIndexBySlug = eventsBySlug
        eventText = text
        self.series = series.values.sorted { (Int64($0.id) ?? 0, $0.id) < (Int64($1.id) ?? 0, $1.id) }
        self.tags = tags.values.sorted { (Int64($0.id) ?? 0, $0.id) < (Int64($1.id) ?? 0, $1.id) }
    }

    /// A string member of a JSON object's bytes.
    static func stringMember(_ key: String, of bytes: [UInt8]) -> String? {
        let slicer = JSONSlicer(bytes)
        guard let root = slicer.root else { return nil }
        return slicer.value(key, ofObject: root).flatMap(slicer.string(at:))
    }

    /// An object with an `id` (string or number), a `slug` and a label, as recorded.
    static func entry(_ bytes: [UInt8], labelKey: String) -> Entry? {
        let slicer = JSONSlicer(bytes)
        guard let root = slicer.root, let idRange = slicer.value("id", ofObject: root) else { return nil }
        guard let id = slicer.string(at: idRange) ?? slicer.literal(at: idRange) else { return nil }
        let slug = slicer.value("slug", ofObject: root).flatMap(slicer.string(at:)) ?? ""
        let label = slicer.value(labelKey, ofObject: root).flatMap(slicer.string(at:)) ?? ""
        return Entry(id: id, slug: slug, label: label, bytes: bytes)
    }
}
