import Foundation

/// Child processes through `posix_spawn` and `waitpid`: Foundation's `Process` waits badly on a
/// tool that leaves a daemon behind (pg_ctl) and on a server it has signalled.
public enum Subprocess {
    /// Starts `argv` with its output (stdout and stderr) in `outputPath` and stdin from /dev/null.
    public static func spawn(_ argv: [String], outputPath: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw TestSetupError("\(argv[0]) could not start: errno \(spawned)") }
        return pid
    }

    /// Runs `argv` to its end and returns what it printed; throws when it exits non-zero.
    @discardableResult
    public static func run(_ argv: [String]) throws -> String {
        let logPath = NSTemporaryDirectory() + "prescient-subprocess-\(UUID().uuidString.prefix(8)).log"
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let pid = try spawn(argv, outputPath: logPath)
        let status = wait(pid)
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        guard status == 0 else { throw TestSetupError("\(argv[0]) failed (\(status)): \(text)") }
        return text
    }

    /// Sends `signal` (SIGTERM by default; some servers, nghttpd among them, ignore it) and waits
    /// for the process to end.
    public static func terminate(_ pid: pid_t, signal: Int32 = SIGTERM) {
        kill(pid, signal)
        _ = wait(pid)
    }

    /// The raw wait status once `pid` ended.
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}
