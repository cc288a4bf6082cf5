import Foundation
import PrescientCore

/// What a strategy service reads for every portfolio of a cycle, read once: the tradable universe
/// and the negRisk groups (each decoded once per version of the `markets` table) and the price moves of its tokens (once per
/// clock reading, version of `market_snapshots` and cut-off). Twenty-five portfolios of one
/// strategy then filter memory instead of each querying and decoding thousands of rows.
final class MarketPoolCache: Sendable {
    struct Universe: Sendable {
        let version: String
        let markets: [CandidateMarket]
        /// Both tokens of every market.
        let tokens: Set<String>

        init(version: String, markets: [CandidateMarket]) {
            self.version = version
            self.markets = markets
            tokens = Set(markets.flatMap { [$0.yesTokenID, $0.noTokenID] })
        }
    }

    /// The price changes of one reading of the clock and the snapshots (`generation`), by cut-off:
    /// portfolios with different lookbacks in one cycle each find theirs (one entry kept before
    /// made them take turns reloading the universe).
    struct Moves: Sendable {
        let generation: String
        var changes: [String: [String: PriceChange]]
    }

    /// Every open market of every negRisk group, by group, for one version of `markets`.
    struct NegRiskIndex: Sendable {
        let version: String
        let groups: [String: [CandidateMarket]]
    }

    /// The universe's markets passing one set of value filters, by filter, for one version.
    struct Filtered: Sendable {
        let version: String
        var markets: [String: [CandidateMarket]]
    }

    private let universe = Locked<Universe?>(nil)
    private let filtered = Locked<Filtered?>(nil)
    private let moves = Locked<Moves?>(nil)
    private let negRisk = Locked<NegRiskIndex?>(nil)
    /// Serialises loads, so concurrent portfolios wait for one load instead of each running it.
    private let loading = NSLock()

    /// The cached universe of `version`, loading it with `load` when the version moved on.
    func universe(version: String, load: () throws -> [CandidateMarket]) rethrows -> Universe {
        if let cached = universe.value, cached.version == version { return cached }
        loading.lock()
        defer { loading.unlock() }
        if let cached = universe.value, cached.version == version { return cached }
        let loaded = Universe(version: version, markets: try load())
        universe.mutate { $0 = loaded }
        return loaded
    }

    /// The markets of universe `version` passing the filters named `key`, computing them with
    /// `filter` the first time (several portfolios computing the same one at once is harmless).
    func filtered(version: String, key: String, filter: () -> [CandidateMarket]) -> [CandidateMarket] {
        if let cached = filtered.value, cached.version == version, let markets = cached.markets[key] { return markets }
        let markets = filter()
        filtered.mutate { stored in
            if stored?.version != version { stored = Filtered(version: version, markets: [:]) }
            stored?.markets[key] = markets
        }
        return markets
    }

    /// The cached price changes of `generation` at `cutoff`, loading them with `load` the first
    /// time; a new generation forgets the old one's.
    func moves(generation: String, cutoff: String, load: () throws -> [String: PriceChange]) rethrows -> [String: PriceChange] {
        if let cached = moves.value, cached.generation == generation, let changes = cached.changes[cutoff] { return changes }
        loading.lock()
        defer { loading.unlock() }
        if let cached = moves.value, cached.generation == generation, let changes = cached.changes[cutoff] { return changes }
        let changes = try load()
        moves.mutate { stored in
            if stored?.generation != generation { stored = Moves(generation: generation, changes: [:]) }
            stored?.changes[cutoff] = changes
        }
        return changes
    }

    /// The cached negRisk groups of `version`, loading them with `load` when the version moved on.
    func negRiskGroups(version: String, load: () throws -> [CandidateMarket]) rethrows -> [String: [CandidateMarket]] {
        if let cached = negRisk.value, cached.version == version { return cached.groups }
        loading.lock()
        defer { loading.unlock() }
        if let cached = negRisk.value, cached.version == version { return cached.groups }
        let groups = Dictionary(grouping: try load()) { $0.negRiskMarketID ?? "" }
        negRisk.mutate { $0 = NegRiskIndex(version: version, groups: groups) }
        return groups
    }
}

/// A token's latest snapshot price and the one a lookback earlier (nil when the history is shorter).
public struct PriceChange: Sendable {
    public let now: Decimal
    public let then: Decimal?
}
