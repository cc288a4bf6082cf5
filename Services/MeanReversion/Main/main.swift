import ServiceKit
import Strategies
import StrategyKit

ServiceMain.run(name: "mean-reversion", portVariable: "MEAN_REVERSION_PORT", defaultPort: 8005) { context in
    try StrategyService.routes(context: context, strategy: MeanReversionStrategy())
}
