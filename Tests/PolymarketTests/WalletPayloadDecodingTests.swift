import Foundation
import Polymarket
import PrescientCore
import TestSupport
import Testing

/// Every recorded Data API wallet payload (v1 and v2) decodes into the client's types: every
/// row, none skipped, and the figures exactly as the bytes hold them (read here by slicing the
/// raw JSON, a second method).
@Suite("Recorded wallet payloads decode")
struct WalletPayloadDecodingTests {
    static let folder = TestEnvironment.fixturesDirectory + "/data-api-wallets"

    /// A row's raw text for the first of `keys` present.
    static func raw(_ bytes: [UInt8], row: Range<Int>, _ keys: [String]) -> String? {
        let slicer = JSONSlicer(bytes)
        for key in keys {
            if let value = slicer.value(key, ofObject: row) {
                return slicer.string(at: value) ?? String(decoding: bytes[value], as: UTF8.self)
            }
        }
        return nil
    }

    /// The row objects of a v1 array or a v2 `{data:[…]}` envelope.
    static func rows(_ bytes: [UInt8]) -> [Range<Int>] {
        let slicer = JSONSlicer(bytes)
        guard let root = slicer.root else { return [] }
        if let rows = slicer.elements(ofArray: root) { return rows }
        return slicer.value("data", ofObject: root).flatMap(slicer.elements(ofArray:)) ?? []
    }

