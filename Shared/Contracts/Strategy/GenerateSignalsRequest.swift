/// `POST /strategy/generate-signals` body: which portfolio, for which cycle.
public typealias GenerateSignalsRequest = PortfolioCycle
