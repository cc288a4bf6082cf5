import Foundation
import HTTPServer
import Polymarket

extension Simulator {
    func registerDataAPI(on router: inout Router) {
        router.get("/trades") { [self] request in
            let limit = min(max(request.query["limit"].flatMap(Int.init) ?? 100, 0), 10_000)
            let offset = max(request.query["offset"].flatMap(Int.init) ?? 0, 0)
            let market = request.query["market"]
            let user = request.query["user"]?.lowercased()
            let selected = recordedTrades.entries.filter { entry in
                (market == nil || entry.trade.conditionID == market) && (user == nil || entry.trade.proxyWallet?.lowercased() == user)
            }
            // The seeded wallets' fills of that wallet or market follow the recorded ones.
            // Planted trades are the newest.
            var rows = try plantedRows(wallet: user, conditionID: market).map { Array(try JSONEncoder().encode($0)) }
            rows += selected.map(\.payload)
            if user != nil || market != nil {
                let wallet = user.map { population.walletIndex[$0] ?? -1 }
                rows += try populationTrades(wallet: wallet, conditionID: market).map { Array(try JSONEncoder().encode($0)) }
            }
            return .json(bytes: Self.joinArray(Array(rows.dropFirst(offset).prefix(limit))))
        }
        router.get("/holders") { [self] request in
            guard let market = request.query["market"], !market.isEmpty else {
                throw HTTPError.badRequest("market (a condition id) is required", code: "missing_parameter")
            }
            // As published: at most 20 holders per token.
            let limit = min(max(request.query["limit"].flatMap(Int.init) ?? 20, 1), 20)
            let minimum = try request.queryDecimal("minBalance") ?? 1
            // Markets the seeded wallets trade answer from them; others from the recorded trades.
            let conditions = market.split(separator: ",").map(String.init)
            return .json(conditions.flatMap { tokenHolders(of: $0, limit: limit, minimum: minimum) })
        }
    }

    /// A market's top holders per token: the seeded wallets' where they trade it, else derived
    /// from the recorded trades.
    func tokenHolders(of condition: String, limit: Int, minimum: Decimal) -> [DataAPIRows.TokenHolders] {
        populationHolders(of: condition, limit: limit, minimum: minimum) ?? holders(of: condition, limit: limit)
    }

    /// No `/holders` response was ever recorded, so holders are derived from the recorded trades:
    /// each wallet's net bought size per token.
    func holders(of conditionID: String, limit: Int) -> [DataAPIRows.TokenHolders] {
        var byToken: [String: [String: Decimal]] = [:]
        var outcomeIndexes: [String: Int] = [:]
        for entry in recordedTrades.entries where entry.trade.conditionID == conditionID {
            guard let token = entry.trade.asset, let wallet = entry.trade.proxyWallet, let size = entry.trade.size else { continue }
            let signed = entry.trade.side?.uppercased() == "SELL" ? -size : size
            byToken[token, default: [:]][wallet, default: 0] += signed
            if let index = universe.marketIndexByToken[token] {
                outcomeIndexes[token] = universe.markets[index].tokenIDs.firstIndex(of: token)
            }
        }
        return byToken.keys.sorted().map { token in
            let holders = byToken[token]!.filter { $0.value > 0 }.sorted { $0.value > $1.value }.prefix(limit).map {
                DataAPIRows.Holder(
                    proxyWallet: $0.key, bio: "", asset: token, pseudonym: "", amount: $0.value, displayUsernamePublic: false,
                    outcomeIndex: outcomeIndexes[token] ?? 999, name: "", profileImage: "", profileImageOptimized: "", verified: false)
            }
            return DataAPIRows.TokenHolders(token: token, holders: Array(holders))
        }
    }
}
