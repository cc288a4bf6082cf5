import CoreMetrics
import Foundation
import PrescientCore
import Prometheus

/// A service's metrics: recorded through swift-metrics' API into its own swift-prometheus
/// registry (one per service, so several services can share a process, as the in-process tests
/// do), and rendered in the Prometheus text exposition format for `GET /metrics`.
///
/// The metric objects of each name and label set are made once and kept: making one asks the
/// registry (a lock, name validation), which cost ~12% of `/health`'s throughput when done per
/// request.
public final class MetricsRegistry: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let counters = Locked<[Series: FloatingPointCounter]>([:])
    private let gauges = Locked<[Series: CoreMetrics.Gauge]>([:])
    private let histograms = Locked<[Series: Recorder]>([:])

    /// Latency buckets in seconds, for every histogram.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    /// One time series: a metric name and its labels (hashed regardless of order).
    struct Series: Hashable {
        let name: String
        let labels: [String: String]
    }

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultValueHistogramBuckets = Self.latencyBuckets
        self.factory = factory
    }

    /// Adds `amount` to a counter.
    public func increment(_ name: String, by amount: Double = 1, labels: [String: String] = [:]) {
        metric(Series(name: name, labels: labels), in: counters) {
            FloatingPointCounter(label: name, dimensions: Self.dimensions(labels), factory: factory)
        }.increment(by: amount)
    }

    /// Sets a gauge.
    public func set(_ name: String, _ value: Double, labels: [String: String] = [:]) {
        metric(Series(name: name, labels: labels), in: gauges) {
            CoreMetrics.Gauge(label: name, dimensions: Self.dimensions(labels), factory: factory)
        }.record(value)
    }

    /// Records one observation in a histogram (buckets: `latencyBuckets`).
    public func observe(_ name: String, _ value: Double, labels: [String: String] = [:]) {
        metric(Series(name: name, labels: labels), in: histograms) {
            Recorder(label: name, dimensions: Self.dimensions(labels), aggregate: true, factory: factory)
        }.record(value)
    }

    /// All metrics in the Prometheus text format 0.0.4.
    public func render() -> String {
        registry.emitToString()
    }

    /// The current value of a counter, read back from the rendered text (tests and status pages).
    public func counter(_ name: String, labels: [String: String] = [:]) -> Double {
        let series = labels.isEmpty ? name : name + "{" + Self.dimensions(labels).map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        for line in render().split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1)) ?? 0
        }
        return 0
    }

    /// The kept metric object of `series`, made by `make` the first time.
    private func metric<Metric>(_ series: Series, in store: Locked<[Series: Metric]>, make: () -> Metric) -> Metric {
        store.mutate { metrics in
            if let existing = metrics[series] { return existing }
            let made = make()
            metrics[series] = made
            return made
        }
    }

    /// Labels in name order, so every series of a metric lists them alike.
    static func dimensions(_ labels: [String: String]) -> [(String, String)] {
        labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
