import Contracts
import Foundation
import Portfolios
import PrescientCore

extension Portfolio {
    /// A portfolio for tests as the executor sees it: `balance` in cash and nothing invested, a
    /// momentum strategy with `config` (its defaults elsewhere), named after its id.
    public static func make(
        id: PortfolioID, balance: Decimal = 1_000, strategy: StrategyType = .momentum, config: [String: JSONValue] = [:],
        status: Status = .active
    ) -> Portfolio {
        Portfolio(id: id, name: "p\(id)", strategyType: strategy, strategyConfig: config, initialBalance: balance, status: status)
    }
}
