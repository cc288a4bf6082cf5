import Foundation

/// Summaries of figures over seeds and events: quantiles and a mean with its 95% interval.
public enum EvidenceSummary {
    /// The `q` quantile (linear between order statistics); nil for no values.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    /// The mean and its 95% normal interval (t would differ in the third digit above 30 values);
    /// nil below two values.
    public static func meanInterval(_ values: [Double]) -> (mean: Double, low: Double, high: Double)? {
        guard values.count >= 2 else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = 1.96 * (variance / n).squareRoot()
        return (mean, mean - half, mean + half)
    }

    /// `median m, p10 q` of the values, or `none` when there are none.
    public static func medianAndP10(_ values: [Double], format: String = "%.3f") -> String {
        guard let median = quantile(values, 0.5), let p10 = quantile(values, 0.1) else { return "none" }
        return "median \(String(format: format, median)), p10 \(String(format: format, p10)) (\(values.count) seeds)"
    }
}
