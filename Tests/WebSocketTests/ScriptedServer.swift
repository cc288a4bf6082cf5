import Foundation
import WebSocket

#if canImport(Glibc)
    import Glibc
#endif

/// A one-connection WebSocket server for the client's tests: it answers the handshake (or
/// answers it wrongly) and then plays a script of frames, hostile ones included, reading what the
/// client sends with a server-side parser (which refuses unmasked client frames).
final class ScriptedServer: @unchecked Sendable {
    // Safe because the listening descriptor is set once; the script runs on one thread.
    let listener: Int32
    let port: Int
    let finished = DispatchSemaphore(value: 0)
    private let failure = NSLock()
    private var problem: String?

    /// What the script sees of its one client.
    final class Peer {
        let fd: Int32
        var parser = WebSocketFrameParser(role: .server)

        init(fd: Int32) { self.fd = fd }

        func send(_ bytes: [UInt8]) { _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        func send(_ frame: WebSocketFrame) { send(frame.encoded()) }

        /// The client's next frame (nil when the connection ends first).
        func frame() throws -> WebSocketFrame? {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                if let frame = try parser.next() { return frame }
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65_536, 0) }
                guard count > 0 else { return nil }
                parser.append(buffer[..<count])
            }
        }

        func drop() { Glibc.close(fd) }
    }

    init(wrongAccept: Bool = false, script: @escaping @Sendable (Peer) throws -> Void) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        Glibc.listen(fd, 4)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            defer { finished.signal() }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let peer = Peer(fd: client)
            var head: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while !String(decoding: head, as: UTF8.self).contains("\r\n\r\n") {
                let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, 4_096, 0) }
                guard count > 0 else { return }
                head += buffer[..<count]
            }
            let request = String(decoding: head, as: UTF8.self)
            let key =
                request.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("sec-websocket-key:") }?
                .split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let accept = wrongAccept ? "bm90IHRoZSBrZXk=" : WebSocketHandshake.accept(key: key)
            peer.send(
                Array(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n\r\n"
                        .utf8))
            do { try script(peer) } catch { fail("\(error)") }
            peer.drop()
        }
        thread.start()
    }

    deinit { Glibc.close(listener) }

    var url: String { "ws://127.0.0.1:\(port)/ws/market" }

    func fail(_ message: String) {
        failure.lock()
        problem = problem ?? message
        failure.unlock()
    }

    /// Waits for the script to end and returns the first problem it saw.
    func result() -> String? {
        _ = finished.wait(timeout: .now() + 10)
        failure.lock()
        defer { failure.unlock() }
        return problem
    }
}
