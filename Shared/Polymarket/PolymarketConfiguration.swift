/// Where the Polymarket APIs live and how hard to try.
public struct PolymarketConfiguration: Sendable {
    public var gammaURL: String = "https://gamma-api.polymarket.com"
    public var clobURL: String = "https://clob.polymarket.com"
    public var dataURL: String = "https://data-api.polymarket.com"
    /// Attempts per call, the first included.
    public var maxAttempts: Int = 4
    /// First backoff in seconds; doubled per attempt, with full jitter, capped at `maxBackoff`.
    public var baseBackoff: Double = 0.2
    public var maxBackoff: Double = 5
    /// Per-request timeout in seconds.
    public var requestTimeout: Double = 30
    public var breakerFailureThreshold: Int = 5
    public var breakerCooldown: Double = 10
    /// Scales every published rate limit (tests and simulators may raise it).
    public var rateLimitScale: Double = 1

    public init() {}
}

/// Polymarket's endpoint families and their published limits (requests per 10 s).
public enum EndpointFamily: String, Sendable, CaseIterable {
    case gammaEvents = "gamma_events"
    case gammaMarkets = "gamma_markets"
    case clobBook = "clob_book"
    case clobBooks = "clob_books"
    case clobPricing = "clob_pricing"
    case clobPricesHistory = "clob_prices_history"
    case dataTrades = "data_trades"
    case dataPositions = "data_positions"
    case dataClosedPositions = "data_closed_positions"
    case dataOther = "data_other"

    public var requestsPerTenSeconds: Int {
        switch self {
        case .gammaEvents: return 500
        case .gammaMarkets: return 300
        case .clobBook: return 1_500
        case .clobBooks: return 500
        case .clobPricing: return 1_500
        case .clobPricesHistory: return 1_000
        case .dataTrades: return 200
        case .dataPositions, .dataClosedPositions: return 150
        // The Data API's general limit.
        case .dataOther: return 1_000
        }
    }

    /// Which API (and so which circuit breaker) the family belongs to.
    public var api: String {
        switch self {
        case .gammaEvents, .gammaMarkets: return "gamma"
        case .clobBook, .clobBooks, .clobPricing, .clobPricesHistory: return "clob"
        case .dataTrades, .dataPositions, .dataClosedPositions, .dataOther: return "data"
        }
    }
}
