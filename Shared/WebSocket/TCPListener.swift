#if canImport(Glibc)
    import Glibc
#endif

/// A listening TCP socket for a small WebSocket server (the simulator's market channel): blocking
/// accepts on one thread; `close` makes a blocked accept return.
public final class TCPListener: @unchecked Sendable {
    // Safe because the descriptor is set once; `close` only shuts it down.
    let fd: Int32
    /// The bound port (the one picked when asked for 0).
    public let port: Int

    public init(host: String, port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TCPStream.Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            Glibc.close(fd)
            throw TCPStream.Failure(description: "not an IPv4 address: \(host)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, Glibc.listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw TCPStream.Failure(description: "cannot listen on \(host):\(port): \(reason)")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { Glibc.close(fd) }

    /// The next connection, or nil once the listener is closed.
    public func accept() -> TCPStream? {
        while true {
            let client = Glibc.accept(fd, nil, nil)
            if client >= 0 { return TCPStream(descriptor: client) }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }

    public func close() { _ = shutdown(fd, Int32(SHUT_RDWR)) }
}
