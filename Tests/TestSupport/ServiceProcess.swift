import Foundation
import HTTPClient
import PrescientCore

/// A service executable running as a real process on a real port, for end-to-end tests.
public final class ServiceProcess: @unchecked Sendable {
    // Safe because the properties are set once in init; `Process` is only asked about and signalled.
    public let name: String
    public let port: Int
    public let process: Process
    public let logPath: String
    /// Free ports given to further listeners, by their port variable.
    public let extraPorts: [String: Int]
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `http://127.0.0.1:<port>` of the further listener whose port `portVariable` set.
    public func baseURL(of portVariable: String) -> String { "http://127.0.0.1:\(extraPorts[portVariable]!)" }

    /// How long `waitUntilLive` waits by default: the one given at start.
    let startupTimeout: Double

    /// Starts `executable` with `environment` (plus its port variable, and a free port in each
    /// of `extraPortVariables`) and, unless `waitUntilLive` is false, waits until `/health/live`
    /// answers, or fails with the process's log. A stack starts its services with `false` and
    /// then waits for each, so they start side by side.
    public init(
        executable: String, portVariable: String, environment: [String: String] = [:], arguments: [String] = [],
        startupTimeout: Double = 60, port fixedPort: Int? = nil, extraPortVariables: [String] = [], waitUntilLive: Bool = true
    ) throws {
        self.startupTimeout = startupTimeout
        name = executable
        port = try fixedPort ?? Self.freePort()
        extraPorts = Dictionary(uniqueKeysWithValues: try extraPortVariables.map { ($0, try Self.freePort()) })
        let binDirectory = try TestEnvironment.binDirectory
        process = Process()
        process.executableURL = URL(fileURLWithPath: binDirectory + "/" + executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        env[portVariable] = String(port)
        for (variable, extraPort) in extraPorts { env[variable] = String(extraPort) }
        env["PRESCIENT_LOG_LEVEL"] = env["PRESCIENT_LOG_LEVEL"] ?? "warning"
        process.environment = env
        logPath = NSTemporaryDirectory() + "prescient-\(executable)-\(port).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        Self.living.track(process.processIdentifier)
        if waitUntilLive { try self.waitUntilLive() }
    }

    /// Waits until `/health/live` answers 200, or fails with the process's log (stopping it).
    public func waitUntilLive() throws {
        let client = HTTPClient(connectTimeout: 1, defaultTimeout: 2)
        let deadline = Date().addingTimeInterval(startupTimeout)
        while Date() < deadline {
            if !process.isRunning {
                throw TestSetupError("\(name) exited with \(process.terminationStatus): \(readLog())")
            }
            if let response = try? client.get(baseURL + "/health/live"), response.status == 200 { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw TestSetupError("\(name) did not become live within \(startupTimeout) s: \(readLog())")
    }

    /// The process's combined output so far.
    public func readLog() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    public func stop(timeout: Double = 20) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        Self.living.forget(process.processIdentifier)
    }

    /// Every service this test process started and did not see released: killed when the test
    /// process exits, so one held for a whole suite (a `static`, never released) does not outlive it.
    static let living = LivingChildren()

    /// The pids of started services, and one exit hook that kills those still listed.
    final class LivingChildren: Sendable {
        private let pids = Locked<Set<pid_t>>([])
        private static let hook: Void = { atexit { ServiceProcess.living.killAll() } }()

        func track(_ pid: pid_t) {
            _ = Self.hook
            pids.mutate { _ = $0.insert(pid) }
        }

        func forget(_ pid: pid_t) {
            pids.mutate { _ = $0.remove(pid) }
        }

        func killAll() {
            for pid in pids.value { kill(pid, SIGKILL) }
        }
    }

    /// The next port no earlier call handed out and nothing listens on now. Ports come from a
    /// counter below the kernel's ephemeral range (32768 and up), not from binding port 0: two
    /// stacks starting at once would otherwise be handed the same freed port, and one stack's
    /// health check would be answered by the other's service.
    public static func freePort() throws -> Int {
        for _ in 0..<2_000 {
            var candidate = 0
            nextPort.mutate { value in
                value = value + 1 >= 32_000 ? 20_000 : value + 1
                candidate = value
            }
            if isBindable(candidate) { return candidate }
        }
        throw TestSetupError("no free port between 20000 and 32000")
    }

    private static let nextPort = Locked(20_000 + Int(getpid() % 100) * 100)

    private static func isBindable(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
