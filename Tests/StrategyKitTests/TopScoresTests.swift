import Foundation
import StrategyKit
import Testing

@Suite("Top scores")
struct TopScoresTests {
    /// Against the independent oracle: a full sort by descending score, ties by position.
    @Test func selection_matchesAStableSortByDescendingScore() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let count = Int.random(in: 0...60, using: &generator)
            // Few distinct scores, so ties are common.
            let scored = (0..<count).map { index in
                (score: Decimal(Int.random(in: -3...6, using: &generator)) / 4, signal: index)
            }
            for keep in [0, 1, 3, 8, count, count + 5] {
                let oracle = scored.enumerated().sorted { a, b in
                    a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
                }.prefix(keep).map(\.element.signal)
                let selected = TopScores.select(scored, count: keep).map(\.signal)
                #expect(selected == Array(oracle), "round \(round), keep \(keep), scores \(scored.map(\.score))")
            }
        }
    }
}
