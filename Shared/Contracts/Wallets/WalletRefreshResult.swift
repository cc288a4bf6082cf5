/// `POST /wallets/refresh`: what one refresh read and rebuilt.
public struct WalletRefreshResult: Codable, Sendable, Equatable {
    public var requested: Int
    /// Wallets whose profile was rebuilt.
    public var refreshed: Int
    /// Wallets with no activity at all (nothing stored).
    public var withoutActivity: Int
    /// Wallets whose activity could not be read, with the error (their last profile stays).
    public var failed: [Failure]
    public var fills: Int
    /// Data API and Gamma requests made.
    public var dataCalls: Int
    public var gammaCalls: Int
    public var durationMilliseconds: Int

    public struct Failure: Codable, Sendable, Equatable {
        public var address: String
        public var error: String

        public init(address: String, error: String) {
            self.address = address
            self.error = error
        }
    }

    public init(
        requested: Int, refreshed: Int, withoutActivity: Int, failed: [Failure], fills: Int, dataCalls: Int, gammaCalls: Int,
        durationMilliseconds: Int
    ) {
        self.requested = requested
        self.refreshed = refreshed
        self.withoutActivity = withoutActivity
        self.failed = failed
        self.fills = fills
        self.dataCalls = dataCalls
        self.gammaCalls = gammaCalls
        self.durationMilliseconds = durationMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case requested, refreshed, withoutActivity = "without_activity", failed, fills, dataCalls = "data_calls"
        case gammaCalls = "gamma_calls", durationMilliseconds = "duration_ms"
    }
}
