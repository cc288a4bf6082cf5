import Foundation

/// The deflated Sharpe ratio (Bailey and López de Prado, 2014): the probability that a Sharpe
/// ratio `sharpe`, measured over `observations` returns with the given skewness and kurtosis, is
/// above zero once the best of `trials` configurations was picked — whose Sharpe ratios varied by
/// `trialVariance` — is allowed for. The expected maximum Sharpe of `trials` unskilled tries is
/// SR0 = √V · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), γ Euler's constant, and
/// DSR = Φ((SR − SR0)·√(T − 1) / √(1 − skew·SR + (kurtosis − 1)/4·SR²)).
public enum DeflatedSharpe {
    public static func probability(
        sharpe: Double, observations: Int, skewness: Double, kurtosis: Double, trials: Int, trialVariance: Double
    ) -> Double? {
        guard observations > 1, trials >= 1 else { return nil }
        let threshold = trials > 1 ? expectedMaximum(trials: trials, variance: trialVariance) : 0
        let denominator = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe
        guard denominator > 0 else { return nil }
        return normalCDF((sharpe - threshold) * Double(observations - 1).squareRoot() / denominator.squareRoot())
    }

    /// SR0, the Sharpe ratio the best of `trials` tries reaches by chance.
    public static func expectedMaximum(trials: Int, variance: Double) -> Double {
        let gamma = 0.5772156649015329
        let n = Double(trials)
        return variance.squareRoot() * ((1 - gamma) * inverseNormal(1 - 1 / n) + gamma * inverseNormal(1 - 1 / (n * M_E)))
    }

    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹ by Acklam's rational approximation (relative error below 1.2e-9), for 0 < p < 1.
    public static func inverseNormal(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
            2.506628277459239e+00,
        ]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
            2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }

    /// Sample skewness and (non-excess) kurtosis of returns.
    public static func moments(_ returns: [Double]) -> (skewness: Double, kurtosis: Double) {
        let n = Double(returns.count)
        guard n > 2 else { return (0, 3) }
        let mean = returns.reduce(0, +) / n
        let m2 = returns.map { pow($0 - mean, 2) }.reduce(0, +) / n
        guard m2 > 0 else { return (0, 3) }
        let m3 = returns.map { pow($0 - mean, 3) }.reduce(0, +) / n
        let m4 = returns.map { pow($0 - mean, 4) }.reduce(0, +) / n
        return (m3 / pow(m2, 1.5), m4 / (m2 * m2))
    }
}

extension DeflatedSharpe {
    /// The Sharpe ratios of the trials behind a choice: how many were tried and how much their
    /// Sharpe ratios varied (both from the trials ledger, not just the current grid).
    public struct Trials: Sendable, Codable, Equatable {
        public let count: Int
        public let variance: Double

        public init(count: Int, variance: Double) {
            self.count = count
            self.variance = variance
        }

        /// The count and the sample variance (n − 1) of the finite Sharpe ratios among `sharpes`
        /// (every trial counts; a trial without a Sharpe adds no variance).
        public init(sharpes: [Double?]) {
            count = sharpes.count
            let finite = sharpes.compactMap { $0 }.filter(\.isFinite)
            let mean = finite.isEmpty ? 0 : finite.reduce(0, +) / Double(finite.count)
            variance = finite.count > 1 ? finite.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finite.count - 1) : 0
        }
    }

    /// The Sharpe ratio of per-period returns: mean over the sample standard deviation (n − 1);
    /// nil without two returns or any spread.
    public static func sharpe(_ returns: [Double]) -> Double? {
        guard returns.count >= 2 else { return nil }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count - 1)
        return variance > 0 ? mean / variance.squareRoot() : nil
    }

    /// The gate: the deflated Sharpe ratio of the daily `returns`, with the honest `trials`, above 0.95.
    public static func gate(returns: [Double], trials: Trials, threshold: Double = 0.95) -> Gate {
        guard let sharpe = sharpe(returns) else {
            return Gate(
                .deflatedSharpe, value: nil, .above, threshold, detail: "no Sharpe ratio: fewer than two daily returns or no spread")
        }
        let moments = moments(returns)
        let value = probability(
            sharpe: sharpe, observations: returns.count, skewness: moments.skewness, kurtosis: moments.kurtosis,
            trials: max(1, trials.count), trialVariance: trials.variance)
        return Gate(
            .deflatedSharpe, value: value, .above, threshold,
            detail: String(
                format: "daily Sharpe %.4f over %d days; %d trials in the ledger, variance of their Sharpe %.6f, SR0 %.4f", sharpe,
                returns.count, trials.count, trials.variance,
                trials.count > 1 ? expectedMaximum(trials: trials.count, variance: trials.variance) : 0))
    }
}
