/// `POST /smart-money/scan`: one pass of the scanner.
public struct SmartMoneyScanResult: Codable, Sendable, Equatable {
    public var scanID: Int64
    /// Markets discovered and scanned at Level 1 in this pass (not scanned in the last hour).
    public var marketsScanned: Int
    /// `/v1/market-positions` requests at Level 1 and at Level 2.
    public var level1Calls: Int
    public var level2Calls: Int
    /// Wallet profiles read at Level 2, and the Data API and Gamma requests that took.
    public var profilesRefreshed: Int
    public var profileCalls: Int
    public var gammaCalls: Int
    /// Condition ids of the new Top 33 and Top 12, best first.
    public var top33: [String]
    public var top12: [String]
    public var durationMilliseconds: Int
    /// The least time those requests take at Polymarket's published rates: the calls of each
    /// rate-limited family over its rate, phase after phase.
    public var rateFloorSeconds: Double

    public init(
        scanID: Int64, marketsScanned: Int, level1Calls: Int, level2Calls: Int, profilesRefreshed: Int, profileCalls: Int, gammaCalls: Int,
        top33: [String], top12: [String], durationMilliseconds: Int, rateFloorSeconds: Double
    ) {
        self.scanID = scanID
        self.marketsScanned = marketsScanned
        self.level1Calls = level1Calls
        self.level2Calls = level2Calls
        self.profilesRefreshed = profilesRefreshed
        self.profileCalls = profileCalls
        self.gammaCalls = gammaCalls
        self.top33 = top33
        self.top12 = top12
        self.durationMilliseconds = durationMilliseconds
        self.rateFloorSeconds = rateFloorSeconds
    }

    enum CodingKeys: String, CodingKey {
        case scanID = "scan_id", marketsScanned = "markets_scanned", level1Calls = "level1_calls", level2Calls = "level2_calls"
        case profilesRefreshed = "profiles_refreshed", profileCalls = "profile_calls", gammaCalls = "gamma_calls", top33, top12
        case durationMilliseconds = "duration_ms", rateFloorSeconds = "rate_floor_s"
    }
}
