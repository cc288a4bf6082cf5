/// One evidence gate's answer: its figure, the threshold it is held to, whether it passed (nil
/// when it does not apply, e.g. overfitting without a tuner's trials), and the figures behind it.
public struct Gate: Sendable, Codable, Equatable {
    public enum Name: String, Sendable, Codable, CaseIterable {
        case sample
        case returnPerDollar = "return_per_dollar"
        case deflatedSharpe = "deflated_sharpe"
        case overfitting = "pbo"
        case beatsMarket = "beats_market"
        case beatsRandomSide = "beats_random_side"
        case beatsMarketBaseline = "beats_market_baseline"
        case withoutLargestWinner = "without_largest_winner"
        case costStress = "cost_stress"
    }

    /// How the value is held to the threshold.
    public enum Comparison: String, Sendable, Codable {
        case above = ">", atLeast = ">=", below = "<"

        func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .above: value > threshold
            case .atLeast: value >= threshold
            case .below: value < threshold
            }
        }
    }

    public let name: Name
    public let value: Double?
    public let comparison: Comparison
    public let threshold: Double
    /// True or false when the gate applies; nil when it does not (it neither passes nor fails the verdict).
    public let pass: Bool?
    /// The figures behind the value, in words (interval, counts, baselines).
    public let detail: String

    /// A gate that applies: it passes when `value` holds against the threshold (a missing value fails).
    public init(_ name: Name, value: Double?, _ comparison: Comparison, _ threshold: Double, detail: String) {
        self.name = name
        self.value = value
        self.comparison = comparison
        self.threshold = threshold
        pass = value.map { comparison.holds($0, threshold) } ?? false
        self.detail = detail
    }

    /// A gate that does not apply here, and why.
    public static func notApplicable(_ name: Name, _ comparison: Comparison, _ threshold: Double, because reason: String) -> Gate {
        Gate(name: name, value: nil, comparison: comparison, threshold: threshold, pass: nil, detail: reason)
    }

    init(name: Name, value: Double?, comparison: Comparison, threshold: Double, pass: Bool?, detail: String) {
        self.name = name
        self.value = value
        self.comparison = comparison
        self.threshold = threshold
        self.pass = pass
        self.detail = detail
    }
}
