import PrescientCore
import Testing

@Suite("JSONSlicer: several members in one pass")
struct JSONSlicerValuesTests {
    static func text(_ slicer: JSONSlicer, _ range: Range<Int>?) -> String? {
        range.map { String(decoding: slicer.bytes[$0], as: UTF8.self) }
    }

    /// Top-level members only (a nested `"a"` is not the object's), the first of a repeated
    /// key, nil for a missing one, values of every JSON kind.
    @Test func valuesOfSeveralKeys_areTheTopLevelMembers_firstOfEachName() throws {
        let json = #" {"nested": {"a": 1, "b": [2]}, "a": "x\"y", "b": [1, {"a": 2}], "c": null, "a": 9, "d": true} "#
        let slicer = JSONSlicer(Array(json.utf8))
        let root = try #require(slicer.root)
        let found = try #require(slicer.values(of: ["a", "b", "c", "d", "missing", "nested"], inObject: root))
        #expect(found.map { Self.text(slicer, $0) } == [#""x\"y""#, #"[1, {"a": 2}]"#, "null", "true", nil, #"{"a": 1, "b": [2]}"#])
    }

    @Test func anEmptyObject_hasNoValues_andANonObjectOrABrokenOneHasNone() throws {
        let empty = JSONSlicer(Array("{ }".utf8))
        #expect(empty.values(of: ["a"], inObject: try #require(empty.root)) == [nil])
        let array = JSONSlicer(Array("[1, 2]".utf8))
        #expect(array.values(of: ["a"], inObject: try #require(array.root)) == nil)
        let broken = JSONSlicer(Array(#"{"a" 1}"#.utf8))
        #expect(broken.values(of: ["a"], inObject: 0..<broken.bytes.count) == nil)
        // Broken after the member asked for: the object as a whole is not one, so no values.
        let brokenLater = JSONSlicer(Array(#"{"a": 1, "b" 2}"#.utf8))
        #expect(brokenLater.values(of: ["a"], inObject: 0..<brokenLater.bytes.count) == nil)
    }

    @Test func aKeyAskedForTwice_getsTheFirstMemberInBothSlots() throws {
        let slicer = JSONSlicer(Array(#"{"a":1,"a":2}"#.utf8))
        let root = try #require(slicer.root)
        let found = try #require(slicer.values(of: ["a", "a"], inObject: root))
        #expect(found.map { Self.text(slicer, $0) } == ["1", "1"])
    }
}
