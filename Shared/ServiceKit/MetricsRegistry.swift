import Foundation

/// Counters, gauges and histograms rendered in the Prometheus text exposition format.
public final class MetricsRegistry: @unchecked Sendable {
    // Safe because every access to the maps goes through `lock`.
    private let lock = NSLock()
    private var counters: [String: [LabelSet: Double]] = [:]
    private var gauges: [String: [LabelSet: Double]] = [:]
    private var histograms: [String: [LabelSet: Histogram]] = [:]
    private var help: [String: String] = [:]

    /// Default latency buckets in seconds.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    public init() {}

    /// Labels keyed by the dictionary itself (hashing is order-independent); sorting and
    /// formatting happen only when rendering, not on the hot path of every request.
    struct LabelSet: Hashable {
        let labels: [String: String]

        init(_ labels: [String: String]) {
            self.labels = labels
        }

        var pairs: [String] {
            labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(MetricsRegistry.escape($0.value))\"" }
        }

        var text: String { labels.isEmpty ? "" : "{" + pairs.joined(separator: ",") + "}" }

        func adding(_ key: String, _ value: String) -> String {
            let all = (pairs + ["\(key)=\"\(value)\""])
            return "{" + all.joined(separator: ",") + "}"
        }
    }

    struct Histogram {
        var buckets: [Double]
        var counts: [Int]
        var sum: Double = 0
        var count: Int = 0
    }

    /// Describes a metric for the `# HELP` line.
    public func describe(_ name: String, _ text: String) {
        lock.lock()
        help[name] = text
        lock.unlock()
    }

    public func increment(_ name: String, by amount: Double = 1, labels: [String: String] = [:]) {
        lock.lock()
        counters[name, default: [:]][LabelSet(labels), default: 0] += amount
        lock.unlock()
    }

    public func set(_ name: String, _ value: Double, labels: [String: String] = [:]) {
        lock.lock()
        gauges[name, default: [:]][LabelSet(labels)] = value
        lock.unlock()
    }

    public func observe(_ name: String, _ value: Double, labels: [String: String] = [:], buckets: [Double] = latencyBuckets) {
        lock.lock()
        let key = LabelSet(labels)
        var histogram = histograms[name]?[key] ?? Histogram(buckets: buckets, counts: Array(repeating: 0, count: buckets.count))
        for (index, bound) in histogram.buckets.enumerated() where value <= bound { histogram.counts[index] += 1 }
        histogram.sum += value
        histogram.count += 1
        histograms[name, default: [:]][key] = histogram
        lock.unlock()
    }

    /// The current value of a counter (tests and status endpoints).
    public func counter(_ name: String, labels: [String: String] = [:]) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return counters[name]?[LabelSet(labels)] ?? 0
    }

    /// All metrics in Prometheus text format 0.0.4.
    public func render() -> String {
        lock.lock()
        defer { lock.unlock() }
        var out = ""
        func header(_ name: String, _ type: String) {
            if let text = help[name] { out += "# HELP \(name) \(text)\n" }
            out += "# TYPE \(name) \(type)\n"
        }
        for name in counters.keys.sorted() {
            header(name, "counter")
            for (labels, value) in counters[name]!.sorted(by: { $0.key.text < $1.key.text }) {
                out += "\(name)\(labels.text) \(Self.format(value))\n"
            }
        }
        for name in gauges.keys.sorted() {
            header(name, "gauge")
            for (labels, value) in gauges[name]!.sorted(by: { $0.key.text < $1.key.text }) {
                out += "\(name)\(labels.text) \(Self.format(value))\n"
            }
        }
        for name in histograms.keys.sorted() {
            header(name, "histogram")
            for (labels, histogram) in histograms[name]!.sorted(by: { $0.key.text < $1.key.text }) {
                for (index, bound) in histogram.buckets.enumerated() {
                    out += "\(name)_bucket\(labels.adding("le", Self.format(bound))) \(histogram.counts[index])\n"
                }
                out += "\(name)_bucket\(labels.adding("le", "+Inf")) \(histogram.count)\n"
                out += "\(name)_sum\(labels.text) \(Self.format(histogram.sum))\n"
                out += "\(name)_count\(labels.text) \(histogram.count)\n"
            }
        }
        return out
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
