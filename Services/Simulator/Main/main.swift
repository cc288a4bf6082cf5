import Foundation
import ServiceKit
import SimulatorService

ServiceMain.run(name: "simulator", portVariable: "SIMULATOR_PORT", defaultPort: 8900, usesDatabase: false) { context in
    try SimulatorService.routes(context: context, arguments: CommandLine.arguments)
}
