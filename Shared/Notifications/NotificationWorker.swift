import Foundation
import HTTPClient
import Logging

/// Delivers the outbox: each pass leases the due deliveries (`DeliveryRepository.lease`), POSTs
/// each to its webhook with its signature (`WebhookSignature`) and delivery id, and records the
/// answer: a 2xx is delivered; anything else, or no answer, is retried after a backoff that
/// doubles from `backoff` seconds up to an hour, and dead after `maxAttempts`. Delivery is at
/// least once: a worker killed mid-delivery leaves the lease to expire (`lease` seconds) and the
/// next pass, here or on another replica, sends it again with the same delivery id.
public struct NotificationWorker: Sendable {
    public struct Settings: Sendable {
        public var batch = 50
        public var lease: Double = 30
        public var backoff: Double = 5
        public var maxAttempts = 8
        public var timeout: Double = 10
        /// Events older than this many days, their deliveries finished, are forgotten.
        public var retentionDays: Double = 30

        public init() {}
    }

    let deliveries: DeliveryRepository
    let http: HTTPClient
    let settings: Settings
    let logger: Logger

    public init(deliveries: DeliveryRepository, settings: Settings, logger: Logger) {
        self.deliveries = deliveries
        self.settings = settings
        self.logger = logger
        http = HTTPClient(connectTimeout: min(5, settings.timeout), defaultTimeout: settings.timeout)
    }

    /// What one pass did.
    public struct Pass: Sendable, Encodable {
        public var attempted = 0
        public var delivered = 0
        public var retrying = 0
        public var dead = 0
        public var pruned = 0
    }

    /// Sends what is due now (all of it, batch after batch; each delivery once a pass).
    public func run() throws -> Pass {
        var pass = Pass()
        pass.pruned = try deliveries.prune(olderThanDays: settings.retentionDays)
        var tried: [String] = []
        while true {
            let due = try deliveries.lease(limit: settings.batch, lease: settings.lease, excluding: tried)
            if due.isEmpty { return pass }
            tried += due.map(\.deliveryID)
            for delivery in due {
                pass.attempted += 1
                switch try send(delivery) {
                case .delivered: pass.delivered += 1
                case .retrying: pass.retrying += 1
                case .dead: pass.dead += 1
                }
            }
        }
    }

    enum Outcome { case delivered, retrying, dead }

    func send(_ due: DeliveryRepository.Due) throws -> Outcome {
        let body = try NotificationMessage.body(due)
        let timestamp = Int64(Date().timeIntervalSince1970)
        let headers = [
            ("X-Prescient-Delivery", due.deliveryID), ("X-Prescient-Event", due.kind), ("X-Prescient-Timestamp", String(timestamp)),
            ("X-Prescient-Signature", WebhookSignature.sign(secret: due.secret, timestamp: timestamp, body: body)),
            ("User-Agent", "prescient-notifications"),
        ]
        var status: Int?
        var problem: String
        do {
            let response = try http.sendJSON("POST", due.url, body: body, headers: headers)
            status = response.status
            if (200..<300).contains(response.status) {
                try deliveries.delivered(due.deliveryID, status: response.status)
                return .delivered
            }
            problem = "HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))"
        } catch {
            problem = "\(error)"
        }
        let dead = due.attempt >= settings.maxAttempts
        let wait = min(3_600, settings.backoff * pow(2, Double(max(0, due.attempt - 1))))
        try deliveries.failed(due.deliveryID, status: status, error: problem, retryAfter: wait, dead: dead)
        logger.warning(
            "notification delivery failed",
            metadata: ["delivery": "\(due.deliveryID)", "attempt": "\(due.attempt)", "dead": "\(dead)", "error": "\(problem)"])
        return dead ? .dead : .retrying
    }
}
