import HTTPServer
import PrescientCore
import WebSocket

extension MarketChannelServer {
    /// `GET /sim/ws`: the channel's port and knobs; `POST /sim/ws` changes the knobs
    /// (`interval_ms` 1–60,000, `advance_seconds` 0–86,400, `drop_after_messages` ≥ 0).
    func register(on router: inout Router) {
        router.get("/sim/ws") { [self] _ in .json(Status(port: listener.port, path: "/ws/market", settings: settings.value)) }
        router.post("/sim/ws") { [self] request in
            let knobs = try request.decodeJSON(MarketChannelSettings.self)
            guard (1...60_000).contains(knobs.interval_ms), (0...86_400).contains(knobs.advance_seconds), knobs.drop_after_messages >= 0
            else {
                throw HTTPError.badRequest(
                    "interval_ms must be 1 to 60000, advance_seconds 0 to 86400 and drop_after_messages at least 0",
                    code: "invalid_settings")
            }
            settings.mutate { $0 = knobs }
            return .json(Status(port: listener.port, path: "/ws/market", settings: knobs))
        }
    }

    struct Status: Encodable {
        let port: Int
        let path: String
        let settings: MarketChannelSettings
    }
}
