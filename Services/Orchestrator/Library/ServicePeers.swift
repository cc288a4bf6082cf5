import Portfolios
import ServiceClients

/// The services the orchestrator calls, each through its typed client.
struct ServicePeers: Sendable {
    let events: EventsClient
    let markets: MarketsClient
    let paperTrading: PaperTradingClient
    let strategies: [StrategyType: StrategyClient]

    init(configuration: OrchestratorConfiguration, caller: ServiceCaller) {
        events = EventsClient(baseURL: configuration.eventsURL, caller: caller)
        markets = MarketsClient(baseURL: configuration.marketsURL, caller: caller)
        paperTrading = PaperTradingClient(baseURL: configuration.paperTradingURL, caller: caller)
        strategies = configuration.strategyURLs.mapValues { StrategyClient(baseURL: $0, caller: caller) }
    }
}
