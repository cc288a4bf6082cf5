/// A call to another Prescient service that failed: no answer, an error answer, or an answer
/// that is not the contract's shape.
public struct ServiceCallError: Error, CustomStringConvertible, Sendable {
    public let method: String
    public let url: String
    /// The status of the answer; nil when none came.
    public let status: Int?
    /// The `error.code` of the answer's body, or `unreadable_answer`.
    public let code: String?
    public let message: String

    public var description: String {
        guard let status else { return "\(method) \(url) failed: \(message)" }
        return "\(method) \(url) answered \(status): \(message)"
    }
}
