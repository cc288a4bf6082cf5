/// A connection that moves bytes both ways: plain TCP (`TCPStream`) or TLS over it (`TLSStream`).
public protocol ByteStream: AnyObject, Sendable {
    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) throws
    /// Up to `maximum` bytes; nil when nothing came within `timeout` seconds; empty at the end of the stream.
    func receive(maximum: Int, timeout: Double) throws -> [UInt8]?
    /// Ends the connection both ways (a blocked reader returns).
    func close()
}

extension ByteStream {
    public func receive(timeout: Double) throws -> [UInt8]? { try receive(maximum: 65_536, timeout: timeout) }
}
