import ServiceKit
import SimulatorService
import TestSupport

extension ServiceHost {
    /// The simulator in this test process serving `dataset`, its `SIM_*` settings from `environment`.
    static func simulator(dataset: String = SimulatedWorld.smallDataset, environment: [String: String] = [:]) throws -> ServiceHost {
        try startedInProcess(name: "simulator", environment: environment) { context in
            try SimulatorService.routes(context: context, arguments: ["simulator"] + SimulatedWorld.simulatorArguments(dataset))
        }
    }
}
