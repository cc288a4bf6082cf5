import Foundation

/// The probability of backtest overfitting (Bailey, Borwein, López de Prado and Zhu, 2015) by
/// combinatorially symmetric cross-validation: the periods (rows) of the trials' returns are cut
/// into `blocks` contiguous blocks (block b holds rows ⌊b·T/S⌋ up to ⌊(b+1)·T/S⌋); for every way of
/// choosing half the blocks as in-sample, the trial with the best in-sample Sharpe ratio (the
/// first on a tie) is ranked among all trials on the other half (rank 1 + the trials strictly
/// below it), ω = rank / (N + 1), λ = ln(ω / (1 − ω)); the PBO is the share of splits with λ ≤ 0
/// — the in-sample best did no better than the median out of sample. A trial without a Sharpe
/// ratio on a half (no spread) ranks lowest there.
public enum BacktestOverfitting {
    /// The PBO and how many splits it rests on.
    public struct Result: Sendable, Codable, Equatable {
        public let probability: Double
        public let splits: Int
        public let trials: Int
        public let periods: Int

        public init(probability: Double, splits: Int, trials: Int, periods: Int) {
            self.probability = probability
            self.splits = splits
            self.trials = trials
            self.periods = periods
        }
    }

    /// `returns[trial][period]`, every trial over the same periods; nil with fewer than two trials,
    /// ragged rows, an odd block count or fewer periods than blocks.
    public static func probability(_ returns: [[Double]], blocks: Int = 16) -> Result? {
        let trials = returns.count
        guard trials >= 2, blocks >= 2, blocks % 2 == 0, let periods = returns.first?.count, periods >= blocks,
            returns.allSatisfy({ $0.count == periods })
        else { return nil }
        // Per block and trial: the count, sum and sum of squares of its returns.
        let bounds = (0...blocks).map { $0 * periods / blocks }
        var sums = [[Double]](repeating: [Double](repeating: 0, count: trials), count: blocks)
        var squares = sums
        for block in 0..<blocks {
            for trial in 0..<trials {
                for row in bounds[block]..<bounds[block + 1] {
                    let value = returns[trial][row]
                    sums[block][trial] += value
                    squares[block][trial] += value * value
                }
            }
        }
        func sharpe(_ chosen: [Int], _ trial: Int) -> Double {
            var n = 0, sum = 0.0, square = 0.0
            for block in chosen {
                n += bounds[block + 1] - bounds[block]
                sum += sums[block][trial]
                square += squares[block][trial]
            }
            guard n >= 2 else { return -.infinity }
            let mean = sum / Double(n)
            let variance = (square - Double(n) * mean * mean) / Double(n - 1)
            return variance > 1e-18 ? mean / variance.squareRoot() : -.infinity
        }
        var overfit = 0, splits = 0
        for inSample in combinations(of: blocks, choosing: blocks / 2) {
            let chosenSet = Set(inSample)
            let outOfSample = (0..<blocks).filter { !chosenSet.contains($0) }
            var best = 0, bestSharpe = sharpe(inSample, 0)
            for trial in 1..<trials {
                let value = sharpe(inSample, trial)
                if value > bestSharpe { (best, bestSharpe) = (trial, value) }
            }
            let outside = (0..<trials).map { sharpe(outOfSample, $0) }
            let rank = 1 + outside.filter { $0 < outside[best] }.count
            let omega = Double(rank) / Double(trials + 1)
            if log(omega / (1 - omega)) <= 0 { overfit += 1 }
            splits += 1
        }
        return Result(probability: Double(overfit) / Double(splits), splits: splits, trials: trials, periods: periods)
    }

    /// Every way to choose `k` of `0..<n`, in lexicographic order.
    static func combinations(of n: Int, choosing k: Int) -> [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        func extend(from start: Int) {
            if current.count == k {
                result.append(current)
                return
            }
            guard start < n, n - start >= k - current.count else { return }
            for next in start..<n {
                current.append(next)
                extend(from: next + 1)
                current.removeLast()
            }
        }
        extend(from: 0)
        return result
    }

    /// The gate over a tuner's trials: PBO below `threshold`; not applicable with fewer than two trials.
    public static func gate(_ returns: [[Double]], blocks: Int = 16, threshold: Double = 0.2) -> Gate {
        guard let result = probability(returns, blocks: blocks) else {
            return .notApplicable(
                .overfitting, .below, threshold,
                because: returns.count < 2
                    ? "one configuration, no tuner's trials to overfit across"
                    : "fewer than \(blocks) common periods across \(returns.count) trials")
        }
        return Gate(
            .overfitting, value: result.probability, .below, threshold,
            detail: "CSCV over \(result.trials) trials × \(result.periods) days in \(blocks) blocks (\(result.splits) splits)")
    }
}
