import Foundation

/// The highest-scored elements of a list without sorting it.
public enum TopScores {
    /// The `count` elements of `scored` with the highest scores, highest first; of equal scores
    /// the earlier comes first (as a stable sort by descending score would order them).
    public static func select<Element>(_ scored: [(score: Decimal, signal: Element)], count: Int) -> [(score: Decimal, signal: Element)] {
        guard count > 0 else { return [] }
        var top: [(score: Decimal, signal: Element)] = []
        top.reserveCapacity(count + 1)
        for candidate in scored {
            // Most candidates score no higher than the current last place: one comparison each.
            if top.count == count, let last = top.last, !(candidate.score > last.score) { continue }
            // After every kept element with a score at least as high (stable among equals).
            let place = top.firstIndex { candidate.score > $0.score } ?? top.count
            top.insert(candidate, at: place)
            if top.count > count { top.removeLast() }
        }
        return top
    }
}
