import PaperTradingService
import ServiceKit

ServiceMain.run(name: "paper-trading", portVariable: "PAPER_TRADING_PORT", defaultPort: 8003) { context in
    try PaperTradingService.routes(context: context)
}
