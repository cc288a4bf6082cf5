import CEpoll

#if canImport(Glibc)
    import Glibc
#endif

/// A thin owner of an epoll instance and the eventfd that wakes it from other threads.
/// Registrations carry the descriptor itself as their data.
final class Epoll: @unchecked Sendable {
    // Safe because epoll_ctl, epoll_wait and eventfd writes are thread-safe system calls; the
    // result buffers are only used by the one thread that waits.
    let fd: Int32
    let wakeFD: Int32
    private var readyFDs = [Int32](repeating: 0, count: 256)
    private var readyMasks = [UInt32](repeating: 0, count: 256)

    struct Ready {
        let fd: Int32
        let mask: UInt32
        var readable: Bool { mask & (PRESCIENT_EPOLLIN | PRESCIENT_EPOLLRDHUP | PRESCIENT_EPOLLHUP | PRESCIENT_EPOLLERR) != 0 }
        var writable: Bool { mask & (PRESCIENT_EPOLLOUT | PRESCIENT_EPOLLHUP | PRESCIENT_EPOLLERR) != 0 }
    }

    init() throws {
        fd = prescient_epoll_create()
        guard fd >= 0 else { throw SocketError("epoll_create1", errno: errno) }
        wakeFD = prescient_eventfd()
        guard wakeFD >= 0 else { throw SocketError("eventfd", errno: errno) }
        guard prescient_epoll_add(fd, wakeFD, PRESCIENT_EPOLLIN) == 0 else { throw SocketError("epoll_ctl", errno: errno) }
    }

    deinit {
        close(wakeFD)
        close(fd)
    }

    static func mask(readable: Bool, writable: Bool, oneShot: Bool) -> UInt32 {
        (readable ? PRESCIENT_EPOLLIN | PRESCIENT_EPOLLRDHUP : 0) | (writable ? PRESCIENT_EPOLLOUT : 0)
            | (oneShot ? PRESCIENT_EPOLLONESHOT : 0)
    }

    /// Watches a descriptor. One-shot registrations report one event and then stay silent until
    /// `rearm`: whoever handles the event owns the socket until it re-arms it.
    func add(_ descriptor: Int32, readable: Bool, writable: Bool = false, oneShot: Bool = false) throws {
        guard prescient_epoll_add(fd, descriptor, Self.mask(readable: readable, writable: writable, oneShot: oneShot)) == 0 else {
            throw SocketError("epoll_ctl ADD", errno: errno)
        }
    }

    /// Re-arms a one-shot descriptor for one more read or write event (callable from any thread).
    func rearm(_ descriptor: Int32, readable: Bool, writable: Bool) {
        _ = prescient_epoll_mod(fd, descriptor, Self.mask(readable: readable, writable: writable, oneShot: true))
    }

    func remove(_ descriptor: Int32) { _ = prescient_epoll_del(fd, descriptor) }

    /// Wakes the waiting thread.
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Waits up to `milliseconds` for ready descriptors (the wake-up descriptor is drained, not returned).
    func wait(milliseconds: Int32) -> [Ready] {
        let count = readyFDs.withUnsafeMutableBufferPointer { fds in
            readyMasks.withUnsafeMutableBufferPointer { masks in
                prescient_epoll_wait(fd, fds.baseAddress, masks.baseAddress, Int32(fds.count), milliseconds)
            }
        }
        guard count > 0 else { return [] }
        var ready: [Ready] = []
        ready.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            if readyFDs[index] == wakeFD {
                var value: UInt64 = 0
                _ = read(wakeFD, &value, 8)
                continue
            }
            ready.append(Ready(fd: readyFDs[index], mask: readyMasks[index]))
        }
        return ready
    }
}
