import ServiceKit
import Strategies
import StrategyKit

ServiceMain.run(name: "arbitrage", portVariable: "ARBITRAGE_PORT", defaultPort: 8006) { context in
    try StrategyService.routes(context: context, strategy: ArbitrageStrategy())
}
