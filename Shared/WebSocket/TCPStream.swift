import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking TCP connection for the WebSocket client: connect with a timeout per attempt over
/// every address the name resolves to, reads that give up after a timeout, and sends that never
/// raise SIGPIPE (`MSG_NOSIGNAL`).
public final class TCPStream: ByteStream, @unchecked Sendable {
    // Safe because the descriptor is only read by one reader thread and written under `sendLock`;
    // `close` only shuts it down, and the descriptor is released in deinit.
    let fd: Int32
    private let sendLock = NSLock()

    /// A socket failure with the call and errno's text.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public init(host: String, port: Int, timeout: Double) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        var lastError = "no address"
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            Self.setTimeout(fd, SO_SNDTIMEO, timeout)
            if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                self.fd = fd
                return
            }
            lastError = String(cString: strerror(errno))
            Glibc.close(fd)
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(lastError)")
    }

    /// Takes ownership of an accepted connection's descriptor.
    public init(descriptor: Int32) {
        fd = descriptor
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { Glibc.close(fd) }

    static func setTimeout(_ fd: Int32, _ option: Int32, _ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends all of `bytes`.
    public func send(_ bytes: [UInt8]) throws {
        try sendLock.withLock {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "send: \(String(cString: strerror(errno)))")
                }
                offset += sent
            }
        }
    }

    /// Up to `maximum` bytes; nil when nothing came within `timeout` seconds; empty at the end of
    /// the stream.
    public func receive(maximum: Int = 65_536, timeout: Double) throws -> [UInt8]? {
        Self.setTimeout(fd, SO_RCVTIMEO, max(timeout, 0.001))
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, maximum, 0) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw Failure(description: "recv: \(String(cString: strerror(errno)))")
        }
    }

    /// Ends the connection both ways (a blocked reader returns).
    public func close() { _ = shutdown(fd, Int32(SHUT_RDWR)) }
}
