import Foundation
import HTTPClient
import HTTPServer
import TestSupport
import Testing

/// The outbound side: addresses judged by their scope, connections pinned to the checked address,
/// answers cut at their cap, nothing but http(s) spoken.
@Suite("Outbound client")
struct OutboundClientTests {
    @Test(arguments: [
        ("8.8.8.8", AddressScope.global), ("1.1.1.1", .global), ("127.0.0.1", .loopback), ("127.255.0.9", .loopback),
        ("10.0.0.1", .privateNetwork), ("172.16.5.4", .privateNetwork), ("172.32.0.1", .global), ("192.168.0.1", .privateNetwork),
        ("169.254.169.254", .linkLocal), ("100.64.0.1", .reserved), ("0.0.0.0", .unspecified), ("224.0.0.251", .multicast),
        ("255.255.255.255", .reserved), ("::1", .loopback), ("::", .unspecified), ("::ffff:127.0.0.1", .loopback),
        ("::ffff:8.8.8.8", .global), ("fe80::1", .linkLocal), ("fd12:3456::1", .privateNetwork), ("ff02::1", .multicast),
        ("2606:4700::1111", .global), ("64:ff9b::a00:1", .privateNetwork), ("2002:7f00:1::", .loopback), ("2001:db8::1", .reserved),
        ("64:ff9b:1::808:808", .privateNetwork), ("2001:0:4136:e378::1", .reserved), ("::ffff:0:7f00:1", .loopback),
        ("::7f00:1", .loopback), ("192.88.99.1", .reserved),
    ])
    func addressScope_followsTheSpecialPurposeRegistries(address: String, expected: AddressScope) {
        #expect(AddressScope.of(numeric: address) == expected, "\(address)")
    }

    @Test func aPinnedRequest_goesToTheCheckedAddressWhateverTheNameResolvesTo() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        // `.invalid` never resolves (RFC 6761): only the pinned address can be reached.
        let target = OutboundTarget(
            url: "http://pinned.invalid:\(server.port)/hello", host: "pinned.invalid", port: server.port, address: "127.0.0.1")
        let response = try HTTPClient().send(HTTPClientRequest(method: "GET", target: target, maxResponseBytes: 1_000))
        #expect(response.status == 200 && response.text == "hello")
    }

    @Test func anAnswerPastItsCap_stopsTheTransfer() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let client = HTTPClient(maxResponseBytes: 4_096)
        #expect(try client.get("http://127.0.0.1:\(server.port)/big?bytes=4096").body.count == 4_096)
        #expect {
            try client.get("http://127.0.0.1:\(server.port)/big?bytes=4097")
        } throws: { ($0 as? HTTPClientError)?.kind == .responseTooLarge }
    }

    @Test(arguments: ["file:///etc/passwd", "gopher://127.0.0.1:1/x", "dict://127.0.0.1:1/x", "ftp://127.0.0.1:1/x"])
    func schemesOtherThanHTTP_areNeverSpoken(url: String) {
        #expect(throws: HTTPClientError.self) { try HTTPClient().get(url) }
    }
}
