import Foundation

/// Empirical-Bayes shrinkage of the edge toward the population (Robinson 2015): a wallet's
/// observed edge over n buys is its skill plus noise of variance σ²_noise/n, so the trusted edge
/// is `n/(n+k)·edge` with `k = σ²_noise/σ²_skill`, both variances fitted to the population by
/// moments: σ²_skill = var(observed edges) − mean(σ²_noise,w/n_w).
public struct EdgeShrinkage: Sendable, Equatable {
    /// σ²_noise / σ²_skill: the number of buys at which a wallet's own record weighs as much as the prior.
    public let k: Double
    public let skillVariance: Double
    public let noiseVariance: Double

    /// What the fit reads of one wallet's record.
    public struct Record: Sendable {
        public var resolved: Int
        public var edge: Double
        /// The outcome variance its prices imply per buy, mean p(1−p).
        public var noiseVariance: Double

        public init(resolved: Int, edge: Double, noiseVariance: Double) {
            self.resolved = resolved
            self.edge = edge
            self.noiseVariance = noiseVariance
        }
    }

    /// Fits k to a population of wallet records (those with at least one resolved buy).
    public init(population: [WalletSkill]) {
        self.init(records: population.map { Record(resolved: $0.resolved, edge: $0.edge, noiseVariance: $0.noiseVariance) })
    }

    /// Fits k to stored records (those with at least one resolved buy).
    public init(records all: [Record]) {
        let records = all.filter { $0.resolved > 0 }
        guard records.count >= 2 else {
            (k, skillVariance, noiseVariance) = (.infinity, 0, 0)
            return
        }
        let count = Double(records.count)
        let mean = records.reduce(0) { $0 + $1.edge } / count
        let observed = records.reduce(0) { $0 + ($1.edge - mean) * ($1.edge - mean) } / (count - 1)
        let sampling = records.reduce(0) { $0 + $1.noiseVariance / Double($1.resolved) } / count
        let noise = records.reduce(0) { $0 + $1.noiseVariance } / count
        // A population whose spread is all sampling noise has no measurable skill: shrink fully.
        let skill = max(observed - sampling, 1e-9)
        (k, skillVariance, noiseVariance) = (noise / skill, skill, noise)
    }

    /// `n/(n+k)·edge`: the edge a record earns trust for.
    public func shrunk(_ skill: WalletSkill) -> Double { shrunk(resolved: skill.resolved, edge: skill.edge) }

    /// The posterior standard deviation of a shrunk edge over `resolved` buys, √(σ²_skill·k/(n+k))
    /// (the normal–normal model's 1/(1/σ²_skill + n/σ²_noise)); 0 without a fit (fewer than two
    /// records), about 3e-5 when the population shows no skill (σ²_skill floored at 1e-9).
    public func standardDeviation(resolved: Int) -> Double {
        guard k.isFinite else { return 0 }
        return (skillVariance * k / (Double(resolved) + k)).squareRoot()
    }

    /// `n/(n+k)·edge` for a record of `resolved` buys.
    public func shrunk(resolved: Int, edge: Double) -> Double {
        guard k.isFinite else { return 0 }
        let n = Double(resolved)
        return n / (n + k) * edge
    }
}
