import Foundation
import MarketData
import Polymarket
import PrescientCore
import TestSupport
import Testing

@Suite("Market categories by keyword")
struct MarketCategorizerTests {
    @Test(arguments: [
        ("Bitcoin Up or Down - March 11, 3PM ET", "crypto"),
        ("Will US Cremonese vs. ACF Fiorentina end in a draw?", "sports"),
        ("Will the S&P 500 close above 6000?", "finance"),
        ("Trump’s approval rating above 45%?", "politics"),
        ("Will it rain in München on Friday?", "weather"),
        ("Élection présidentielle: who wins?", "other"),
        ("Highest temperature in NYC on June 20?", "weather"),
        ("", "other"),
    ])
    func knownTitles(title: String, category: String) {
        #expect(MarketCategorizer.category(eventTitle: title, eventSlug: nil, question: nil) == category)
    }

    /// The byte-level path for ASCII text decides exactly as the Unicode path does, on every
    /// recorded market of the 500-market and top-20-events files.
    @Test func asciiFastPath_agreesWithTheUnicodePathOnRecordedMarkets() throws {
        let directory = TestEnvironment.fixturesDirectory
        let markets = try JSONDecoder().decode(
            [GammaMarket].self, from: Data(try Gzip.readFile(directory + "/gamma-markets/markets_active_first500_2026-03-11.json")))
        let events = try JSONDecoder().decode(
            [GammaEvent].self, from: Data(try Gzip.readFile(directory + "/gamma-events/events_top20_mixed_2025-03-05.json")))
        var texts: [(String?, String?, String?)] = markets.map { ($0.events?.first?.title, $0.events?.first?.slug, $0.question) }
        for event in events {
            texts += (event.markets ?? []).map { (event.title, event.slug, $0.question) }
        }
        #expect(texts.count == 839)
        var categories: Set<String> = []
        for (title, slug, question) in texts {
            let joined = [title, slug, question].compactMap { $0 }.joined(separator: " ")
            let expected = MarketCategorizer.categoryByUnicodeWords(joined)
            let category = MarketCategorizer.category(eventTitle: title, eventSlug: slug, question: question)
            #expect(category == expected, "\(joined)")
            categories.insert(category)
        }
        #expect(categories.count >= 6)
    }
}
