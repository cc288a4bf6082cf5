/// `GET /watchlist`: the watched markets and how many assets the feed subscribes.
struct WatchlistView: Encodable {
    let markets: [WatchlistRepository.Entry]
    let assets: Int
}

/// `DELETE /watchlist/{id}`: what was removed, and why the market may still be watched.
struct WatchlistRemoval: Encodable {
    let conditionID: String
    let stillWatched: [String]

    enum CodingKeys: String, CodingKey {
        case conditionID = "condition_id", stillWatched = "still_watched_because"
    }
}
