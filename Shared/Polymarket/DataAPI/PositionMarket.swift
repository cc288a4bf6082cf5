import Foundation

/// What a position row says of its market and side, the same in open and closed positions.
public struct PositionMarket: Sendable {
    public var title: String?
    public var slug: String?
    public var eventSlug: String?
    public var outcome: String?
    public var outcomeIndex: Int?
    public var oppositeOutcome: String?
    public var oppositeTokenID: String?
    public var endDate: String?

    init(_ f: DecoderFields) {
        title = f.string("title")
        slug = f.string("slug")
        eventSlug = f.string(["eventSlug", "event_slug"])
        outcome = f.string("outcome")
        outcomeIndex = f.int(["outcomeIndex", "outcome_index"]).map(Int.init)
        oppositeOutcome = f.string(["oppositeOutcome", "opposite_outcome"])
        oppositeTokenID = f.string(["oppositeAsset", "opposite_token_id"])
        endDate = f.string(["endDate", "end_date"])
    }
}
