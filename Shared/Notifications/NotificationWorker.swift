import Foundation
import HTTPClient
import Logging

/// Delivers the outbox: each pass leases the due deliveries (`DeliveryRepository.lease`), POSTs
/// each to its webhook with its signature (`WebhookSignature`) and delivery id, and records the
/// answer: a 2xx is delivered; anything else, or no answer, is retried after a backoff that
/// doubles from `backoff` seconds up to an hour, and dead after `maxAttempts`. Delivery is at
/// least once: a worker killed mid-delivery leaves the lease to expire (`lease` seconds) and the
/// next pass, here or on another replica, sends it again with the same delivery id.
///
/// Every send is vetted by the outbound policy first (`OutboundPolicy`: https, public addresses,
/// the checked address pinned for the connection); redirects are not followed and the answer is
/// read up to `maxResponseBytes`. What is recorded and logged of a failure is its status or a
/// short reason, never the URL (a Telegram bot token lives in its path) nor the receiver's body.
public struct NotificationWorker: Sendable {
    public struct Settings: Sendable {
        public var batch = 50
        public var lease: Double = 30
        public var backoff: Double = 5
        public var maxAttempts = 8
        public var timeout: Double = 10
        /// Events older than this many days, their deliveries finished, are forgotten.
        public var retentionDays: Double = 30
        /// Where deliveries may go (`NOTIFY_ALLOW_HTTP`, `NOTIFY_ALLOW_PRIVATE`).
        public var policy = OutboundPolicy()
        /// The most of a receiver's answer read (decompressed).
        public var maxResponseBytes = 64 * 1024

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
        http = HTTPClient(
            connectTimeout: min(5, settings.timeout), defaultTimeout: settings.timeout, maxResponseBytes: settings.maxResponseBytes)
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
                case .leaseLost: pass.attempted -= 1
                }
            }
        }
    }

    enum Outcome { case delivered, retrying, dead, leaseLost }

    func send(_ due: DeliveryRepository.Due) throws -> Outcome {
        // The batch's lease ran while earlier deliveries were sent: renewed now, or this one is
        // someone else's and is not sent twice.
        guard try deliveries.renew(due, lease: settings.lease) else {
            logLostLease(due)
            return .leaseLost
        }
        let body = try NotificationMessage.body(due)
        let timestamp = Int64(Date().timeIntervalSince1970)
        let headers = [
            ("X-Prescient-Delivery", due.deliveryID), ("X-Prescient-Event", due.kind), ("X-Prescient-Timestamp", String(timestamp)),
            ("X-Prescient-Signature", try WebhookSignature.sign(secret: due.secret, timestamp: timestamp, body: body)),
            ("User-Agent", "prescient-notifications"),
        ]
        var status: Int?
        let problem: String
        do {
            let target = try settings.policy.vet(due.url)
            let response = try http.send(
                HTTPClientRequest(
                    target: target, headers: [("Content-Type", "application/json")] + headers, body: body,
                    maxResponseBytes: settings.maxResponseBytes))
            status = response.status
            if (200..<300).contains(response.status) {
                if !(try deliveries.delivered(due, status: response.status)) { logLostLease(due) }
                return .delivered
            }
            problem = "HTTP \(response.status)" + ((300..<400).contains(response.status) ? " (redirects are not followed)" : "")
        } catch let refusal as OutboundRefusal {
            problem = "refused by the outbound policy: \(refusal.reason)"
        } catch let failure as HTTPClientError {
            problem = failure.reason
        }
        let dead = due.attempt >= settings.maxAttempts
        let wait = min(3_600, settings.backoff * pow(2, Double(max(0, due.attempt - 1))))
        if !(try deliveries.failed(due, status: status, error: problem, retryAfter: wait, dead: dead)) { logLostLease(due) }
        logger.warning(
            "notification delivery failed",
            metadata: ["delivery": "\(due.deliveryID)", "attempt": "\(due.attempt)", "dead": "\(dead)", "error": "\(problem)"])
        return dead ? .dead : .retrying
    }

    /// The lease ran out during the send and another worker took it: its outcome stands.
    func logLostLease(_ due: DeliveryRepository.Due) {
        logger.warning("notification lease lost during the send; its result was not recorded", metadata: ["delivery": "\(due.deliveryID)"])
    }
}
