import Contracts
import Foundation
import HTTPServer
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// The four detectors over the trades of the simulator's open markets, measured against what the
/// simulator knows: which wallets are whales, sybils and informed, and how far each fill moved
/// the price.
@Suite("Smart-money alerts", .serialized, .tags(.database))
struct SmartMoneyAlertTests {
    struct Revealed: Decodable {
        struct Fill: Decodable {
            let transaction_hash: String
            let condition_id: String
            let wallet: String
            let outcome_index: Int
            let size: Decimal
            let price: Decimal
            let impact: Decimal
        }

        let wallets: [SimulatorWalletTests.Truth]
        let open_markets: [SimulatorWalletTests.Revealed.Fate]
        let open_fills: [Fill]
    }

    struct Score: CustomStringConvertible {
        let precision: Double
        let recall: Double
        let alerts: Int
        let truths: Int
        var description: String { String(format: "precision %.2f, recall %.2f (%d alerts, %d true)", precision, recall, alerts, truths) }
    }

    @Test func eachDetector_findsWhatTheSimulatorPlanted() throws {
        let stack = try SmartMoneyScannerTests.Stack()
        let revealed = try JSONDecoder().decode(
            Revealed.self, from: Data(stack.simulator.application.request("GET", "/sim/wallets/truth").body))
        let archetype = Dictionary(uniqueKeysWithValues: revealed.wallets.map { ($0.address, $0.archetype) })
        let cluster = Dictionary(uniqueKeysWithValues: revealed.wallets.compactMap { w in w.cluster.map { (w.address, $0) } })
        let profiled = try stack.wallets.request("POST", "/wallets/refresh", json: ["addresses": revealed.wallets.map(\.address)])
        #expect(profiled.status == .ok)
        let markets = revealed.open_markets.map(\.condition_id)
        let detected = try stack.wallets.request("POST", "/alerts/detect", json: ["markets": markets])
        #expect(detected.status == .ok, "\(detected.text)")
        // A second pass finds the same things and stores nothing new.
        struct Pass: Decodable { let alerts_new: [String: Int] }
        let first = try detected.decode(Pass.self).alerts_new
        let again = try stack.wallets.request("POST", "/alerts/detect", json: ["markets": markets]).decode(Pass.self).alerts_new
        #expect(first.values.reduce(0, +) > 0 && again.values.reduce(0, +) == 0, "first \(first), again \(again)")

        func alerts(_ kind: String) throws -> [SmartMoneyAlert] {
            struct List: Decodable { let alerts: [SmartMoneyAlert] }
            var all: [SmartMoneyAlert] = []
            while true {
                let page = try stack.wallets.request("GET", "/alerts?type=\(kind)&limit=1000&offset=\(all.count)").decode(List.self).alerts
                all += page
                if page.count < 1_000 { return all }
            }
        }
        func score(alerted: Set<String>, correct: Set<String>, truth: Set<String>) -> Score {
            Score(
                precision: alerted.isEmpty ? 0 : Double(alerted.intersection(correct).count) / Double(alerted.count),
                recall: truth.isEmpty ? 0 : Double(truth.intersection(alerted).count) / Double(truth.count), alerts: alerted.count,
                truths: truth.count)
        }
        let fills = revealed.open_fills
        func key(_ hash: String, _ wallet: String) -> String { "\(hash)/\(wallet)" }

        // Whale: a fill by a whale wallet.
        let whaleFills = Set(fills.filter { archetype[$0.wallet] == "whale" }.map { key($0.transaction_hash, $0.wallet) })
        let whales = try alerts("whale").map { key($0.transactionHashes[0], $0.wallets[0]) }
        let whale = score(alerted: Set(whales), correct: whaleFills, truth: whaleFills)

        // Cluster: a sybil cluster's entry into a market (cluster and market), found when one
        // alert holds at least three of its members and no one else.
        let entries = Set(fills.compactMap { fill in cluster[fill.wallet].map { "\($0) \(fill.condition_id)" } })
        var clusterAlerts = Set<String>(), clusterCorrect = Set<String>()
        for alert in try alerts("cluster") {
            let owners = Set(alert.wallets.map { cluster[$0] })
            let name = "\(owners.first.flatMap { $0 }.map(String.init) ?? "none") \(alert.conditionID)"
            clusterAlerts.insert(name + " #\(alert.id)")
            if owners.count == 1, owners.first! != nil { clusterCorrect.insert(name + " #\(alert.id)") }
        }
        let clusterScore = Score(
            precision: clusterAlerts.isEmpty ? 0 : Double(clusterCorrect.count) / Double(clusterAlerts.count),
            recall: Double(Set(clusterCorrect.map { String($0.split(separator: "#")[0].dropLast()) }).intersection(entries).count)
                / Double(entries.count), alerts: clusterAlerts.count, truths: entries.count)

        // Contrarian: an alert (confidence at least 0.5, the least stored) on an informed wallet's buy against the consensus.
        let contrarianTruth = Set(
            fills.filter { archetype[$0.wallet] == "informed" && $0.price <= Decimal(string: "0.30")! }.map {
                key($0.transaction_hash, $0.wallet)
            })
        let strong = try alerts("contrarian").filter { $0.confidence >= Decimal(string: "0.5")! }.map {
            key($0.transactionHashes[0], $0.wallets[0])
        }
        let contrarian = score(alerted: Set(strong), correct: contrarianTruth, truth: contrarianTruth)

        // Odds movement: a fill that moved its side's price by at least 3 cents.
        let movers = Set(fills.filter { $0.impact >= Decimal(string: "0.03")! }.map { key($0.transaction_hash, $0.wallet) })
        let odds = score(
            alerted: Set(try alerts("odds_movement").map { key($0.transactionHashes[0], $0.wallets[0]) }), correct: movers, truth: movers)

        #expect(whale.precision >= 0.95 && whale.recall >= 0.5, "whale \(whale)")
        #expect(clusterScore.precision >= 0.9 && clusterScore.recall >= 0.8, "cluster \(clusterScore)")
        #expect(contrarian.precision >= 0.6, "contrarian \(contrarian)")
        #expect(odds.precision >= 0.6 && odds.recall >= 0.5, "odds movement \(odds)")
    }

    @Test func badAlertRequests_getAClearError() throws {
        let stack = try SmartMoneyScannerTests.Stack()
        for (method, target, body, status) in [
            ("GET", "/alerts?type=rumour", nil, 400), ("GET", "/alerts?since=soon", nil, 400), ("GET", "/alerts?limit=0", nil, 400),
            ("GET", "/alerts?wallet=0x1", nil, 400), ("POST", "/alerts/detect", #"{"markets":[]}"#, 400),
            ("POST", "/alerts/detect", #"{"markets":[1]}"#, 400), ("POST", "/alerts/detect", #"{"market":"x"}"#, 400),
            ("POST", "/alerts/detect", "{", 400), ("POST", "/alerts/detect", #"{"markets":["0x\u0000"]}"#, 400),
            ("POST", "/alerts/detect", #"{"markets":["not a condition id"]}"#, 400), ("GET", "/alerts?market=%00", nil, 400),
            ("GET", "/alerts?market=0x12", nil, 400), ("GET", "/alerts?limit=99999999999", nil, 400),
            ("GET", "/alerts?type=whale", nil, 200),
        ] {
            let response = stack.wallets.request(method, target, body: body)
            #expect(response.status.code == status, "\(method) \(target) \(body ?? ""): \(response.text)")
        }
    }
}
