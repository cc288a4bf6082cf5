/// A market's recorded object, held once: the bytes `/markets` serves (with the nested `events`)
/// as a slice of the loaded file, and where its `events` member sits, cut out for `/events`.
/// Keeping the file's one buffer instead of two copies of every object halves the bytes held.
struct MarketBytes: Sendable {
    /// The object as `/markets` serves it; shares the loaded file's storage.
    let withEventsSlice: ArraySlice<UInt8>
    /// The `events` member to cut (with its comma), in `withEventsSlice`'s indices.
    let eventsMember: Range<Int>?

    init(_ object: ArraySlice<UInt8>, eventsMember: Range<Int>?) {
        withEventsSlice = object
        self.eventsMember = eventsMember
    }

    /// A synthesised object (no `events` member to cut).
    init(_ object: [UInt8]) {
        self.init(object[...], eventsMember: nil)
    }

    /// The object as `/markets` serves it.
    var withEvents: [UInt8] { Array(withEventsSlice) }

    /// The object as `/events` nests it: without its `events` member.
    var withoutEvents: [UInt8] {
        guard let cut = eventsMember else { return Array(withEventsSlice) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(withEventsSlice.count - cut.count)
        bytes += withEventsSlice[withEventsSlice.startIndex..<cut.lowerBound]
        bytes += withEventsSlice[cut.upperBound..<withEventsSlice.endIndex]
        return bytes
    }
}
