import Foundation
import HTTPServer
import PrescientCore

/// The whole body of a service executable: read configuration, build, serve until SIGTERM/SIGINT,
/// drain, exit 0. A bad configuration value exits 1 with a one-line message naming the variable.
public enum ServiceMain {
    public static func run(
        name: String, portVariable: String, defaultPort: Int, usesDatabase: Bool = true,
        routes: (ServiceContext) throws -> ServiceRoutes
    ) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let environment = EnvironmentReader()
        let host: ServiceHost
        do {
            let configuration = try ServiceConfiguration(
                name: name, portVariable: portVariable, defaultPort: defaultPort, usesDatabase: usesDatabase,
                environment: environment)
            host = try ServiceHost(configuration: configuration, environment: environment, routes: routes)
            try host.start()
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            exit(1)
        }
        let stopRequested = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stopRequested.signal() }
            source.resume()
            sources.append(source)
        }
        stopRequested.wait()
        host.stop()
        _ = sources
        exit(0)
    }
}
