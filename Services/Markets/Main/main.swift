import MarketsService
import ServiceKit

ServiceMain.run(name: "markets", portVariable: "MARKETS_PORT", defaultPort: 8001) { context in
    try MarketsService.routes(context: context)
}
