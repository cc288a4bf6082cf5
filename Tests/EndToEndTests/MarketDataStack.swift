import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport

/// The simulator plus the events and markets services as real processes on a fresh database.
final class MarketDataStack: @unchecked Sendable {
    // Safe because the properties are set once in init; the services are separate processes.
    let database: TestDatabase
    let simulator: ServiceProcess
    let events: ServiceProcess
    let markets: ServiceProcess
    let http = HTTPClient(connectTimeout: 2, defaultTimeout: 120)
    let pool: PostgresPool

    init(dataset: String = SimulatedWorld.smallDataset, token: String? = nil, extraEnvironment: [String: String] = [:]) throws {
        database = try TestDatabase()
        simulator = try ServiceProcess.simulator(arguments: SimulatedWorld.simulatorArguments(dataset), waitUntilLive: false)
        let environment = SimulatedWorld.serviceEnvironment(
            polymarket: simulator.polymarketEnvironment, databaseURL: database.url, token: token,
            extra: ["POLYMARKET_TIMEOUT_S": "60"].merging(extraEnvironment) { $1 })
        events = try ServiceProcess(executable: "events", portVariable: "EVENTS_PORT", environment: environment, waitUntilLive: false)
        markets = try ServiceProcess(executable: "markets", portVariable: "MARKETS_PORT", environment: environment, waitUntilLive: false)
        for process in [simulator, events, markets] { try process.waitUntilLive() }
        pool = database.makePool(size: 2)
    }

    deinit {
        markets.stop()
        events.stop()
        simulator.stop()
        pool.close()
    }

    func get(_ url: String, token: String? = nil) throws -> HTTPClientResponse {
        try http.get(url, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }

    func post(_ url: String, json: String) throws -> HTTPClientResponse {
        try http.sendJSON("POST", url, body: Array(json.utf8))
    }

    func count(_ sql: String) throws -> Int {
        try pool.execute(PostgresQuery(unsafeSQL: sql))[0].decode("n", as: Int.self)
    }
}

/// Counts computed straight from a recorded market file, independently of the code under test.
struct DatasetFacts {
    let markets: Int
    let marketsWithEvent: Int
    let events: Int
    let firstMarketID: String
    let firstConditionID: String

    init(_ relative: String) throws {
        let data = Data(try Gzip.read(TestEnvironment.fixturesDirectory + "/" + relative))
        let objects = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        markets = objects.count
        var eventIDs = Set<String>()
        var withEvent = 0
        for market in objects {
            if let events = market["events"] as? [[String: Any]], let id = events.first?["id"] as? String {
                eventIDs.insert(id)
                withEvent += 1
            }
        }
        marketsWithEvent = withEvent
        events = eventIDs.count
        firstMarketID = objects[0]["id"] as! String
        firstConditionID = objects[0]["conditionId"] as! String
    }
}

/// gunzip through the system tool, so the test does not reuse the code under test to read files.
enum Gzip {
    static func read(_ path: String) throws -> [UInt8] {
        guard path.hasSuffix(".gz") else { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }
}
