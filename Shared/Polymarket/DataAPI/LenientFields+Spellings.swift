import Foundation

/// The Data API's two generations spell the same field differently (`proxyWallet` in v1,
/// `proxy_wallet` in v2): these read the first spelling present, so one type decodes both.
extension LenientFields {
    func decimal(_ spellings: [String]) -> Decimal? {
        for key in spellings { if let value = decimal(key, usuallyNumber: true) { return value } }
        return nil
    }

    func string(_ spellings: [String]) -> String? {
        for key in spellings { if let value = string(key) { return value } }
        return nil
    }

    func int(_ spellings: [String]) -> Int64? {
        for key in spellings { if let value = int(key) { return value } }
        return nil
    }

    func bool(_ spellings: [String]) -> Bool? {
        for key in spellings { if let value = bool(key) { return value } }
        return nil
    }
}

extension DecoderFields {
    /// The fields of the object a decoder is at.
    init(_ decoder: any Decoder) throws {
        self.init(container: try decoder.container(keyedBy: AnyCodingKey.self))
    }
}
