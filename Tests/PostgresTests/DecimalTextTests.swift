import Foundation
import PrescientCore
import Testing

@Suite("Exact decimal text")
struct DecimalTextTests {
    @Test(arguments: [
        "0", "0.268", "-12.5", "80362.86028499973", "1621.93298", "0.001", "1000000", "0.0000001", "-0.5", "5",
        "0.9999992157499461281459555818896912", "12345678901234567890.123456", "007.50",
    ])
    func parseThenFormat_matchesFoundation(text: String) throws {
        let fast = try #require(DecimalText.parse(text))
        let reference = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        #expect(fast == reference)
        #expect(DecimalText.format(fast) == reference.description)
    }

    @Test func scientificNotation_isRead() {
        #expect(DecimalText.parse("1e-3") == Decimal(string: "0.001"))
        #expect(DecimalText.parse("2.5E2") == 250)
    }

    @Test(arguments: ["", "-", ".", "abc", "1.2.3", "0x10", "1,5", " 1", "NaN"])
    func garbage_isRejected(text: String) {
        #expect(DecimalText.parse(text) == nil)
    }
}
