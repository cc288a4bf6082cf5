import Foundation

/// One token's positions in a market (`GET /v1/market-positions` → `[{token, positions:[…]}]`),
/// each with its holder's P&L in that market.
public struct MarketPositions: Decodable, Sendable {
    public var token: String
    public var positions: [WalletPosition]

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let token = f.string(["token", "token_id"]) else { throw DataAPIShapeError(type: "market positions") }
        self.token = token
        positions =
            try decoder.container(keyedBy: AnyCodingKey.self).decode(LenientList<WalletPosition>.self, forKey: AnyCodingKey("positions"))
            .elements
    }
}
