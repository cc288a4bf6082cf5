/// The strategies a portfolio can run; each has its own service (see ports.md).
public enum StrategyType: String, Codable, Sendable, CaseIterable {
    case momentum
    case meanReversion = "mean_reversion"
    case arbitrage
    case hybrid
    case smartMoney = "smart_money"
    case liveMomentum = "live_momentum"
    case weather

    /// Whether a signal's confidence is the probability the strategy gives its side (the weather
    /// strategy's forecast); the others' confidence is a score, judged by markouts.
    public var impliesProbability: Bool { self == .weather }

    /// The default base URL of the strategy's service.
    public var defaultURL: String {
        switch self {
        case .momentum: return "http://127.0.0.1:8002"
        case .meanReversion: return "http://127.0.0.1:8005"
        case .arbitrage: return "http://127.0.0.1:8006"
        case .hybrid: return "http://127.0.0.1:8007"
        case .smartMoney: return "http://127.0.0.1:8009"
        case .liveMomentum: return "http://127.0.0.1:8011"
        case .weather: return "http://127.0.0.1:8013"
        }
    }

    /// The environment variable overriding that URL.
    public var urlVariable: String {
        switch self {
        case .momentum: return "MOMENTUM_URL"
        case .meanReversion: return "MEAN_REVERSION_URL"
        case .arbitrage: return "ARBITRAGE_URL"
        case .hybrid: return "HYBRID_URL"
        case .smartMoney: return "SMART_MONEY_URL"
        case .liveMomentum: return "LIVE_MOMENTUM_URL"
        case .weather: return "WEATHER_URL"
        }
    }
}
