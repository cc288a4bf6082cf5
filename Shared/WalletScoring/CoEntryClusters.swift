import Foundation

/// Wallets of one owner, found the way they give themselves away (`polymarket-wallet-api.md`
/// §3.7): on the same side of a market, entering within minutes of each other in near-equal
/// sizes. Linked holders form one cluster (union–find), named after its first wallet. Two
/// wallets alone are not enough: among a few dozen holders two strangers land within minutes in
/// similar sizes now and then (seen on the simulated population), three rarely.
public enum CoEntryClusters {
    /// The cluster of each holder that has one, by wallet. `window` is in seconds; sizes are
    /// near-equal when within `sizeTolerance` (a share) of the larger.
    public static func detect(
        _ holders: [SmartMoneyHolder], window: Int64 = 300, sizeTolerance: Decimal = Decimal(string: "0.02")!, minimumMembers: Int = 3
    ) -> [String: String] {
        var parent = Array(holders.indices)
        func root(_ index: Int) -> Int {
            var node = index
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        let dated = holders.indices.filter { holders[$0].enteredAt != nil }.sorted { holders[$0].enteredAt! < holders[$1].enteredAt! }
        for (position, first) in dated.enumerated() {
            for second in dated[(position + 1)...] {
                let a = holders[first], b = holders[second]
                if b.enteredAt! - a.enteredAt! > window { break }
                let larger = max(a.size, b.size)
                guard a.yes == b.yes, larger > 0, abs(a.size - b.size) <= larger * sizeTolerance else { continue }
                parent[root(second)] = root(first)
            }
        }
        let groups = Dictionary(grouping: holders.indices, by: root).values.filter {
            Set($0.map { holders[$0].wallet }).count >= minimumMembers
        }
        var result: [String: String] = [:]
        for group in groups {
            let name = "cluster-" + group.map { holders[$0].wallet }.min()!
            for index in group { result[holders[index].wallet] = name }
        }
        return result
    }
}
