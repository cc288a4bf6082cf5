import Foundation
import MarketData
import Polymarket
import WalletScoring

/// Reads a wallet's whole activity from the Data API's `/activity`: pages of 500 up to the offset
/// cap (3,000), then the next window ends at the oldest row seen, as the API requires for longer
/// histories. Trades become fills (categorised from their titles), `REWARD` and `MAKER_REBATE`
/// rows income; other rows (`REDEEM`, `SPLIT`, `MERGE`, …) move no skill.
struct WalletHistoryFetcher: Sendable {
    let client: PolymarketClient
    static let pageSize = 500
    static let maxOffset = 3_000
    static let incomeTypes: Set<String> = ["REWARD", "MAKER_REBATE"]

    func history(of address: String) throws -> WalletHistory {
        var history = WalletHistory(address: address)
        var seen = Set<String>()
        var end: Int64?
        var offset = 0
        while true {
            let page = try client.activity(user: address, end: end, limit: Self.pageSize, offset: offset)
            history.calls += 1
            for row in page {
                let key = [
                    row.transactionHash ?? "", row.type, row.conditionID ?? "", "\(row.outcomeIndex ?? -1)", "\(row.timestamp)",
                    "\(row.size ?? 0)", "\(row.usdcSize ?? 0)",
                ].joined(separator: "|")
                guard seen.insert(key).inserted else { continue }
                append(row, to: &history)
            }
            guard page.count == Self.pageSize else { return history }
            if offset + Self.pageSize <= Self.maxOffset {
                offset += Self.pageSize
            } else {
                // The offset cap: walk on in a window ending at the oldest row seen (rows of that
                // second come again and are skipped as seen).
                guard let oldest = page.map(\.timestamp).min(), oldest != end else { return history }
                end = oldest
                offset = 0
            }
        }
    }

    private func append(_ row: WalletActivity, to history: inout WalletHistory) {
        if row.isTrade, let market = row.conditionID, let outcome = row.outcomeIndex, let size = row.size, size > 0 {
            let price = row.price ?? 0
            history.fills.append(
                WalletFill(
                    timestamp: row.timestamp, market: market, outcome: outcome, isBuy: (row.side ?? "BUY").uppercased() == "BUY",
                    price: price, size: size, usdc: row.usdcSize ?? price * size,
                    category: MarketCategorizer.category(eventTitle: nil, eventSlug: row.eventSlug, question: row.title)))
        } else if Self.incomeTypes.contains(row.type), let amount = row.usdcSize ?? row.size {
            history.income.append(WalletIncome(timestamp: row.timestamp, amount: amount))
        }
    }
}
