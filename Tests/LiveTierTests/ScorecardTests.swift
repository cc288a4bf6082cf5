import Foundation
import LiveTier
import Testing

/// Scorecard figures on a fixed set of four signals, each worked out by hand (see the comments).
@Suite("Scorecards")
struct ScorecardTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    var scores: [SignalScore] {
        [
            SignalScore(
                side: .buy, entryBid: d("0.48"), entryAsk: d("0.52"), entryMid: d("0.50"), impliedProbability: d("0.60"),
                mid5m: d("0.51"), mid15m: d("0.55"), mid60m: d("0.58"), outcome: 1, realizedPnl: 5),
            SignalScore(
                side: .buy, entryBid: d("0.29"), entryAsk: d("0.31"), entryMid: d("0.30"), impliedProbability: d("0.40"),
                mid5m: d("0.30"), mid15m: d("0.305"), mid60m: d("0.25"), outcome: 0),
            SignalScore(
                side: .sell, entryBid: d("0.69"), entryAsk: d("0.71"), entryMid: d("0.70"), impliedProbability: d("0.65"),
                mid5m: d("0.68"), mid15m: d("0.60"), mid60m: d("0.65"), outcome: 0, realizedPnl: d("-2.5")),
            SignalScore(side: .buy, entryBid: nil, entryAsk: nil, entryMid: d("0.20"), impliedProbability: d("0.25")),
        ]
    }

    func close(_ value: Double?, _ expected: Double, _ tolerance: Double = 1e-6) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < tolerance
    }

    @Test func hitRateAndMarkouts_matchTheHandComputation() {
        let card = Scorecard(scores)
        #expect(card.signals == 4)
        // Net of the spread after 15 min: 0.55 − 0.52 = +0.03, 0.305 − 0.31 = −0.005, 0.69 − 0.60 = +0.09.
        #expect(card.scored15m == 3 && card.hits15m == 2)
        #expect(close(card.hitRate15m, 2.0 / 3.0))
        // Wilson, z = 1.96, 2 of 3: (1.306912 ∓ 0.833353) / 2.280488.
        #expect(close(card.hitRateLow, 0.207659, 1e-5))
        #expect(close(card.hitRateHigh, 0.938509, 1e-5))
        // Mid to mid in the signal's favour: +5 (0.01, 0, 0.02), +15 (0.05, 0.005, 0.10), +60 (0.08, −0.05, 0.05).
        #expect(close(card.meanMarkout5m, 0.01))
        #expect(close(card.meanMarkout15m, 0.155 / 3))
        #expect(close(card.meanMarkout60m, 0.08 / 3))
        #expect(close(card.meanNetMarkout15m, 0.115 / 3))
        #expect(card.traded == 2 && card.realizedPnl == d("2.5"))
    }

    @Test func brierScoreItsDecompositionAndSkill_matchTheHandComputation() {
        let card = Scorecard(scores)
        #expect(card.resolved == 3)
        // (0.6 − 1)² + 0.4² + 0.65² = 0.16 + 0.16 + 0.4225 = 0.7425, over 3.
        #expect(close(card.brier, 0.2475))
        // The market's mids: 0.5² + 0.3² + 0.7² = 0.83, over 3.
        #expect(close(card.brierMarket, 0.83 / 3))
        #expect(close(card.brierSkill, 1 - 0.2475 / (0.83 / 3)))
        // Bins: [0.6, 0.7) holds 0.60 (won) and 0.65 (lost): mean p 0.625, mean o 0.5; [0.4, 0.5)
        // holds 0.40 (lost). Base rate 1/3.
        // REL = (2 × 0.125² + 0.4²) / 3; RES = (2 × (0.5 − 1/3)² + (1/3)²) / 3; UNC = 2/9.
        #expect(close(card.reliability, (2 * 0.015625 + 0.16) / 3))
        #expect(close(card.resolution, (2 * (1.0 / 6) * (1.0 / 6) + 1.0 / 9) / 3))
        #expect(close(card.uncertainty, 2.0 / 9))
    }

    @Test func aForecastSharperThanTheMarket_hasPositiveSkill_andTheMarketItselfHasNone() {
        let won = SignalScore(side: .buy, entryBid: nil, entryAsk: nil, entryMid: d("0.5"), impliedProbability: d("0.8"), outcome: 1)
        let lost = SignalScore(side: .buy, entryBid: nil, entryAsk: nil, entryMid: d("0.5"), impliedProbability: d("0.2"), outcome: 0)
        // (0.2² + 0.2²)/2 = 0.04 against 0.25: skill 0.84.
        #expect(close(Scorecard([won, lost]).brierSkill, 0.84))
        let echo = SignalScore(side: .buy, entryBid: nil, entryAsk: nil, entryMid: d("0.5"), impliedProbability: d("0.5"), outcome: 1)
        #expect(close(Scorecard([echo]).brierSkill, 0))
        #expect(Scorecard([]).hitRate15m == nil && Scorecard([]).brier == nil)
    }
}
