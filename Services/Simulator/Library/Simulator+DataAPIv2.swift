import Foundation
import HTTPServer
import Polymarket
import PrescientCore

/// The Data API's second generation over the same recorded data: `/v2/trades` and
/// `/v2/holders`, snake_case, in a `{data, pagination:{limit, offset, has_more, next_cursor}}`
/// envelope, paged by an opaque cursor only (an `offset` parameter is a 400, as on Polymarket).
extension Simulator {
    /// v1 field names and their v2 spellings; the other fields keep their names.
    static let v2FieldNames = [
        "proxyWallet": "proxy_wallet", "asset": "token_id", "conditionId": "condition_id", "eventSlug": "event_slug",
        "outcomeIndex": "outcome_index", "profileImage": "profile_image", "profileImageOptimized": "profile_image_optimized",
        "transactionHash": "transaction_hash", "displayUsernamePublic": "display_username_public", "usdcSize": "usdc_size",
    ]

    struct V2Page<Item: Encodable>: Encodable {
        struct Pagination: Encodable {
            let limit: Int
            let offset: Int
            let has_more: Bool
            let next_cursor: String?
        }

        let data: [Item]
        let pagination: Pagination
    }

    func registerDataAPIv2(on router: inout Router) {
        router.get("/v2/trades") { [self] request in
            let (offset, limit) = try Self.v2Paging(request, defaultLimit: 100, maxLimit: 1_000)
            let market = request.query["condition"] ?? request.query["market"]
            let user = request.query["user"]?.lowercased()
            let selected = recordedTrades.entries.filter { entry in
                (market == nil || entry.trade.conditionID == market) && (user == nil || entry.trade.proxyWallet?.lowercased() == user)
            }
            let rows = try selected.dropFirst(offset).prefix(limit).map { try Self.v2Row($0.payload) }
            return .json(Self.v2Page(rows, offset: offset, total: selected.count, limit: limit))
        }
        router.get("/v2/holders") { [self] request in
            guard let conditions = request.query["condition"]?.split(separator: ",").map(String.init), !conditions.isEmpty else {
                throw HTTPError.badRequest("condition (up to 20 condition ids, comma-separated) is required", code: "missing_parameter")
            }
            guard conditions.count <= 20 else { throw HTTPError.badRequest("at most 20 condition ids", code: "invalid_parameter") }
            let (offset, limit) = try Self.v2Paging(request, defaultLimit: 100, maxLimit: 1_000)
            struct Holder: Encodable {
                let proxy_wallet: String
                let bio: String
                let token_id: String
                let pseudonym: String
                let amount: Decimal
                let display_username_public: Bool
                let outcome_index: Int
                let name: String
                let profile_image: String
                let profile_image_optimized: String
                let verified: Bool
            }
            struct Token: Encodable {
                let token_id: String
                let holders: [Holder]
            }
            var tokens: [Token] = []
            var more = false
            for condition in conditions {
                for entry in tokenHolders(of: condition, limit: offset + limit + 1, minimum: 1) {
                    let page = entry.holders.dropFirst(offset).prefix(limit)
                    more = more || entry.holders.count > offset + limit
                    tokens.append(
                        Token(
                            token_id: entry.token,
                            holders: page.map {
                                Holder(
                                    proxy_wallet: $0.proxyWallet, bio: $0.bio, token_id: entry.token, pseudonym: $0.pseudonym,
                                    amount: $0.amount, display_username_public: $0.displayUsernamePublic, outcome_index: $0.outcomeIndex,
                                    name: $0.name, profile_image: $0.profileImage, profile_image_optimized: $0.profileImageOptimized,
                                    verified: $0.verified)
                            }))
                }
            }
            return .json(
                V2Page(
                    data: tokens,
                    pagination: .init(
                        limit: limit, offset: offset, has_more: more, next_cursor: more ? Self.v2Cursor(offset + limit) : nil)))
        }
    }

    /// The page's start (from `cursor`) and size; `offset` is refused as v2 refuses it.
    static func v2Paging(_ request: HTTPRequest, defaultLimit: Int, maxLimit: Int) throws -> (offset: Int, limit: Int) {
        if request.query["offset"] != nil {
            throw HTTPError.badRequest("offset is not supported on v2 endpoints; page with cursor", code: "invalid_parameter")
        }
        let limit = try request.queryInt("limit", default: defaultLimit, range: 1...maxLimit) ?? defaultLimit
        guard let cursor = request.query["cursor"], !cursor.isEmpty else { return (0, limit) }
        guard let offset = v2CursorOffset(cursor) else {
            throw HTTPError.badRequest("cursor '\(cursor)' is not a cursor this endpoint gave", code: "invalid_cursor")
        }
        return (offset, limit)
    }

    /// An opaque cursor: base64url (no padding) of `{"o":<offset>}`.
    static func v2Cursor(_ offset: Int) -> String {
        Data(#"{"o":\#(offset)}"#.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func v2CursorOffset(_ cursor: String) -> Int? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        struct Position: Decodable { let o: Int }
        guard let data = Data(base64Encoded: text), let position = try? JSONDecoder().decode(Position.self, from: data),
            position.o >= 0
        else { return nil }
        return position.o
    }

    static func v2Page<Row: Encodable>(_ rows: [Row], offset: Int, total: Int, limit: Int) -> V2Page<Row> {
        let more = offset + rows.count < total
        return V2Page(
            data: rows,
            pagination: .init(limit: limit, offset: offset, has_more: more, next_cursor: more ? v2Cursor(offset + rows.count) : nil))
    }

    /// A recorded v1 row with its fields renamed as v2 names them.
    static func v2Row(_ payload: [UInt8]) throws -> JSONValue {
        guard case .object(let fields) = try JSONDecoder().decode(JSONValue.self, from: Data(payload)) else { return .null }
        return .object(Dictionary(uniqueKeysWithValues: fields.map { (v2FieldNames[$0.key] ?? $0.key, $0.value) }))
    }
}
