import ServiceKit
import Strategies
import StrategyKit

ServiceMain.run(name: "hybrid", portVariable: "HYBRID_PORT", defaultPort: 8007) { context in
    try StrategyService.routes(context: context, strategy: HybridStrategy())
}
