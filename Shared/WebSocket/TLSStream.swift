import COpenSSL
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// TLS over a `TCPStream`, through OpenSSL: as a client it verifies the server's certificate
/// chain (the system's trust store, or `caFile`) and its name, with TLS 1.2 at least; as a server
/// it presents a certificate and key from PEM files (the simulator's and the tests' `wss://`).
public final class TLSStream: ByteStream, @unchecked Sendable {
    // Safe because the SSL object is read by one reader thread and written under `lock` (OpenSSL
    // allows one reader and one writer on a connection only when they do not overlap in a call, so
    // both go through the lock except the reader's wait for data, which is a plain poll).
    let tcp: TCPStream
    let context: OpaquePointer
    let ssl: OpaquePointer
    private let lock = NSLock()

    /// OpenSSL writes to the socket with `write`, which raises SIGPIPE when the peer has gone (it
    /// cannot pass `MSG_NOSIGNAL`); a process using TLS ignores SIGPIPE, as every service does.
    static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// A TLS failure with OpenSSL's reason.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Connects as a client to `host` over `tcp`; a server that does not complete the handshake
    /// within `timeout` seconds is given up on (reads of the socket time out), never waited on forever.
    public init(client tcp: TCPStream, host: String, caFile: String? = nil, timeout: Double = 10) throws {
        Self.ignoreBrokenPipes
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw Self.failure("SSL_CTX_new") }
        _ = prescient_ssl_ctx_set_min_tls12(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        let trusted = caFile.map { SSL_CTX_load_verify_locations(context, $0, nil) } ?? SSL_CTX_set_default_verify_paths(context)
        guard trusted == 1, let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw Self.failure("loading the trusted certificates")
        }
        (self.tcp, self.context, self.ssl) = (tcp, context, ssl)
        SSL_set_fd(ssl, tcp.fd)
        TCPStream.setTimeout(tcp.fd, SO_RCVTIMEO, timeout)
        _ = prescient_ssl_set_server_name(ssl, host)
        // The certificate must name the host (an IP address is checked as one).
        let parameters = SSL_get0_param(ssl)
        if host.allSatisfy({ $0.isNumber || $0 == "." }) {
            X509_VERIFY_PARAM_set1_ip_asc(parameters, host)
        } else {
            X509_VERIFY_PARAM_set1_host(parameters, host, 0)
        }
        guard SSL_connect(ssl) == 1 else {
            let reason = Self.reason()
            let verify = SSL_get_verify_result(ssl)
            throw Failure(
                description: "TLS handshake with \(host) failed: \(reason)"
                    + (verify == 0 ? "" : " (verify \(verify): " + String(cString: X509_verify_cert_error_string(verify)) + ")"))
        }
    }

    /// Accepts a client over `tcp` with the certificate and key in `certificateFile` and `keyFile`,
    /// giving up on a client that does not complete the handshake within `timeout` seconds.
    public init(server tcp: TCPStream, certificateFile: String, keyFile: String, timeout: Double = 10) throws {
        Self.ignoreBrokenPipes
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw Self.failure("SSL_CTX_new") }
        guard SSL_CTX_use_certificate_chain_file(context, certificateFile) == 1,
            SSL_CTX_use_PrivateKey_file(context, keyFile, SSL_FILETYPE_PEM) == 1, let ssl = SSL_new(context)
        else {
            SSL_CTX_free(context)
            throw Self.failure("loading \(certificateFile) and \(keyFile)")
        }
        (self.tcp, self.context, self.ssl) = (tcp, context, ssl)
        SSL_set_fd(ssl, tcp.fd)
        TCPStream.setTimeout(tcp.fd, SO_RCVTIMEO, timeout)
        guard SSL_accept(ssl) == 1 else { throw Self.failure("TLS accept") }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    public func send(_ bytes: [UInt8]) throws {
        try lock.withLock {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
                guard written > 0 else { throw Self.failure("SSL_write") }
                offset += Int(written)
            }
        }
    }

    public func receive(maximum: Int, timeout: Double) throws -> [UInt8]? {
        // Bytes OpenSSL already decrypted come first; otherwise wait for the socket.
        if lock.withLock({ SSL_pending(ssl) }) == 0 {
            var descriptor = pollfd(fd: tcp.fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(max(1, min(timeout, 3_600) * 1000)))
            if ready == 0 { return nil }
            if ready < 0 && errno != EINTR { throw Failure(description: "poll: \(String(cString: strerror(errno)))") }
        }
        var buffer = [UInt8](repeating: 0, count: maximum)
        // The socket is readable, but a record may have arrived only in part: the read waits for
        // the rest at most `timeout`, then answers "nothing yet" (OpenSSL keeps what it has).
        TCPStream.setTimeout(tcp.fd, SO_RCVTIMEO, max(0.001, min(timeout, 3_600)))
        return try lock.withLock {
            let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(maximum)) }
            if count > 0 { return Array(buffer.prefix(Int(count))) }
            switch SSL_get_error(ssl, count) {
            case SSL_ERROR_ZERO_RETURN: return []
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return nil
            case SSL_ERROR_SYSCALL where count == 0: return []
            case SSL_ERROR_SYSCALL where errno == EAGAIN || errno == EWOULDBLOCK: return nil
            default: throw Self.failure("SSL_read")
            }
        }
    }

    public func close() {
        lock.withLock { _ = SSL_shutdown(ssl) }
        tcp.close()
    }

    static func reason() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "no reason given" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func failure(_ step: String) -> Failure { Failure(description: "\(step): \(reason())") }
}
