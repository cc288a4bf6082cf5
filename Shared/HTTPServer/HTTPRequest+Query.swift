import Foundation
import PrescientCore

extension HTTPRequest {
    /// An optional integer query parameter within `range`; a malformed value is a precise 400.
    public func queryInt(_ name: String, default fallback: Int? = nil, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = query[name], !text.isEmpty else { return fallback }
        guard let value = Int(text) else {
            throw HTTPError.badRequest("query parameter '\(name)' must be an integer, got '\(text)'", code: "invalid_parameter")
        }
        guard range.contains(value) else {
            throw HTTPError.badRequest(
                "query parameter '\(name)' must be between \(range.lowerBound) and \(range.upperBound)", code: "invalid_parameter")
        }
        return value
    }

    /// An optional positive integer id query parameter (`portfolio_id=7`) as the typed id it names.
    public func queryID<Kind>(_ name: String) throws -> Identifier<Kind, Int64>? {
        try queryInt(name, range: 1...Int.max).map { Identifier(Int64($0)) }
    }

    /// An optional text id query parameter (`cycle_id=c-1`) of 1 to `maxLength` characters as the
    /// typed id it names; present but empty is a 400.
    public func queryTextID<Kind>(_ name: String, maxLength: Int = 100) throws -> Identifier<Kind, String>? {
        guard let text = query[name] else { return nil }
        guard (1...maxLength).contains(text.count) else {
            throw HTTPError.badRequest("query parameter '\(name)' must have 1 to \(maxLength) characters", code: "invalid_parameter")
        }
        return Identifier(text)
    }

    /// A path parameter that must be a positive integer id (`/portfolios/{id}`); anything else is
    /// a 400 saying "`label` must be a positive integer".
    public func pathID<Kind>(_ name: String, label: String) throws -> Identifier<Kind, Int64> {
        guard let text = pathParameters[name], let id = Int64(text), id > 0 else {
            throw HTTPError.badRequest("\(label) must be a positive integer", code: "invalid_parameter")
        }
        return Identifier(id)
    }

    /// An optional non-negative decimal query parameter (`min_liquidity=1000.50`).
    public func queryDecimal(_ name: String) throws -> Decimal? {
        guard let text = query[name], !text.isEmpty else { return nil }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), text.filter({ $0 == "." }).count <= 1,
            let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else {
            throw HTTPError.badRequest("query parameter '\(name)' must be a non-negative number, got '\(text)'", code: "invalid_parameter")
        }
        return value
    }

    /// An optional boolean query parameter (`true`/`false`).
    public func queryBool(_ name: String) throws -> Bool? {
        guard let text = query[name], !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw HTTPError.badRequest("query parameter '\(name)' must be true or false, got '\(text)'", code: "invalid_parameter")
        }
    }

    /// An optional ISO-8601 date or timestamp query parameter.
    public func queryDate(_ name: String) throws -> Date? {
        guard let text = query[name], !text.isEmpty else { return nil }
        guard let date = ISO8601Lenient.parse(text) else {
            throw HTTPError.badRequest("query parameter '\(name)' must be an ISO-8601 date, got '\(text)'", code: "invalid_parameter")
        }
        return date
    }

    /// `limit` (1…500, default 50) and `offset` (≥ 0) for list endpoints.
    public func paging(defaultLimit: Int = 50, maxLimit: Int = 500) throws -> (limit: Int, offset: Int) {
        let limit = try queryInt("limit", default: defaultLimit, range: 1...maxLimit) ?? defaultLimit
        let offset = try queryInt("offset", default: 0, range: 0...Int(Int32.max)) ?? 0
        return (limit, offset)
    }
}
