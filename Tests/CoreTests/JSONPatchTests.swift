import PrescientCore
import Testing

/// Byte for byte: the simulator serves these payloads to clients that parse them, and the
/// bytes it does not patch must be the recorded ones.
@Suite("JSONPatch")
struct JSONPatchTests {
    static func patch(_ json: String, _ values: [String: String]) -> String {
        String(decoding: JSONPatch.replacing(values.mapValues { Array($0.utf8) }, in: Array(json.utf8)), as: UTF8.self)
    }

    @Test func existingMembers_areReplacedInPlace_andEveryOtherByteIsKept() {
        #expect(
            Self.patch(#"{"a": 1, "b" : "x", "c":[1, 2]}"#, ["c": "[]", "a": #""one""#])
                == #"{"a": "one", "b" : "x", "c":[]}"#)
        // The first of a repeated key is the one replaced; a nested member of the same name is not.
        #expect(Self.patch(#"{"n":{"a":0},"a":1,"a":2}"#, ["a": "9"]) == #"{"n":{"a":0},"a":9,"a":2}"#)
    }

    @Test func missingMembers_areAppendedInKeyOrder_withTheirCommas() {
        #expect(Self.patch(#"{"a":1}"#, ["z": "2", "m": "3"]) == #"{"a":1,"m":3,"z":2}"#)
        #expect(Self.patch("{}", ["b": "2", "a": "1"]) == #"{"a":1,"b":2}"#)
        #expect(Self.patch("{ }", ["a": "1"]) == #"{ "a":1}"#)
        #expect(Self.patch("{\"a\":1 }", ["b": "true"]) == "{\"a\":1 ,\"b\":true}")
        #expect(Self.patch(#"{"a":1}"#, ["a": "5", "b": "6"]) == #"{"a":5,"b":6}"#)
    }

    @Test func theResultIsTheObjectAlone_andANonObjectIsLeftAsItIs() {
        #expect(Self.patch("  {\"a\":1}\n", ["a": "2"]) == #"{"a":2}"#)
        #expect(Self.patch("[1, 2]", ["a": "2"]) == "[1, 2]")
        #expect(Self.patch(#"{"a":1,"#, ["a": "2"]) == #"{"a":1,"#)
    }

    @Test func stringifiedArrays_areJSONStringsHoldingAnArray() {
        #expect(String(decoding: JSONPatch.stringifiedArray(["0.5", "0.5"]), as: UTF8.self) == #""[\"0.5\", \"0.5\"]""#)
    }
}
