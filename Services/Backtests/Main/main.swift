import BacktestsService
import ServiceKit

ServiceMain.run(name: "backtests", portVariable: "BACKTESTS_PORT", defaultPort: 8012) { context in
    try BacktestsService.routes(context: context)
}
