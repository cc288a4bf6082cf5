import ServiceKit
import Strategies
import StrategyKit

ServiceMain.run(name: "momentum", portVariable: "MOMENTUM_PORT", defaultPort: 8002) { context in
    try StrategyService.routes(context: context, strategy: MomentumStrategy())
}
