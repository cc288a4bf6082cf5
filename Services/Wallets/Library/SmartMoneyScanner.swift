import Contracts
import Foundation
import Logging
import MarketData
import Polymarket
import Postgres
import PrescientCore
import WalletScoring

/// One pass of the lotus-seer scanner: discover up to `marketsPerPass` markets not scanned in the
/// last hour; Level 1 reads both sides' holders (`/v1/market-positions`) and ranks them by the
/// trusted weight's delta from stored profiles; merged with the stored Top 33 the best 33 go to
/// Level 2, which profiles their unprofiled or stale holders (33 per side by stake), dates each
/// holder's entry, merges co-entry clusters, and ranks by the full figures into the Top 12, which
/// lists only markets whose trusted money's edge interval excludes zero (`showsSkill`).
/// One pass at a time across replicas (advisory lock; a second gets 409).
struct SmartMoneyScanner: Sendable {
    let client: PolymarketClient
    let pool: PostgresPool
    let repository: ScannerRepository
    let profiles: WalletProfileRepository
    let histories: WalletHistoryRepository
    let refresher: ProfileRefresher
    let clock: MarketClock
    let settings: Settings
    let logger: Logger

    /// The scanner's knobs (`SEER_*` variables).
    struct Settings: Sendable {
        var marketsPerPass = 69
        var topSize = 33
        var shortlistSize = 12
        var walletsPerSide = 33
        /// Seconds before a scanned market may be discovered again.
        var rescanAfter: TimeInterval = 3_600
        /// Markets ending sooner than this (seconds, market clock) are not discovered.
        var minTimeLeft: TimeInterval = 86_400
        /// The YES prices of markets worth scanning.
        var prices = Decimal(string: "0.05")!...Decimal(string: "0.95")!
        /// The trust any eligible wallet has before its edge counts.
        var baseTrust = 0.01
        /// Profiles younger than this are not read again at Level 2.
        var profileTTL: TimeInterval = 21_600
    }

    static let lock = ExportLock(key: 0x5345_4552, name: "smart-money scan")

    func scan() throws -> SmartMoneyScanResult {
        try Self.lock.run(on: pool) { _ in try pass() }
    }

