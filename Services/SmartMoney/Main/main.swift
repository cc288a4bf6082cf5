import ServiceKit
import SmartMoneyService
import StrategyKit

ServiceMain.run(name: "smart-money", portVariable: "SMART_MONEY_PORT", defaultPort: 8009) { context in
    try StrategyService.routes(context: context, strategy: SmartMoneyStrategy(board: SmartMoneyBoard(pool: try context.requireDatabase())))
}
