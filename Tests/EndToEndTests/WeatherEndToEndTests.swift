import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing
import Weather

/// The weather strategy trading live: the simulator serves the recorded weather events of
/// 2026-06-22 00:01 UTC (its clock starts there) and the recorded Open-Meteo forecasts; the
/// markets service stores the events, the weather service parses them and fetches the forecasts,
/// and the orchestrator's cycle buys. The expected buys are recomputed here without the strategy's
/// code: each bucket's probability by numerically integrating the normal density of the forecast
/// the simulator serves (σ from `Fixtures/weather/NOTES.md`: 1.3 + 0.3 × lead °C, × 1.8 in °F),
/// each ask read from the simulator's CLOB, the best expected value per event with an edge of at
/// least 0.05, and a quarter-Kelly stake capped at 250.
@Suite("Weather end to end", .serialized, .tags(.stack, .database))
struct WeatherEndToEndTests {
    static let weatherRun = "gamma-events/events_weather_one-run_2026-06-22T00-01Z.json"

    @Test func aWeatherPortfolio_buysTheBestEdgeBucketOfEachEvent_fromTheRecordedForecasts() throws {
        let stack = try TradingStack(dataset: Self.weatherRun, weather: true)
        #expect(try stack.get(stack.url("events") + "/events/export-all-active-events-db").status == 200)
        #expect(try stack.get(stack.url("markets") + "/markets/export-all-markets-db").status == 200)
        let refresh = try stack.post(stack.url("weather") + "/weather/refresh", "")
        #expect(refresh.status == 200, "\(refresh.text)")
        #expect(refresh.json["markets_parsed"] as? Int == 88, "\(refresh.text)")
        #expect((refresh.json["cities"] as? [String])?.sorted() == ["London", "Munich", "NYC", "Tokyo"], "\(refresh.text)")

        let portfolio = try stack.createPortfolio(
            #"""
            {"name":"Weather","strategy_type":"weather","initial_balance":10000,
             "strategy_config":{"min_edge":0.05,"max_stake":250,"kelly_fraction":0.25,"max_single_position_pct":0.25,"min_liquidity":0}}
            """#)
        let expected = try expectedBuys(stack)
        #expect(expected.count >= 3, "the recorded forecasts should disagree with some markets: \(expected)")

        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.status == 200, "\(run.text)")
        let signals = try stack.pool.execute(
            "SELECT market_id, amount, status, reason FROM trading_signals WHERE portfolio_id = \(portfolio) AND action = 'buy_yes'"
        ).rows.map {
            (
                market: try $0.decode("market_id", as: String.self), amount: try $0.decode("amount", as: Decimal.self),
                status: try $0.decode("status", as: String.self), reason: try $0.decode("reason", as: String.self)
            )
        }
        #expect(Set(signals.map(\.market)) == Set(expected.keys), "signals \(signals.map(\.market)) vs expected \(expected)")
        for signal in signals {
            #expect(
                signal.amount == expected[signal.market]?.stake,
                "\(signal.market): \(signal.amount) vs \(String(describing: expected[signal.market]))")
            #expect(signal.status == "executed", "\(signal.market): \(signal.status)")
            #expect(signal.reason.contains("forecast high"), "\(signal.reason)")
        }
        // Every buy took the YES token's asks from the best up to ask + max_slippage (0.03), for at
        // most its stake: the shares and dollars of a walk of the book read before the cycle.
        let trades = try stack.pool.execute(
            """
            SELECT t.market_id, t.shares, t.amount FROM trades t JOIN markets m ON m.id = t.market_id
            WHERE t.portfolio_id = \(portfolio) AND t.side = 'buy' AND t.token_id = m.yes_token_id
            """
        ).rows.map {
            (
                market: try $0.decode("market_id", as: String.self), shares: try $0.decode("shares", as: Decimal.self),
                amount: try $0.decode("amount", as: Decimal.self)
            )
        }
        #expect(Set(trades.map(\.market)) == Set(expected.keys))
        for trade in trades {
            let walked = expected[trade.market].map { Self.walk($0.asks, dollars: $0.stake, limit: $0.ask + Decimal(string: "0.03")!) }
            #expect(trade.shares == walked?.shares && trade.amount == walked?.dollars, "\(trade) vs \(String(describing: walked))")
        }
        try expectMoneyReconciles(stack)

        // Each market whose resolution the recording holds (NYC's; the recorded snapshots of the
        // other cities' events stop at 06:01 UTC on their day) resolves as it did on Polymarket;
        // settlement pays a dollar a share on the winners only.
        let outcomes = try recordedOutcomes()
        var payout: Decimal = 0
        let resolvable = trades.filter { outcomes[$0.market] != nil }
        #expect(!resolvable.isEmpty, "no traded market has a recorded resolution")
        for trade in resolvable {
            let outcome = outcomes[trade.market]!
            let condition = try stack.pool.execute("SELECT condition_id FROM markets WHERE id = \(trade.market)")[0].decode(
                "condition_id", as: String.self)
            let resolved = try stack.post(
                stack.simulator.baseURL + "/sim/resolve", #"{"condition_id":"\#(condition)","outcome":"\#(outcome)"}"#)
            #expect(resolved.status == 200, "\(resolved.text)")
            if outcome == "YES" { payout += trade.shares }
        }
        let cashBefore = try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(portfolio)")
        let settled = try stack.post(stack.url("paper-trading") + "/paper-trading/settle", "")
        #expect(settled.json["positions_settled"] as? Int == resolvable.count, "\(settled.text)")
        #expect(try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(portfolio)") == cashBefore + payout)
        try expectMoneyReconciles(stack)
    }

    /// Market id → "YES" or "NO" from the recorded snapshots: in an event, the bucket whose last
    /// snapshot shows UMA's proposed or final resolution with YES at 0.999 or more won, the
    /// others lost; an event without exactly one such bucket is left out.
    func recordedOutcomes() throws -> [String: String] {
        let path = TestEnvironment.fixturesDirectory + "/gamma-events/events_weather_snapshots_2026-06-16_to_2026-07-03.json.gz"
        let runs = try JSONSerialization.jsonObject(with: Data(try PrescientCore.Gzip.readFile(path))) as? [[String: Any]] ?? []
        var last: [String: (event: String, status: String, yes: Double)] = [:]
        for event in runs.flatMap({ $0["gamma_events"] as? [[String: Any]] ?? [] }) {
            for market in event["markets"] as? [[String: Any]] ?? [] {
                guard let id = market["id"] as? String, let eventID = event["id"] as? String,
                    let prices = try? JSONSerialization.jsonObject(with: Data((market["outcomePrices"] as? String ?? "").utf8)) as? [String]
                else { continue }
                last[id] = (eventID, market["umaResolutionStatus"] as? String ?? "", Double(prices.first ?? "") ?? 0)
            }
        }
        var outcomes: [String: String] = [:]
        for markets in Dictionary(grouping: last, by: { $0.value.event }).values {
            let winners = markets.filter { ["proposed", "resolved"].contains($0.value.status) && $0.value.yes >= 0.999 }
            guard winners.count == 1 else { continue }
            for market in markets { outcomes[market.key] = market.key == winners[0].key ? "YES" : "NO" }
        }
        return outcomes
    }

    struct ExpectedBuy: CustomStringConvertible {
        let stake: Decimal
        let ask: Decimal
        let asks: [(price: Decimal, size: Decimal)]
        var description: String { "\(stake) at \(ask)" }
    }

    /// Market id → the buy each event should get, from the recorded data alone: events whose
    /// market has ended by the clock (NYC's June 21 at 12:00Z) are not candidates.
    func expectedBuys(_ stack: TradingStack) throws -> [String: ExpectedBuy] {
        let runs =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixturesDirectory + "/" + Self.weatherRun)))
            as? [[String: Any]] ?? []
        var expected: [String: ExpectedBuy] = [:]
        for event in runs.flatMap({ $0["gamma_events"] as? [[String: Any]] ?? [] }) {
            let title = event["title"] as? String ?? ""
            guard (event["endDate"] as? String ?? "") > "2026-06-22T00:01:00Z" else { continue }
            // "Highest temperature in <city> on June <day>?"
            guard let cityRange = title.range(of: "in "), let onRange = title.range(of: " on June ") else { continue }
            let cityName = String(title[cityRange.upperBound..<onRange.lowerBound])
            let day = Int(title[onRange.upperBound...].dropLast()) ?? 0
            let city = try #require(WeatherCity.named(cityName))
            let forecast = try openMeteo(stack, city)
            let target = String(format: "2026-06-%02d", day)
            guard let index = forecast.days.firstIndex(of: target) else { continue }
            let lead = index - forecast.days.firstIndex(of: forecast.localToday)!
            let sigma = (1.3 + 0.3 * Double(lead)) * (forecast.fahrenheit ? 1.8 : 1)
            var best: (value: Double, market: String, p: Decimal, ask: Decimal, asks: [(price: Decimal, size: Decimal)])?
            for market in event["markets"] as? [[String: Any]] ?? [] {
                let bounds = Self.bounds(market["groupItemTitle"] as? String ?? "")
                let p = Self.integratedProbability(
                    mean: forecast.highs[index], sigma: sigma, from: bounds.lower - 0.5, to: bounds.upper + 0.5)
                let tokens =
                    try JSONSerialization.jsonObject(with: Data((market["clobTokenIds"] as? String ?? "[]").utf8)) as? [String] ?? []
                let book = try stack.get(stack.simulator.clobURL + "/book?token_id=\(tokens[0])").json
                let asks = (book["asks"] as? [[String: Any]] ?? []).compactMap { level -> (price: Decimal, size: Decimal)? in
                    guard let price = Decimal(string: level["price"] as? String ?? ""),
                        let size = Decimal(string: level["size"] as? String ?? "")
                    else { return nil }
                    return (price, size)
                }
                guard let ask = asks.map(\.price).min(), ask > 0, ask < 1 else { continue }
                let probability = Decimal(string: String(format: "%.6f", p))!
                let edge = probability - ask
                guard edge >= Decimal(string: "0.05")! else { continue }
                let value = NSDecimalNumber(decimal: edge / ask).doubleValue
                if value > best?.value ?? -1 { best = (value, market["id"] as? String ?? "", probability, ask, asks) }
            }
            guard let best else { continue }
            let kelly = (best.p - best.ask) / (1 - best.ask)
            var stake = min(250, 10_000 * Decimal(string: "0.25")! * kelly)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &stake, 2, .down)
            if rounded >= 1 { expected[best.market] = ExpectedBuy(stake: rounded, ask: best.ask, asks: best.asks) }
        }
        return expected
    }

    /// A taker buy by hand: the cheapest asks first, whole cents of shares, never above `limit`.
    static func walk(_ asks: [(price: Decimal, size: Decimal)], dollars: Decimal, limit: Decimal) -> (shares: Decimal, dollars: Decimal) {
        var left = dollars, shares: Decimal = 0, spent: Decimal = 0
        for level in asks.sorted(by: { $0.price < $1.price }) where level.price <= limit {
            var affordable = left / level.price, whole = Decimal()
            NSDecimalRound(&whole, &affordable, 2, .down)
            let take = min(whole, level.size)
            shares += take
            spent += take * level.price
            left -= take * level.price
            if whole <= level.size { break }
        }
        return (shares, spent)
    }

    struct Forecast {
        let days: [String]
        let highs: [Double]
        let fahrenheit: Bool
        let localToday: String
    }

    /// The forecast the simulator's Open-Meteo host serves now for a city.
    func openMeteo(_ stack: TradingStack, _ city: WeatherCity) throws -> Forecast {
        let url =
            stack.simulator.baseURL(of: "SIMULATOR_WEATHER_PORT")
            + "/v1/forecast?latitude=\(city.latitude)&longitude=\(city.longitude)&daily=temperature_2m_max&timezone=auto"
        let body = try stack.get(url).json
        let daily = body["daily"] as? [String: Any] ?? [:]
        let units = body["daily_units"] as? [String: Any] ?? [:]
        let offset = body["utc_offset_seconds"] as? Int ?? 0
        // The simulator's clock starts at 2026-06-22T00:01Z.
        let local = Date(timeIntervalSince1970: 1_782_086_460 + Double(offset))
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return Forecast(
            days: daily["time"] as? [String] ?? [], highs: (daily["temperature_2m_max"] as? [Any] ?? []).map { ($0 as? Double) ?? .nan },
            fahrenheit: (units["temperature_2m_max"] as? String) == "°F", localToday: formatter.string(from: local))
    }

    /// A bucket title's whole-degree bounds: "31°C", "29°C or below", "36°C or higher", "84-85°F".
    static func bounds(_ title: String) -> (lower: Double, upper: Double) {
        let numbers = title.split(whereSeparator: { !$0.isNumber }).compactMap { Double($0) }
        if title.contains("or below") { return (-1_000, numbers[0]) }
        if title.contains("or higher") { return (numbers[0], 1_000) }
        return (numbers[0], numbers.last!)
    }

    /// ∫ of the normal density over [from, to), by Simpson's rule on 4,000 intervals (a second
    /// method beside the strategy's closed-form erfc).
    static func integratedProbability(mean: Double, sigma: Double, from: Double, to: Double) -> Double {
        let low = max(from, mean - 12 * sigma), high = min(to, mean + 12 * sigma)
        guard high > low else { return 0 }
        let n = 4_000
        let h = (high - low) / Double(n)
        func density(_ x: Double) -> Double { exp(-0.5 * pow((x - mean) / sigma, 2)) / (sigma * (2 * Double.pi).squareRoot()) }
        var sum = density(low) + density(high)
        for i in 1..<n { sum += density(low + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return sum * h / 3
    }
}
