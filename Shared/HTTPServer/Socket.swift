#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A socket error carrying errno and its text.
public struct SocketError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let errno: Int32

    public init(_ operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String { "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// A thin owner of a POSIX socket descriptor.
struct Socket: Sendable {
    let fd: Int32

    /// Creates a listening TCP socket bound to `host:port` (port 0 picks a free port).
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws -> Socket {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw SocketError("socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let resolved = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, resolved, &address.sin_addr) == 1 else {
            Glibc.close(fd)
            throw SocketError("inet_pton(\(host))", errno: EINVAL)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SocketError("bind \(host):\(port)", errno: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SocketError("listen", errno: code)
        }
        return Socket(fd: fd)
    }

    /// The port the socket is bound to.
    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Makes the descriptor non-blocking (the event loop never waits on one socket).
    func setNonBlocking() {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// Accepts one pending connection without blocking: the new socket (non-blocking) and the
    /// peer's IPv4 address, nil when none is waiting.
    func acceptNonBlocking() throws -> (Socket, peer: UInt32)? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let client = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &length) }
        }
        if client < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED { return nil }
            throw SocketError("accept", errno: errno)
        }
        let socket = Socket(fd: client)
        socket.setNonBlocking()
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return (socket, address.sin_addr.s_addr)
    }

    /// Reads what is available without blocking: the count (0 at end of stream), or nil when
    /// nothing is there yet.
    func receiveNonBlocking(into buffer: inout [UInt8], scratch: inout [UInt8], maximum: Int = .max) throws -> Int? {
        while true {
            let capacity = max(1, min(scratch.count, maximum))
            let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, capacity, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
                throw SocketError("recv", errno: errno)
            }
            if count > 0 { buffer.append(contentsOf: scratch[0..<count]) }
            return count
        }
    }

    /// Writes as much of `bytes[offset...]` as the socket takes now; returns the new offset.
    func sendNonBlocking(_ bytes: [UInt8], from offset: Int) throws -> Int {
        var offset = offset
        try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let sent = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { return }
                    throw SocketError("send", errno: errno)
                }
                offset += sent
            }
        }
        return offset
    }

    func setNoDelay() {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    func close() { _ = Glibc.close(fd) }
}
