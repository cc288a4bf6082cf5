import LiveTier

/// `GET /scorecards`: the figures per strategy, per portfolio and per detector over the
/// signals asked for, and the active mutes among them.
struct ScorecardReport: Encodable {
    struct Group: Encodable {
        let key: String
        let scorecard: Scorecard
    }

    let byStrategy: [Group]
    let byPortfolio: [Group]
    let byDetector: [Group]
    let mutes: [MuteRepository.Mute]

    enum CodingKeys: String, CodingKey {
        case mutes
        case byStrategy = "by_strategy", byPortfolio = "by_portfolio", byDetector = "by_detector"
    }

    init(rows: [ScoreRepository.Row], mutes: [MuteRepository.Mute]) {
        func groups(_ key: (ScoreRepository.Row) -> String?) -> [Group] {
            Dictionary(grouping: rows.compactMap { row in key(row).map { ($0, row.score) } }, by: \.0)
                .map { Group(key: $0.key, scorecard: Scorecard($0.value.map(\.1))) }.sorted { $0.key < $1.key }
        }
        byStrategy = groups(\.strategy)
        byPortfolio = groups { $0.portfolioID.map { "\($0)" } }
        byDetector = groups(\.detector)
        self.mutes = mutes
    }
}