    private func pass() throws -> SmartMoneyScanResult {
        let started = Date()
        let scanID = try repository.startScan()
        var scanned: [String] = []
        do {
            let endingAfter = try clock.now().addingTimeInterval(settings.minTimeLeft)
            let discovered = try repository.discover(
                limit: settings.marketsPerPass, endingAfter: endingAfter, rescanAfter: settings.rescanAfter, prices: settings.prices)
            scanned = discovered.map(\.conditionID)

            // Level 1: holders of both sides, weighed with the profiles already stored.
            var holders: [String: [WalletPosition]] = [:]
            var level1: [String: Decimal] = [:]
            for market in discovered {
                holders[market.conditionID] = try positions(market)
            }
            let known = try profiles.find(Array(Set(holders.values.flatMap { $0.map { $0.proxyWallet.lowercased() } })))
            for market in discovered {
                let figures = SmartMoneyFigures(weighed(holders[market.conditionID] ?? [], market, known), baseTrust: settings.baseTrust)
                level1[market.conditionID] = WalletProfileRepository.statistic(figures.delta)
            }

            // Merge with the stored Top 33 (those still tradable) and keep the best 33.
            let stored = try repository.storedTop33()
            let storedMarkets = try repository.tradable(Array(stored.keys.filter { level1[$0] == nil }), endingAfter: endingAfter)
            for market in storedMarkets { level1[market.conditionID] = stored[market.conditionID] }
            var markets = Dictionary(uniqueKeysWithValues: (discovered + storedMarkets).map { ($0.conditionID, $0) })
            let top = level1.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(settings.topSize).map(\.key)
            markets = markets.filter { top.contains($0.key) }

            // Level 2: fresh holders for the stored ones, profiles of the biggest holders per side.
            var level2Calls = 0
            for id in top where holders[id] == nil {
                holders[id] = try positions(markets[id]!)
                level2Calls += 1
            }
            var wanted = Set<String>()
            for id in top {
                for side in [true, false] {
                    let market = markets[id]!
                    let biggest = (holders[id] ?? []).filter { ($0.tokenID == market.yesToken) == side }
                        .sorted { Self.notional($0) > Self.notional($1) }.prefix(settings.walletsPerSide)
                    wanted.formUnion(biggest.map { $0.proxyWallet.lowercased() })
                }
            }
            let current = try profiles.find(Array(wanted))
            let stale = wanted.filter { address in
                guard let fetched = current[address]?.fetchedAt else { return true }
                return Date().timeIntervalSince(fetched) > settings.profileTTL
            }.sorted()
            let refreshed = stale.isEmpty ? nil : try refresher.refresh(stale)
            let scored = try profiles.find(Array(wanted))

            var candidates: [SmartMoneyCandidate] = []
            for id in top {
                let market = markets[id]!
                let rows = (holders[id] ?? []).filter { wanted.contains($0.proxyWallet.lowercased()) }
                let entries = try histories.entries(market: id, wallets: rows.map { $0.proxyWallet.lowercased() })
                var weighedHolders = weighed(rows, market, scored, entries: entries)
                let clusters = CoEntryClusters.detect(weighedHolders)
                for index in weighedHolders.indices { weighedHolders[index].cluster = clusters[weighedHolders[index].wallet] }
                let figures = SmartMoneyFigures(weighedHolders, baseTrust: settings.baseTrust)
                candidates.append(
                    candidate(
                        market, figures, priority1: level1[id] ?? 0, scanID: scanID, holders: weighedHolders, rows: rows, entries: entries,
                        profiles: scored))
            }
            candidates.sort { ($0.priority2, $1.conditionID) > ($1.priority2, $0.conditionID) }
            // The Top 12: the best-ranked markets that pass the skill test.
            var listed = 0
            for index in candidates.indices {
                candidates[index].rank = index + 1
                candidates[index].top12 =
                    listed < settings.shortlistSize && candidates[index].priority2 > 0 && candidates[index].trustLowerBound > 0
                if candidates[index].top12 { listed += 1 }
            }
            try repository.store(candidates)

            let positionsCalls = discovered.count + level2Calls
            let profileCalls = refreshed?.dataCalls ?? 0
            let gammaCalls = refreshed?.gammaCalls ?? 0
            let floor = [(positionsCalls, EndpointFamily.dataPositions), (profileCalls, .dataOther), (gammaCalls, .gammaMarkets)]
                .reduce(0.0) { $0 + Double($1.0) * 10 / Double($1.1.requestsPerTenSeconds) }
            let result = SmartMoneyScanResult(
                scanID: scanID, marketsScanned: discovered.count, level1Calls: discovered.count, level2Calls: level2Calls,
                profilesRefreshed: refreshed?.refreshed ?? 0, profileCalls: profileCalls, gammaCalls: gammaCalls,
                top33: candidates.map(\.conditionID), top12: candidates.filter(\.top12).map(\.conditionID),
                durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000), rateFloorSeconds: (floor * 1000).rounded() / 1000)
            try repository.finishScan(scanID, scanned: scanned, result: result, error: nil)
            logger.info(
                "smart-money scan finished",
                metadata: ["scan_id": "\(scanID)", "markets": "\(discovered.count)", "duration_ms": "\(result.durationMilliseconds)"])
            return result
        } catch {
            try? repository.finishScan(scanID, scanned: scanned, result: nil, error: "\(error)")
            throw error
        }
    }

    /// Both sides' open positions in the market (up to 500 per side, as published).
    func positions(_ market: ScannerRepository.MarketRow) throws -> [WalletPosition] {
        try client.marketPositions(market: market.conditionID, status: "OPEN").flatMap(\.positions)
            .filter { $0.size > 0 && ($0.tokenID == market.yesToken || $0.tokenID == market.noToken) }
    }

    static func notional(_ position: WalletPosition) -> Decimal {
        position.currentValue ?? position.size * (position.currentPrice ?? 0)
    }

    /// The holders as the figures weigh them: skill from the wallet's profile (none yet: no edge),
    /// classified wallets not eligible.
    func weighed(
        _ rows: [WalletPosition], _ market: ScannerRepository.MarketRow, _ known: [String: WalletProfileView],
        entries: [String: (enteredAt: Date, averagePrice: Decimal?)] = [:]
    ) -> [SmartMoneyHolder] {
        rows.map { row in
            let address = row.proxyWallet.lowercased()
            let profile = known[address]
            let outcome = row.tokenID == market.yesToken ? 0 : 1
            return SmartMoneyHolder(
                wallet: address, yes: outcome == 0, size: row.size, notional: Self.notional(row),
                skill: profile.map { NSDecimalNumber(decimal: $0.shrunkEdge).doubleValue },
                eligible: profile.map { WalletClass(rawValue: $0.walletClass)?.maySignal ?? false } ?? true,
                enteredAt: entries["\(address) \(outcome)"].map { Int64($0.enteredAt.timeIntervalSince1970) },
                skillSD: profile.map { NSDecimalNumber(decimal: $0.shrunkEdgeSD).doubleValue } ?? 0)
        }
    }

    func candidate(
        _ market: ScannerRepository.MarketRow, _ figures: SmartMoneyFigures, priority1: Decimal, scanID: Int64, holders: [SmartMoneyHolder],
        rows: [WalletPosition], entries: [String: (enteredAt: Date, averagePrice: Decimal?)], profiles: [String: WalletProfileView]
    ) -> SmartMoneyCandidate {
        let statistic = WalletProfileRepository.statistic
        let map = zip(holders, rows).map { holder, row in
            let outcome = holder.yes ? 0 : 1
            return SmartMoneyWallet(
                wallet: holder.wallet, outcomeIndex: outcome, side: holder.yes ? "YES" : "NO", size: holder.size, notional: holder.notional,
                entryPrice: entries["\(holder.wallet) \(outcome)"]?.averagePrice ?? row.averagePrice,
                enteredAt: entries["\(holder.wallet) \(outcome)"]?.enteredAt, skill: holder.skill.map(statistic),
                weight: statistic(holder.weight(baseTrust: settings.baseTrust)), walletClass: profiles[holder.wallet]?.walletClass,
                cluster: holder.cluster)
        }
        let now = Date()
        return SmartMoneyCandidate(
            conditionID: market.conditionID, marketID: market.marketID, question: market.question, rank: 0, top12: false,
            priority1: priority1, priority2: statistic(figures.priority), yesStrength: statistic(figures.yesStrength),
            noStrength: statistic(figures.noStrength), delta: statistic(figures.delta), clarity: statistic(figures.clarity),
            alignment: statistic(figures.alignment), trust: statistic(figures.trust), nEff: statistic(figures.nEff),
            wallets: figures.wallets,
            side: figures.yes ? "YES" : "NO", tokenID: figures.yes ? market.yesToken : market.noToken, scanID: scanID, firstRankedAt: now,
            updatedAt: now, walletMap: map, trustLowerBound: statistic(figures.trustLowerBound))
    }
}
