/// The channel's knobs (`POST /sim/ws`): how often it publishes, how far each publication moves
/// the simulated clock, and after how many messages it drops every connection (an outage). A
/// knob left out of the body takes its default.
struct MarketChannelSettings: Codable, Sendable, Equatable {
    /// Real milliseconds between publications.
    var interval_ms = 1_000
    /// Simulated seconds the clock advances at each publication (0: prices move only with `/sim/advance`).
    var advance_seconds = 0
    /// Drop each connection, without a close frame, after this many data messages (0: never).
    var drop_after_messages = 0

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interval_ms = try container.decodeIfPresent(Int.self, forKey: .interval_ms) ?? 1_000
        advance_seconds = try container.decodeIfPresent(Int.self, forKey: .advance_seconds) ?? 0
        drop_after_messages = try container.decodeIfPresent(Int.self, forKey: .drop_after_messages) ?? 0
    }
}
