import Foundation
import HTTPClient
import Logging

/// Sends Polymarket requests with a rate limiter per endpoint family, retries with exponential
/// backoff and full jitter on 429/5xx/timeouts/garbage (honouring `Retry-After`), and a circuit
/// breaker per API that fails fast while the API is down.
public final class PolymarketTransport: @unchecked Sendable {
    // Safe because the buckets and breakers are created once and synchronise themselves.
    public let configuration: PolymarketConfiguration
    let http: HTTPClient
    let logger: Logger
    let buckets: [EndpointFamily: TokenBucket]
    let breakers: [String: CircuitBreaker]
    /// Counts of retries and failures, for metrics.
    public private(set) var statistics = Statistics()
    private let statisticsLock = NSLock()

    public struct Statistics: Sendable {
        public var requests = 0
        public var retries = 0
        public var failures = 0
    }

    public init(configuration: PolymarketConfiguration, http: HTTPClient = HTTPClient(), logger: Logger) {
        self.configuration = configuration
        self.http = http
        self.logger = logger
        var buckets: [EndpointFamily: TokenBucket] = [:]
        for family in EndpointFamily.allCases {
            let capacity = max(1, Int(Double(family.requestsPerTenSeconds) * configuration.rateLimitScale))
            buckets[family] = TokenBucket(capacity: capacity, per: 10)
        }
        self.buckets = buckets
        var breakers: [String: CircuitBreaker] = [:]
        for api in Set(EndpointFamily.allCases.map(\.api)) {
            breakers[api] = CircuitBreaker(
                failureThreshold: configuration.breakerFailureThreshold, cooldown: configuration.breakerCooldown)
        }
        self.breakers = breakers
    }

    /// The breaker of an API (`gamma`, `clob`, `data`).
    public func breaker(for api: String) -> CircuitBreaker? { breakers[api] }

    /// Sends a request and returns the body of a 2xx response; `validate` may reject a body as
    /// malformed (which counts as a retryable failure).
    public func send(
        _ family: EndpointFamily, method: String = "GET", url: String, body: [UInt8]? = nil,
        validate: ([UInt8]) throws -> Void = { _ in }
    ) throws -> [UInt8] {
        let breaker = breakers[family.api]!
        var attempt = 0
        var lastError: PolymarketError = .transport("not attempted")
        while attempt < configuration.maxAttempts {
            attempt += 1
            if let wait = breaker.permit() {
                throw PolymarketError.circuitOpen(api: family.api, retryInSeconds: wait)
            }
            buckets[family]!.acquire()
            count { $0.requests += 1 }
            var retryAfter: Double?
            do {
                let headers = body == nil ? [] : [("Content-Type", "application/json")]
                let response = try http.send(
                    HTTPClientRequest(method: method, url: url, headers: headers, body: body, timeout: configuration.requestTimeout))
                if (200..<300).contains(response.status) {
                    do {
                        try validate(response.body)
                        breaker.recordSuccess()
                        return response.body
                    } catch {
                        lastError = .malformed(url: url, reason: "\(error)")
                    }
                } else {
                    lastError = .http(status: response.status, url: url, body: response.text)
                    retryAfter = response.headers["retry-after"].flatMap(Double.init)
                }
            } catch let error as HTTPClientError {
                lastError = .transport(error.description)
            }
            guard lastError.isRetryable else {
                // A 4xx other than 429 is the caller's fault, not the API's: do not trip the breaker.
                breaker.recordSuccess()
                throw lastError
            }
            breaker.recordFailure()
            if attempt < configuration.maxAttempts {
                count { $0.retries += 1 }
                let delay = retryAfter.map { min($0, configuration.maxBackoff) } ?? backoff(attempt: attempt)
                logger.warning(
                    "polymarket request retrying",
                    metadata: ["url": "\(url)", "attempt": "\(attempt)", "error": "\(lastError)", "delay_s": "\(delay)"])
                Thread.sleep(forTimeInterval: delay)
            }
        }
        count { $0.failures += 1 }
        throw lastError
    }

    /// Full-jitter exponential backoff: uniform in [0, min(max, base × 2^(attempt-1))].
    func backoff(attempt: Int) -> Double {
        let ceiling = min(configuration.maxBackoff, configuration.baseBackoff * pow(2, Double(attempt - 1)))
        return Double.random(in: 0...ceiling)
    }

    private func count(_ update: (inout Statistics) -> Void) {
        statisticsLock.lock()
        update(&statistics)
        statisticsLock.unlock()
    }
}
