import Foundation
import PrescientCore
import TestSupport
import Testing

/// Pages read by slicing are checked for well-formed JSON first, so a corrupted body is refused.
@Suite("JSON well-formedness check")
struct JSONWellFormednessTests {
    @Test(arguments: [
        #"{}"#, #"[]"#, #" {"a": [1, -2.5e-3, 0, 0.25, 1E+9, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"]} "#,
        #"{"events":[{"id":"1","markets":[{"id":"2","q":"Caf\u00e9 🚀"}]}],"next_cursor":"abc"}"#, #""text""#, #"-0"#,
    ])
    func validDocuments_pass(json: String) {
        #expect(JSONSlicer(Array(json.utf8)).isWellFormed)
    }

    @Test(arguments: [
        "", "{", #"{"a":1"#, #"{"a":12x3}"#, #"{"a" 1}"#, #"{"a":1,}"#, #"[1,]"#, #"[01]"#, #"[-]"#, #"[1.]"#, #"[1e]"#,
        #"[tru]"#, #"["bad \q escape"]"#, "[\"raw \u{01} control\"]", #"["\u12G4"]"#, #"{"a":1} x"#, #"{a:1}"#, #"[1 2]"#,
    ])
    func corruptedDocuments_fail(json: String) {
        #expect(!JSONSlicer(Array(json.utf8)).isWellFormed)
    }

    @Test(arguments: [
        "gamma-markets/markets_active_all_2026-03-11.json.gz", "gamma-events/events_top20_mixed_2025-03-05.json",
        "gamma-events/events_weather_snapshots_2026-06-16_to_2026-07-03.json.gz", "clob-book/books_batch_2026-03-11T21-42Z.json",
    ])
    func recordedPayloads_areWellFormed(file: String) throws {
        let bytes = try RecordedUniverse.read(file)
        #expect(JSONSlicer(bytes).isWellFormed)
        // Cutting the last byte off breaks it.
        #expect(!JSONSlicer(Array(bytes.dropLast(2))).isWellFormed)
    }
}
