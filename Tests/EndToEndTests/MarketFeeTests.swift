import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// Fees come from the market's own data. Recorded markets that name a `feeType` without a
/// `feeSchedule` pay that type's published rate (crypto 0.07, sports 0.03), whatever their
/// question's keywords suggest; each fee is checked against a hand computation on the book.
@Suite("Market fees end to end", .serialized, .tags(.stack, .database))
struct MarketFeeTests {
    static let dataset = "gamma-markets/markets_fee-enabled_sample_2026-03-11.json"

    /// (question prefix, the fee type's published rate, what the keyword guess used to charge)
    static let cases: [(String, Decimal, Decimal)] = [
        ("HYPE Up or Down on March 13?", Decimal(string: "0.07")!, Decimal(string: "0.03")!),
        ("Will annual inflation increase by ≥3.4% in March?", Decimal(string: "0.03")!, Decimal(string: "0.05")!),
    ]

    @Test func feeTypeWithoutSchedule_paysThePublishedRateOfItsType() throws {
        let stack = try TradingStack(dataset: Self.dataset)
        let export = try stack.get(stack.url("markets") + "/markets/export-all-markets-db")
        #expect(export.status == 200, "\(export.text)")
        for (question, rate, oldGuess) in Self.cases {
            let market = try stack.pool.execute(
                "SELECT id, yes_token_id, fee_rate, fee_source FROM markets WHERE question = \(question)")[0]
            let marketID: String = try market.decode("id")
            let token: String = try market.decode("yes_token_id")
            #expect(try market.decode("fee_rate", as: Decimal.self) == rate, "\(question)")
            #expect((try market.decode("fee_source", as: String.self)).hasPrefix("fee_type:"), "\(question)")

            // The book as the simulator serves it now; a $5 buy fills at the best ask alone.
            let book =
                try JSONSerialization.jsonObject(with: Data(try stack.get(stack.simulator.clobURL + "/book?token_id=\(token)").body))
                as? [String: Any] ?? [:]
            let asks = (book["asks"] as? [[String: Any]] ?? []).compactMap { level -> (Decimal, Decimal)? in
                guard let price = (level["price"] as? String).flatMap({ Decimal(string: $0) }),
                    let size = (level["size"] as? String).flatMap({ Decimal(string: $0) })
                else { return nil }
                return (price, size)
            }
            let best = try #require(asks.min { $0.0 < $1.0 })
            let dollars: Decimal = 5
            var shares = dollars / best.0
            var rounded = Decimal()
            NSDecimalRound(&rounded, &shares, 2, .down)
            try #require(rounded <= best.1, "the best level must hold the whole fill")

            let id = try stack.createPortfolio(#"{"name":"Fees","strategy_type":"momentum","initial_balance":100}"#)
            let quote = try stack.get(
                stack.url("paper-trading") + "/paper-trading/quote?portfolio_id=\(id)&token_id=\(token)&side=buy&amount=5")
            #expect((quote.json["fee_source"] as? String ?? "").hasPrefix("fee_type:"), "\(quote.text)")
            let signal = try stack.insertSignal(
                portfolio: id, cycle: "fees", market: marketID, token: token, action: "buy_yes", amount: dollars, limit: best.0)
            _ = try stack.execute(id)
            let status = try stack.signalStatus(signal)
            #expect(status.status == "executed", "\(status)")
            let trade = try stack.pool.execute("SELECT shares, price, fee FROM trades WHERE signal_id = \(signal)")[0]
            #expect(try trade.decode("shares", as: Decimal.self) == rounded)
            #expect(try trade.decode("price", as: Decimal.self) == best.0)
            // By hand: shares × rate × p × (1 − p), floored to 5 decimals.
            var exact = rounded * rate * best.0 * (1 - best.0)
            var expected = Decimal()
            NSDecimalRound(&expected, &exact, 5, .down)
            #expect(try trade.decode("fee", as: Decimal.self) == expected, "\(question)")
            #expect(expected > 0)
            var guessed = rounded * oldGuess * best.0 * (1 - best.0)
            var guessFee = Decimal()
            NSDecimalRound(&guessFee, &guessed, 5, .down)
            #expect(guessFee != expected, "the case must tell the published rate from the keyword guess")
            let note = try stack.pool.execute("SELECT note FROM ledger WHERE kind = 'fee' AND portfolio_id = \(id)")[0].decode(
                "note", as: String.self)
            #expect(note.contains("fee_type:"), "\(note)")
        }
        try expectMoneyReconciles(stack)
    }
}
