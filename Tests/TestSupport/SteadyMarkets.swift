import Foundation
import Postgres

/// Markets whose simulated touch follows a price path exactly: liquid, quoted one cent wide on
/// a one-cent grid, the YES price between 0.3 and 0.7 (callers then keep those without a
/// recorded book: the simulator's synthetic ladder has eight levels a side).
public enum SteadyMarkets {
    public static func candidates(_ pool: PostgresPool) throws -> [(condition: String, yes: String, no: String)] {
        try pool.execute(
            """
            SELECT condition_id, yes_token_id, no_token_id FROM markets
            WHERE passes_quality_filter AND tick_size = 0.01 AND best_ask - best_bid = 0.01 AND yes_price BETWEEN 0.3 AND 0.7
            ORDER BY liquidity DESC
            """
        ).rows.map { (try $0.decode("condition_id"), try $0.decode("yes_token_id"), try $0.decode("no_token_id")) }
    }

    /// Whether a `/book` answer is the synthetic eight-level ladder.
    public static func isSynthetic(_ body: [UInt8]) -> Bool {
        struct Book: Decodable {
            struct Level: Decodable { let size: String }
            let bids: [Level]
            let asks: [Level]
        }
        guard let book = try? JSONDecoder().decode(Book.self, from: Data(body)) else { return false }
        return book.bids.count == 8 && book.asks.count == 8
    }
}
