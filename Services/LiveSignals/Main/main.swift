import LiveSignalsService
import ServiceKit

ServiceMain.run(name: "live-signals", portVariable: "LIVE_SIGNALS_PORT", defaultPort: 8010) { context in
    try LiveSignalsService.routes(context: context)
}
