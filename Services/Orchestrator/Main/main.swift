import OrchestratorService
import ServiceKit

ServiceMain.run(name: "orchestrator", portVariable: "ORCHESTRATOR_PORT", defaultPort: 8004) { context in
    try OrchestratorService.routes(context: context)
}
