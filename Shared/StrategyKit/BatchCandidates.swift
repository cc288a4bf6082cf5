import PrescientCore

/// The candidate markets that several portfolios of one batch share (same filters), and a memo
/// of what is computed from them, so a batch of 250 portfolios computes each thing once per
/// distinct filter instead of once per portfolio.
public struct BatchCandidates: Sendable {
    /// Identifies the filters that produced `markets`.
    let key: String
    let markets: [CandidateMarket]
    let memo: BatchMemo
}

/// Values computed once per batch call, by key.
final class BatchMemo: Sendable {
    private let values = Locked<[String: any Sendable]>([:])

    /// The value stored under `key`, computing and storing it the first time.
    func value<Value: Sendable>(_ key: String, compute: () throws -> Value) rethrows -> Value {
        if let stored = values.value[key] as? Value { return stored }
        let computed = try compute()
        values.mutate { $0[key] = computed }
        return computed
    }
}
