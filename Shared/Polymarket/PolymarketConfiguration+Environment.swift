import PrescientCore

extension PolymarketConfiguration {
    /// Reads `POLYMARKET_GAMMA_URL`, `POLYMARKET_CLOB_URL`, `POLYMARKET_DATA_URL` (defaults: the
    /// real hosts), `POLYMARKET_MAX_ATTEMPTS`, `POLYMARKET_TIMEOUT_S`, `POLYMARKET_RATE_LIMIT_SCALE`,
    /// `POLYMARKET_BREAKER_THRESHOLD` and `POLYMARKET_BREAKER_COOLDOWN_S`.
    public init(environment: EnvironmentReader) throws {
        self.init()
        gammaURL = try environment.url("POLYMARKET_GAMMA_URL", default: gammaURL)
        clobURL = try environment.url("POLYMARKET_CLOB_URL", default: clobURL)
        dataURL = try environment.url("POLYMARKET_DATA_URL", default: dataURL)
        maxAttempts = try environment.int("POLYMARKET_MAX_ATTEMPTS", default: maxAttempts, range: 1...20)
        requestTimeout = try environment.double("POLYMARKET_TIMEOUT_S", default: requestTimeout, range: 0.1...600)
        rateLimitScale = try environment.double("POLYMARKET_RATE_LIMIT_SCALE", default: rateLimitScale, range: 0.01...1_000)
        breakerFailureThreshold = try environment.int("POLYMARKET_BREAKER_THRESHOLD", default: breakerFailureThreshold, range: 1...1_000)
        breakerCooldown = try environment.double("POLYMARKET_BREAKER_COOLDOWN_S", default: breakerCooldown, range: 0.01...3_600)
    }
}
