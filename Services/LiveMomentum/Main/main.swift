import LiveMomentumService
import ServiceKit
import StrategyKit

ServiceMain.run(name: "live-momentum", portVariable: "LIVE_MOMENTUM_PORT", defaultPort: 8011) { context in
    try StrategyService.routes(
        context: context, strategy: LiveMomentumStrategy(board: LiveSignalBoard(pool: try context.requireDatabase())))
}
