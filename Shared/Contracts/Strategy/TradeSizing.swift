import Foundation

/// How a strategy call sized its buys: the dollars per trade, the method and its inputs.
public struct TradeSizing: Codable, Sendable, Equatable {
    public var amount: Decimal
    /// `fixed`, `percent_of_equity` or `kelly`.
    public var method: String
    /// The figures the amount came from, in one line.
    public var basis: String

    public init(amount: Decimal, method: String, basis: String) {
        self.amount = amount
        self.method = method
        self.basis = basis
    }
}
