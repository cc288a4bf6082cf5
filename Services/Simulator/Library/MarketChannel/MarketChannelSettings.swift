/// The channel's knobs (`POST /sim/ws`): how often it publishes, how far each publication moves
/// the simulated clock, and after how many messages it drops every connection (an outage).
struct MarketChannelSettings: Codable, Sendable, Equatable {
    /// Real milliseconds between publications.
    var interval_ms: Int = 1_000
    /// Simulated seconds the clock advances at each publication (0: prices move only with `/sim/advance`).
    var advance_seconds: Int = 0
    /// Drop each connection, without a close frame, after this many data messages (0: never).
    var drop_after_messages: Int = 0
}
