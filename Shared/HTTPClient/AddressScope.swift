import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where an IP address leads: the public internet, or somewhere a request from the suite must not
/// be steered by a user (this host, the local network, the cloud's metadata service).
public enum AddressScope: String, Sendable, Equatable {
    case global = "public"
    case loopback
    case linkLocal = "link-local"
    case privateNetwork = "private"
    case multicast
    case unspecified
    /// Reserved, documentation, benchmarking and shared (carrier-grade NAT) ranges.
    case reserved

    /// Whether a request may go there without `NOTIFY_ALLOW_PRIVATE`.
    public var isPublic: Bool { self == .global }

    /// The scope of an IPv4 address given as four bytes (RFC 6890's special-purpose registry).
    public static func of(ipv4 bytes: [UInt8]) -> AddressScope {
        precondition(bytes.count == 4)
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0: return bytes == [0, 0, 0, 0] ? .unspecified : .reserved
        case 10: return .privateNetwork
        case 127: return .loopback
        case 169 where b == 254: return .linkLocal
        case 172 where (16...31).contains(b): return .privateNetwork
        case 192 where b == 168: return .privateNetwork
        case 192 where b == 0 && (bytes[2] == 0 || bytes[2] == 2): return .reserved
        case 192 where b == 88 && bytes[2] == 99: return .reserved  // 6to4 relay anycast
        case 100 where (64...127).contains(b): return .reserved
        case 198 where b == 18 || b == 19: return .reserved
        case 198 where b == 51 && bytes[2] == 100: return .reserved
        case 203 where b == 0 && bytes[2] == 113: return .reserved
        case 224...239: return .multicast
        case 240...255: return .reserved
        default: return .global
        }
    }

    /// The scope of an IPv6 address given as sixteen bytes; an IPv4-mapped or -compatible address
    /// (`::ffff:127.0.0.1`), NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`) address is judged by the
    /// IPv4 address inside it.
    public static func of(ipv6 bytes: [UInt8]) -> AddressScope {
        precondition(bytes.count == 16)
        if bytes.allSatisfy({ $0 == 0 }) { return .unspecified }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return .loopback }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return of(ipv4: Array(bytes[12..<16])) }
        // IPv4-translated (::ffff:0:a.b.c.d) and IPv4-compatible (::a.b.c.d) forms.
        if bytes[0..<8].allSatisfy({ $0 == 0 }) && bytes[8] == 0xff && bytes[9] == 0xff && bytes[10] == 0 && bytes[11] == 0 {
            return of(ipv4: Array(bytes[12..<16]))
        }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return of(ipv4: Array(bytes[12..<16])) }
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b {
            // 64:ff9b::/96 carries a public IPv4 address; 64:ff9b:1::/48 is for local networks.
            return bytes[4] == 0 && bytes[5] == 1 ? .privateNetwork : of(ipv4: Array(bytes[12..<16]))
        }
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0 && bytes[3] == 0 { return .reserved }  // Teredo 2001::/32
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return of(ipv4: Array(bytes[2..<6])) }
        if bytes[0] == 0xff { return .multicast }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return .linkLocal }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0xc0 { return .privateNetwork }  // site-local, deprecated
        if bytes[0] & 0xfe == 0xfc { return .privateNetwork }  // unique local fc00::/7
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8 { return .reserved }  // documentation
        return .global
    }

    /// The scope of a numeric address (`10.0.0.1`, `::1`); nil when `text` is not one.
    public static func of(numeric text: String) -> AddressScope? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return of(ipv4: withUnsafeBytes(of: v4) { Array($0) })
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return of(ipv6: withUnsafeBytes(of: v6) { Array($0) })
        }
        return nil
    }
}
