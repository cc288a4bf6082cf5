import Foundation

/// A value guarded by a lock, for collecting results from concurrent work.
public final class Locked<Value>: @unchecked Sendable {
    // Safe because `stored` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var stored: Value

    public init(_ value: Value) { stored = value }

    public var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    /// Changes the value under the lock and returns what `body` returns.
    @discardableResult
    public func mutate<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&stored)
    }
}
