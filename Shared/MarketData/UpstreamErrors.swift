import HTTPServer
import Polymarket
import Postgres

extension HTTPError {
    /// Maps a Polymarket failure to the status a caller of ours should see: 503 while the
    /// circuit is open, 502 for a bad upstream answer, 504 for an upstream timeout.
    public static func upstream(_ error: PolymarketError) -> HTTPError {
        switch error {
        case .circuitOpen(let api, let seconds):
            return HTTPError(.serviceUnavailable, code: "upstream_circuit_open",
                message: "Polymarket \(api) API is failing; not retrying for \(Int(seconds.rounded(.up))) s",
                headers: [("Retry-After", String(Int(seconds.rounded(.up))))])
        case .transport(let message) where message.contains("timeout") || message.contains("Timeout"):
            return HTTPError(.gatewayTimeout, code: "upstream_timeout", message: "Polymarket did not answer in time: \(message)")
        case .transport(let message):
            return HTTPError(.badGateway, code: "upstream_unreachable", message: "Polymarket is unreachable: \(message)")
        case .http(let status, let url, _):
            return HTTPError(.badGateway, code: "upstream_error", message: "Polymarket answered \(status) for \(url) after retries")
        case .malformed(let url, let reason):
            return HTTPError(.badGateway, code: "upstream_malformed", message: "Polymarket sent an unreadable answer for \(url): \(reason)")
        }
    }
}

/// Turns what an export threw into what its caller should see: Polymarket failures become
/// 502/503/504 even when they surfaced inside (and rolled back) a database transaction.
public enum ExportFailure {
    public static func translate(_ error: any Error) -> any Error {
        switch error {
        case let error as PolymarketError:
            return HTTPError.upstream(error)
        case let error as PostgresTransactionError:
            if let body = error.bodyError { return translate(body) }
            return error
        default:
            return error
        }
    }
}
