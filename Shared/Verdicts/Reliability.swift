/// The reliability diagram's data: resolved trades whose strategy implied a probability, in ten
/// bins of that probability, each with its count, mean probability and how often the side won.
public enum Reliability {
    public struct Bin: Sendable, Codable, Equatable {
        public let low: Double
        public let high: Double
        public let count: Int
        public let meanProbability: Double?
        public let observed: Double?

        enum CodingKeys: String, CodingKey {
            case low, high, count, observed, meanProbability = "mean_probability"
        }
    }

    public static func bins(_ trades: [EvidenceTrade], count binCount: Int = 10) -> [Bin] {
        var sums = [(n: Int, p: Double, won: Double)](repeating: (0, 0, 0), count: binCount)
        for trade in trades {
            guard let probability = trade.probability, probability.isFinite, let won = trade.won else { continue }
            let index = min(binCount - 1, Int(min(max(probability, 0), 1) * Double(binCount)))
            sums[index].n += 1
            sums[index].p += probability
            sums[index].won += won ? 1 : 0
        }
        return sums.enumerated().map { index, sum in
            Bin(
                low: Double(index) / Double(binCount), high: Double(index + 1) / Double(binCount), count: sum.n,
                meanProbability: sum.n > 0 ? sum.p / Double(sum.n) : nil, observed: sum.n > 0 ? sum.won / Double(sum.n) : nil)
        }
    }
}
