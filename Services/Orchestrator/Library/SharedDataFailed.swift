import PrescientCore

/// Collecting shared data (the events and markets exports) failed and no recent collection
/// could stand in (502 `shared_data_failed`).
struct SharedDataFailed: DomainError, Sendable {
    let reason: String
    var kind: DomainErrorKind { .upstream }
    var code: String { "shared_data_failed" }
    var description: String { "collecting shared data failed: \(reason)" }
}
