import Foundation
import Polymarket
import PrescientCore

/// A market as the CLOB's `/markets` family answers it (snake_case, tokens with their outcome
/// and price, rewards), built from the recorded Gamma market. The simplified form keeps only
/// the condition, tokens, rewards and the state flags, as the CLOB's `/simplified-markets` does.
struct ClobMarket: Encodable {
    struct Token: Encodable {
        let token_id: String
        let outcome: String
        let price: Decimal
        let winner: Bool
    }

    struct Rewards: Encodable {
        let rates: [String]?
        let min_size: Decimal
        let max_spread: Decimal
    }

    /// The Gamma fields the CLOB object carries that `GammaMarket` does not decode.
    struct GammaExtras: Decodable {
        let questionID: String?
        let description: String?
        let marketMakerAddress: String?
        let icon: String?
        let image: String?
        let endDateIso: String?
        let gameStartTime: String?
        let secondsDelay: Int?
        let makerBaseFee: Int?
        let takerBaseFee: Int?
        let rewardsMinSize: Decimal?
        let rewardsMaxSpread: Decimal?
        let negRiskRequestID: String?
        let acceptingOrdersTimestamp: String?
    }

    let enable_order_book: Bool
    let active: Bool
    let closed: Bool
    let archived: Bool
    let accepting_orders: Bool
    let accepting_order_timestamp: String?
    let minimum_order_size: Decimal
    let minimum_tick_size: Decimal
    let condition_id: String
    let question_id: String
    let question: String
    let description: String
    let market_slug: String
    let end_date_iso: String?
    let game_start_time: String?
    let seconds_delay: Int
    let fpmm: String
    let maker_base_fee: Int
    let taker_base_fee: Int
    let notifications_enabled: Bool
    let neg_risk: Bool
    let neg_risk_market_id: String
    let neg_risk_request_id: String
    let icon: String
    let image: String
    let rewards: Rewards
    let is_50_50_outcome: Bool
    let tokens: [Token]
    let tags: [String]

    /// Whether the market pays liquidity rewards (what `/sampling-markets` lists).
    var paysRewards: Bool { rewards.min_size > 0 && rewards.max_spread > 0 && accepting_orders }

    /// The market from its recorded payload, as it stands now: `closed` when recorded closed or
    /// resolved in the simulation, with the winning token marked and priced 1.
    init(_ market: SimulatedMarket, payload: [UInt8], closedNow: Bool) throws {
        let data = Data(payload)
        let gamma = try JSONDecoder().decode(GammaMarket.self, from: data)
        let extras = try JSONDecoder().decode(GammaExtras.self, from: data)
        let prices = gamma.outcomePrices
        let resolved = closedNow && prices.contains(1)
        enable_order_book = gamma.enableOrderBook ?? true
        active = gamma.active ?? true
        closed = closedNow
        archived = gamma.archived ?? false
        accepting_orders = !closedNow && (gamma.acceptingOrders ?? false)
        accepting_order_timestamp = extras.acceptingOrdersTimestamp
        minimum_order_size = market.minOrderSize
        minimum_tick_size = market.tickSize
        condition_id = market.conditionID
        question_id = extras.questionID ?? ""
        question = gamma.question ?? ""
        description = extras.description ?? ""
        market_slug = gamma.slug ?? ""
        end_date_iso = extras.endDateIso
        game_start_time = extras.gameStartTime
        seconds_delay = extras.secondsDelay ?? 0
        fpmm = extras.marketMakerAddress ?? ""
        maker_base_fee = extras.makerBaseFee ?? 0
        taker_base_fee = extras.takerBaseFee ?? 0
        notifications_enabled = true
        neg_risk = market.negRisk
        neg_risk_market_id = gamma.negRiskMarketID ?? ""
        neg_risk_request_id = extras.negRiskRequestID ?? ""
        icon = extras.icon ?? ""
        image = extras.image ?? ""
        rewards = Rewards(rates: nil, min_size: extras.rewardsMinSize ?? 0, max_spread: extras.rewardsMaxSpread ?? 0)
        is_50_50_outcome = false
        tokens = zip(market.tokenIDs, gamma.outcomes).enumerated().map { index, pair in
            let price = index < prices.count ? prices[index] : 0
            return Token(token_id: pair.0, outcome: pair.1, price: price, winner: resolved && price == 1)
        }
        tags = gamma.category.map { [$0] } ?? []
    }

    /// The `/simplified-markets` form.
    struct Simplified: Encodable {
        let condition_id: String
        let rewards: Rewards
        let tokens: [Token]
        let active: Bool
        let closed: Bool
        let archived: Bool
        let accepting_orders: Bool
    }

    var simplified: Simplified {
        Simplified(
            condition_id: condition_id, rewards: rewards, tokens: tokens, active: active, closed: closed, archived: archived,
            accepting_orders: accepting_orders)
    }
}
