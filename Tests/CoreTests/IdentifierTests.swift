import Foundation
import PrescientCore
import Testing

@Suite("Typed identifiers")
struct IdentifierTests {
    struct Carrier: Codable, Equatable {
        var portfolio_id: PortfolioID
        var cycle_id: CycleID?
    }

    /// The wire shape does not change: an id is its raw number or string, as before it was typed.
    @Test func identifiers_encodeAsTheirRawValues_andDecodeBack() throws {
        let carrier = Carrier(portfolio_id: 42, cycle_id: "c-7")
        let json = String(decoding: try JSONEncoder().encode(carrier), as: UTF8.self)
        #expect(json.contains(#""portfolio_id":42"#) && json.contains(#""cycle_id":"c-7""#), "\(json)")
        #expect(try JSONDecoder().decode(Carrier.self, from: Data(#"{"portfolio_id":9,"cycle_id":null}"#.utf8)) == Carrier(portfolio_id: 9))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Carrier.self, from: Data(#"{"portfolio_id":"9"}"#.utf8))
        }
    }

    @Test func identifiers_printAsTheirRawValues_andParseOnlyIntegers() {
        #expect("\(PortfolioID(7))" == "7")
        #expect("\(CycleID("manual-1"))" == "manual-1")
        let parsed: [PortfolioID?] = ["12", "12x", "", "-3"].map(PortfolioID.init(_:))
        #expect(parsed == [PortfolioID(12), nil, nil, PortfolioID(-3)])
        #expect(PortfolioID(3) < PortfolioID(10))
    }

    @Test func uniqueCycleIDs_carryTheirPrefix_andDoNotRepeat() {
        let ids = (0..<1_000).map { _ in CycleID.unique("c-") }
        #expect(Set(ids).count == 1_000)
        #expect(ids.allSatisfy { $0.rawValue.hasPrefix("c-") && $0.rawValue.count == 2 + 36 })
    }
}
