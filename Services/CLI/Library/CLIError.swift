import ArgumentParser

/// Why a command failed, with the exit code scripts can trust: 1 a service refused or failed the
/// request (its error code and message are printed), 2 the answer says something is wrong (books
/// that do not reconcile, a run with failed portfolios), 3 a service could not be reached. Bad
/// usage (unknown flags, bad numbers) exits 64, as argument-parser does.
public struct CLIError: Error, CustomStringConvertible {
    public let message: String
    public let exitCode: ExitCode

    public var description: String { message }

    static func refused(status: Int, code: String, message: String) -> CLIError {
        CLIError(message: Output.printable("\(code) (HTTP \(status)): \(message)"), exitCode: ExitCode(1))
    }

    static func notOK(_ message: String) -> CLIError { CLIError(message: Output.printable(message), exitCode: ExitCode(2)) }

    static func unreachable(_ url: String, _ detail: String) -> CLIError {
        CLIError(message: Output.printable("cannot reach \(url): \(detail)"), exitCode: ExitCode(3))
    }
}
