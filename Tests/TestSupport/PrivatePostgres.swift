import Foundation

/// A PostgreSQL cluster of a test's own, for tests that stop or restart the server (the shared
/// throwaway cluster serves every other test at once). Initialised in a temporary folder, owned
/// by the `postgres` user when the tests run as root (`initdb` refuses root), on a free port.
public final class PrivatePostgres: @unchecked Sendable {
    // Safe because every stored property is immutable after init; the cluster itself is driven by processes.
    public let port: Int
    let directory: String
    let binDirectory: String

    /// `postgresql://postgres@127.0.0.1:<port>/postgres`
    public var adminURL: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    public init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else { throw TestSetupError("no PostgreSQL under /usr/lib/postgresql") }
        binDirectory = "/usr/lib/postgresql/\(newest)/bin"
        port = try ServiceProcess.freePort()
        directory = NSTemporaryDirectory() + "prescient-private-pg-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0, let owner = getpwnam("postgres") {
            chown(directory, owner.pointee.pw_uid, owner.pointee.pw_gid)
        }
        chmod(directory, 0o700)
        try run("initdb", ["-D", directory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
        try start()
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        try run(
            "pg_ctl",
            [
                "-D", directory, "-l", directory + "/server.log", "-w", "-t", "60", "-o",
                "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200",
                "start",
            ])
    }

    /// Restarts the server (fast shutdown: every client connection is terminated).
    public func restart() throws {
        try run(
            "pg_ctl",
            [
                "-D", directory, "-m", "fast", "-w", "-t", "60", "-o",
                "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200",
                "restart",
            ])
    }

    public func stop() {
        _ = try? run("pg_ctl", ["-D", directory, "-m", "immediate", "-w", "stop"])
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a PostgreSQL tool (as `postgres` when root) and returns what it printed.
    @discardableResult
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let argv =
            getuid() == 0
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", binDirectory + "/" + tool] + arguments
            : [binDirectory + "/" + tool] + arguments
        return try Subprocess.run(argv)
    }
}
