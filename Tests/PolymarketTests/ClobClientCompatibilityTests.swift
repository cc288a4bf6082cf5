import Foundation
import PrescientCore
import TestSupport
import Testing

/// Polymarket's own Python client (`py-clob-client` from PyPI, in a throwaway virtual
/// environment) pointed at the simulator's CLOB host: every public read method succeeds, and
/// what it reads matches the recorded payloads the simulator serves.
@Suite("Polymarket's py-clob-client against the simulator", .tags(.stack))
struct ClobClientCompatibilityTests {
    /// The client version the test pins (its public read methods are the list checked).
    static let clientVersion = "0.34.6"
    static let dataset = SimulatedWorld.smallDataset

    /// The recorded market of the dataset whose YES token has a recorded book, with that book
    /// (the last poll that has it, as the simulator keeps it).
    static func recordedMarketWithBook() throws -> (market: [String: Any], book: [String: Any]) {
        let fixtures = TestEnvironment.fixturesDirectory
        let polls =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: fixtures + "/clob-book/books_batch_2026-03-11T21-42Z.json")))
            as! [[String: Any]]
        var books: [String: [String: Any]] = [:]
        for poll in polls {
            for book in poll["books"] as? [[String: Any]] ?? [] { books[book["asset_id"] as! String] = book }
        }
        let markets =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + dataset))) as! [[String: Any]]
        for market in markets {
            let tokens = try Self.tokens(of: market)
            if let yes = tokens.first, let book = books[yes] { return (market, book) }
        }
        throw TestSetupError("no market of \(dataset) has a recorded book")
    }

    /// `clobTokenIds` is JSON inside a string in the recorded payloads.
    static func tokens(of market: [String: Any]) throws -> [String] {
        let text = market["clobTokenIds"] as? String ?? "[]"
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] ?? []
    }

    static func decimal(_ value: Any?) -> Decimal? {
        if let text = value as? String { return DecimalText.parse(text) }
        if let number = value as? NSNumber { return DecimalText.parse(number.stringValue) }
        return nil
    }

    /// The Python that has the pinned client: the one `scripts/test` installed beside the build
    /// (`PRESCIENT_CLOB_CLIENT_PYTHON`), or a throwaway virtual environment under `work`.
    static func clientPython(work: String) throws -> String {
        if let prepared = ProcessInfo.processInfo.environment["PRESCIENT_CLOB_CLIENT_PYTHON"],
            FileManager.default.isExecutableFile(atPath: prepared)
        {
            try Subprocess.run([prepared, "-c", "import importlib.metadata as m; assert m.version('py-clob-client') == '\(clientVersion)'"])
            return prepared
        }
        try Subprocess.run(["/usr/bin/env", "python3", "-m", "venv", work + "/venv"])
        try Subprocess.run([
            work + "/venv/bin/pip", "install", "--quiet", "--disable-pip-version-check", "py-clob-client==\(clientVersion)",
        ])
        return work + "/venv/bin/python"
    }

    @Test func everyPublicReadMethod_succeedsAndMatchesTheRecordedPayloads() throws {
        let work = NSTemporaryDirectory() + "prescient-clob-client-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let python = try Self.clientPython(work: work)

        let simulator = try ServiceProcess.simulator(arguments: SimulatedWorld.simulatorArguments(Self.dataset))
        defer { simulator.stop() }
        let (market, book) = try Self.recordedMarketWithBook()
        let tokens = try Self.tokens(of: market)
        let conditionID = market["conditionId"] as! String
        let output = work + "/reads.json"
        try Subprocess.run([
            python, TestEnvironment.repositoryRoot + "/scripts/lib/clob_public_reads.py", simulator.clobURL, tokens[0],
            tokens[1], conditionID, output,
        ])
        let reads = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as! [String: Any]

        // Every public read method answered, none raised.
        #expect(reads.count == 22)
        for (method, answer) in reads.sorted(by: { $0.key < $1.key }) {
            #expect((answer as? [String: Any])?["error"] == nil, "\(method): \(answer)")
        }

        // The recorded book, at the simulator's clock zero (the recording), level for level.
        let bids = (book["bids"] as! [[String: String]]).map { (Self.decimal($0["price"])!, Self.decimal($0["size"])!) }
        let asks = (book["asks"] as! [[String: String]]).map { (Self.decimal($0["price"])!, Self.decimal($0["size"])!) }
        let served = reads["get_order_book"] as! [String: Any]
        #expect(served["asset_id"] as? String == tokens[0] && served["market"] as? String == conditionID)
        let servedBids = (served["bids"] as! [[String: Any]]).map { (Self.decimal($0["price"])!, Self.decimal($0["size"])!) }
        let servedAsks = (served["asks"] as! [[String: Any]]).map { (Self.decimal($0["price"])!, Self.decimal($0["size"])!) }
        #expect(servedBids.map(\.0) == bids.map(\.0) && servedBids.map(\.1) == bids.map(\.1))
        #expect(servedAsks.map(\.0) == asks.map(\.0) && servedAsks.map(\.1) == asks.map(\.1))
        #expect(Self.decimal(served["tick_size"]) == Self.decimal(book["tick_size"]))
        #expect(Self.decimal(served["min_order_size"]) == Self.decimal(book["min_order_size"]))

        // Prices from those levels, computed here: BUY is the best bid, SELL the best ask.
        let bestBid = bids.map(\.0).max()!
        let bestAsk = asks.map(\.0).min()!
        #expect(Self.decimal((reads["get_price"] as? [String: Any])?["price"]) == bestBid)
        let prices = (reads["get_prices"] as? [String: [String: String]])?[tokens[0]]
        #expect(Self.decimal(prices?["BUY"]) == bestBid && Self.decimal(prices?["SELL"]) == bestAsk)
        #expect(Self.decimal((reads["get_midpoint"] as? [String: Any])?["mid"]) == (bestBid + bestAsk) / 2)
        #expect(Self.decimal((reads["get_spread"] as? [String: Any])?["spread"]) == bestAsk - bestBid)
        #expect((reads["get_midpoints"] as? [String: Any])?.keys.contains(tokens[0]) == true)

        // Market terms as recorded on Gamma.
        #expect(Self.decimal(reads["get_tick_size"]) == Self.decimal(market["orderPriceMinTickSize"]))
        #expect(reads["get_neg_risk"] as? Bool == (market["negRisk"] as? Bool ?? false))
        #expect(reads["get_ok"] as? String == "OK")
        // 2026-03-11T20:30:00Z, when the universe was recorded: the simulated clock's zero.
        let recordedAt = ISO8601DateFormatter().date(from: "2026-03-11T20:30:00Z")!.timeIntervalSince1970
        #expect((reads["get_server_time"] as? NSNumber)?.doubleValue == recordedAt)

        // The market as the CLOB describes it, and the listings with their cursor.
        let single = reads["get_market"] as! [String: Any]
        #expect(single["condition_id"] as? String == conditionID && single["question"] as? String == market["question"] as? String)
        let servedTokens = (single["tokens"] as? [[String: Any]] ?? []).compactMap { $0["token_id"] as? String }
        #expect(servedTokens == tokens)
        let outcomes = try JSONSerialization.jsonObject(with: Data((market["outcomes"] as! String).utf8)) as! [String]
        #expect((single["tokens"] as? [[String: Any]] ?? []).compactMap { $0["outcome"] as? String } == outcomes)
        let recordedCount = try
            (JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixturesDirectory + "/" + Self.dataset))) as! [Any]).count
        let listing = reads["get_markets"] as! [String: Any]
        #expect(listing["count"] as? Int == recordedCount && listing["next_cursor"] as? String == "LTE=")
        let paged = reads["markets_paged"] as! [String: Any]
        #expect(paged["markets"] as? Int == recordedCount && paged["last_cursor"] as? String == "LTE=")
        let simplified = (reads["get_simplified_markets"] as! [String: Any])["data"] as! [[String: Any]]
        #expect(simplified.count == recordedCount && simplified.first?["condition_id"] as? String != nil)
    }
}
