import Foundation

/// The dollar value of a wallet's open positions (`GET /value` → `[{user, value}]`,
/// `GET /v2/value` → `{data:{proxy_wallet, value}}`).
public struct WalletValue: Decodable, Sendable {
    public var proxyWallet: String
    public var value: Decimal

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["user", "proxy_wallet", "proxyWallet"]), let value = f.decimal("value", usuallyNumber: true) else {
            throw DataAPIShapeError(type: "value")
        }
        (proxyWallet, self.value) = (wallet, value)
    }
}

/// How many markets a wallet has traded (`GET /traded` → `{user, traded}`).
public struct WalletTraded: Decodable, Sendable {
    public var proxyWallet: String
    public var traded: Int

    public init(from decoder: any Decoder) throws {
        let f = try DecoderFields(decoder)
        guard let wallet = f.string(["user", "proxy_wallet"]), let traded = f.int("traded") else { throw DataAPIShapeError(type: "traded") }
        (proxyWallet, self.traded) = (wallet, Int(traded))
    }
}
