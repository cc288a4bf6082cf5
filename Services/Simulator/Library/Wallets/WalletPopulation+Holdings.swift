import Foundation
import PrescientCore

extension WalletPopulation {
    /// One wallet's net holding of one outcome token, from its fills.
    struct Holding {
        let market: Int
        let outcome: Int
        var shares: Decimal = 0
        var cost: Decimal = 0
        var bought: Decimal = 0
        var firstTime: Int64 = .max
        var lastTime: Int64 = 0

        var averagePrice: Decimal { shares > 0 ? (cost / shares).rounded(scale: 4) : 0 }
    }

    /// Where a holding stands now: open (market not resolved), lost (resolved against it, still
    /// listed as a dead position), or won (redeemed: gone from `/positions`).
    enum Standing {
        case open, lost, won
    }

    /// The wallet's holdings, one per token it traded, in the order it first traded them.
    func holdings(of wallet: Int) -> [Holding] {
        var order: [String] = []
        var byToken: [String: Holding] = [:]
        for index in fillsByWallet[wallet] ?? [] {
            let fill = fills[index]
            let key = "\(fill.market)/\(fill.outcome)"
            if byToken[key] == nil {
                order.append(key)
                byToken[key] = Holding(market: fill.market, outcome: fill.outcome)
            }
            let signed = fill.side == "BUY" ? fill.size : -fill.size
            byToken[key]!.shares += signed
            byToken[key]!.cost += signed * fill.price
            if fill.side == "BUY" { byToken[key]!.bought += fill.size }
            byToken[key]!.lastTime = max(byToken[key]!.lastTime, fill.timestamp)
            byToken[key]!.firstTime = min(byToken[key]!.firstTime, fill.timestamp)
        }
        return order.compactMap { byToken[$0] }.filter { $0.shares > 0 }
    }

    func standing(_ holding: Holding) -> Standing {
        guard let winner = markets[holding.market].winner else { return .open }
        return winner == holding.outcome ? .won : .lost
    }

    /// The truth about every wallet (what `/sim/wallets/truth` reveals; nothing in the product reads it).
    struct Truth: Encodable {
        let address: String
        let archetype: String
        let edge: Decimal
        let cluster: Int?
        let resolved_markets: Int
    }

    /// An open market's hidden fate, as `/sim/wallets/truth` reveals it.
    struct Fate: Encodable {
        let condition_id: String
        let winning_outcome_index: Int
    }

    /// One fill in an open market with the move it made (what the odds-movement detector should find).
    struct Move: Encodable {
        let transaction_hash: String
        let condition_id: String
        let wallet: String
        let outcome_index: Int
        let size: Decimal
        let price: Decimal
        let timestamp: Int64
        let impact: Decimal
    }

    /// Everything `/sim/wallets/truth` reveals.
    struct Revealed: Encodable {
        let wallets: [Truth]
        let open_markets: [Fate]
        /// Every fill of the open markets, oldest first, with its price impact.
        let open_fills: [Move]
    }

    func revealed() -> Revealed {
        Revealed(
            wallets: truth(),
            open_markets: fates.keys.sorted().map { Fate(condition_id: markets[$0].conditionID, winning_outcome_index: fates[$0]!) },
            open_fills: fills.indices.filter { markets[fills[$0].market].winner == nil && fills[$0].price > 0 }
                .sorted { fills[$0].timestamp < fills[$1].timestamp }
                .map { index in
                    let fill = fills[index]
                    return Move(
                        transaction_hash: Simulator.transactionHash(fill.wallet, index), condition_id: markets[fill.market].conditionID,
                        wallet: wallets[fill.wallet].address, outcome_index: fill.outcome, size: fill.size, price: fill.price,
                        timestamp: fill.timestamp, impact: fill.impact)
                })
    }

    func truth() -> [Truth] {
        wallets.indices.map { index in
            let resolved = Set((fillsByWallet[index] ?? []).map { fills[$0].market }.filter { markets[$0].winner != nil }).count
            let wallet = wallets[index]
            return Truth(
                address: wallet.address, archetype: wallet.archetype.rawValue, edge: wallet.edge, cluster: wallet.cluster,
                resolved_markets: resolved)
        }
    }
}
