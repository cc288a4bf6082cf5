import Foundation
import PrescientCore

/// Where the test run's resources are: set by `scripts/test`.
public enum TestEnvironment {
    /// Admin URL of the throwaway cluster (`PRESCIENT_TEST_DATABASE_URL`).
    public static var databaseAdminURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["PRESCIENT_TEST_DATABASE_URL"], !url.isEmpty else {
                throw TestSetupError("PRESCIENT_TEST_DATABASE_URL is not set: run the tests through scripts/test")
            }
            return url
        }
    }

    /// Folder of the built service executables (`PRESCIENT_BIN_DIR`).
    public static var binDirectory: String {
        get throws {
            guard let path = ProcessInfo.processInfo.environment["PRESCIENT_BIN_DIR"], !path.isEmpty else {
                throw TestSetupError("PRESCIENT_BIN_DIR is not set: run the tests through scripts/test")
            }
            return path
        }
    }

    /// The recorded Polymarket payloads shipped with the project.
    public static var fixturesDirectory: String {
        if let path = ProcessInfo.processInfo.environment["PRESCIENT_FIXTURES_DIR"], !path.isEmpty { return path }
        return repositoryRoot + "/Fixtures/polymarket"
    }

    /// The project's folder (Tests/TestSupport/TestEnvironment.swift → the root).
    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

/// The test run is missing something it needs; the message says what.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
