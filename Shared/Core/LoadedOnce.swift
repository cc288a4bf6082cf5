import Foundation

/// A value built on its first read and kept: for data a process may never need (a simulator's
/// recorded histories, its wallet population), so starting it does not pay for them.
///
/// Concurrent first reads build the value once; later reads return the stored value.
public final class LoadedOnce<Value: Sendable>: Sendable {
    private let box: Locked<Value?> = Locked(nil)
    private let build: @Sendable () -> Value

    /// A value `build` makes when it is first read.
    public init(_ build: @escaping @Sendable () -> Value) { self.build = build }

    /// The value, built now if this is the first read.
    public var value: Value {
        if let built = box.value { return built }
        return box.mutate { stored in
            if let built = stored { return built }
            let built = build()
            stored = built
            return built
        }
    }
}