    /// Checks a list file: every row decodes, and `figures` (our value, the keys it comes from)
    /// match the raw text exactly.
    func check<Item: Decodable & Sendable>(
        _ path: String, as type: Item.Type, wallet: (Item) -> String, figures: [(Item) -> Decimal?] = [], keys: [[String]] = []
    ) throws {
        let bytes = try Gzip.readFile(Self.folder + "/" + path)
        let list = try JSONDecoder().decode(DataAPIList<Item>.self, from: Data(bytes))
        let rows = Self.rows(bytes)
        #expect(list.items.count == rows.count && list.skipped == 0 && !rows.isEmpty, "\(path): \(list.items.count) of \(rows.count)")
        for (item, row) in zip(list.items, rows) {
            #expect(wallet(item) == Self.raw(bytes, row: row, ["proxyWallet", "proxy_wallet", "user_id", "user"]), "\(path)")
            for (figure, names) in zip(figures, keys) {
                let expected = Self.raw(bytes, row: row, names).flatMap(DecimalText.parse)
                #expect(figure(item) == expected, "\(path) \(names[0])")
            }
        }
        if path.contains("/v2-") { #expect(list.pagination != nil, "\(path): v2 lists carry pagination") }
    }

    @Test func everyRecordedWalletFile_decodesEveryRowExactly() throws {
        var checked = Set<String>()
        func mark(_ path: String) { checked.insert(path) }
        for path in [
            "positions/v1-positions-kch123-5rows.json", "positions/v1-positions-leaderboard-no1-sizeThreshold100.json",
            "positions/v2-positions-open-limit2.json",
        ] {
            try check(
                path, as: WalletPosition.self, wallet: \.proxyWallet, figures: [\.size, \.averagePrice, \.realizedPnl],
                keys: [["size", "current_size"], ["avgPrice", "avg_price"], ["realizedPnl", "realized_pnl"]])
            mark(path)
        }
        try check(
            "closed-positions/v1-closed-positions-kch123-5rows.json", as: ClosedWalletPosition.self, wallet: \.proxyWallet,
            figures: [\.realizedPnl, \.totalBought], keys: [["realizedPnl"], ["totalBought"]])
        mark("closed-positions/v1-closed-positions-kch123-5rows.json")
        for path in [
            "activity/v1-activity-all-types-limit50-leaderboard-no1.json", "activity/v1-activity-type-REDEEM-leaderboard-no1.json",
            "activity/v2-activity-limit2.json",
        ] {
            try check(
                path, as: WalletActivity.self, wallet: \.proxyWallet, figures: [\.size, \.usdcSize],
                keys: [["size"], ["usdcSize", "usdc_size"]])
            mark(path)
        }
        for path in ["trades/v1-trades-global-takerOnly-cash10k-limit5.json", "trades/v2-trades-global-limit2.json"] {
            try check(path, as: DataTrade.self, wallet: { $0.proxyWallet ?? "" }, figures: [\.size, \.price], keys: [["size"], ["price"]])
            mark(path)
        }
        for path in [
            "leaderboard/v1-leaderboard-month-pnl-top50-2026-07-17.json", "leaderboard/v2-leaderboard-week-pnl-limit2.json",
            "leaderboard/lb-api-profit-window-all-top5.json",
        ] {
            try check(path, as: LeaderboardEntry.self, wallet: \.proxyWallet, figures: [\.pnl], keys: [["pnl", "amount"]])
            mark(path)
        }
        try check(
            "other-v2/v2-biggest-winners-week-limit2.json", as: BiggestWin.self, wallet: \.proxyWallet, figures: [\.pnl], keys: [["pnl"]])
        mark("other-v2/v2-biggest-winners-week-limit2.json")

        // Holders: one entry per token, each holder's shares exact.
        for path in [
            "holders/v1-holders-limit20-minBalance1-2tokens-x20.json", "holders/v2-holders-limit2.json",
            "holders/v2-holders-include-pnl-limit2.json",
        ] {
            let bytes = try Gzip.readFile(Self.folder + "/" + path)
            let list = try JSONDecoder().decode(DataAPIList<TokenHolders>.self, from: Data(bytes))
            let raw = try JSONSerialization.jsonObject(with: Data(bytes))
            let tokens = (raw as? [[String: Any]]) ?? ((raw as? [String: Any])?["data"] as? [[String: Any]]) ?? []
            #expect(list.items.count == tokens.count && list.skipped == 0 && !tokens.isEmpty, "\(path)")
            for (entry, token) in zip(list.items, tokens) {
                let holders = token["holders"] as? [[String: Any]] ?? []
                #expect(entry.holders.count == holders.count, "\(path)")
                #expect(entry.token == (token["token"] ?? token["token_id"]) as? String)
            }
            if path.contains("include-pnl") { #expect(list.items.allSatisfy { $0.holders.allSatisfy { $0.totalPnl != nil } }) }
            mark(path)
        }

        // The single objects of v2.
        let value = try JSONDecoder().decode(
            DataAPIObject<WalletValue>.self, from: Data(try Gzip.readFile(Self.folder + "/value/v2-value.json")))
        #expect(value.item.proxyWallet.hasPrefix("0x") && value.item.value > 0)
        mark("value/v2-value.json")
        let user = try JSONDecoder().decode(
            DataAPIObject<LeaderboardEntry>.self, from: Data(try Gzip.readFile(Self.folder + "/leaderboard/v2-leaderboard-user-week.json")))
        #expect(user.item.rank != nil && user.item.volumeRank != nil)
        mark("leaderboard/v2-leaderboard-user-week.json")
        let stats = try JSONDecoder().decode(
            DataAPIObject<WalletStats>.self, from: Data(try Gzip.readFile(Self.folder + "/other-v2/v2-user-stats.json")))
        #expect(stats.item.allTime?.realizedLPPnl != nil && stats.item.allTime?.feesPaid != nil)
        mark("other-v2/v2-user-stats.json")
        let pnl = try JSONDecoder().decode(
            DataAPIObject<WalletPnLSeries>.self, from: Data(try Gzip.readFile(Self.folder + "/other-v2/v2-user-pnl-1w-1d.json")))
        #expect(pnl.item.points.count == 7)
        mark("other-v2/v2-user-pnl-1w-1d.json")

        // No recorded file is left without a decoder.
        let all = try FileManager.default.subpathsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".json") }
        #expect(Set(all) == checked, "files without a decoding check: \(Set(all).subtracting(checked).sorted())")
    }
}
