import EventsService
import ServiceKit

ServiceMain.run(name: "events", portVariable: "EVENTS_PORT", defaultPort: 8000) { context in
    try EventsService.routes(context: context)
}
