import Foundation
import Polymarket
import Testing

/// The market channel's events as Polymarket documents them (no WebSocket traffic was recorded,
/// so these are the documentation's own examples): numbers as strings, timestamps in milliseconds,
/// the first books as an array.
@Suite("Market channel events")
struct MarketChannelEventTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test func theDocumentedShapes_decode() throws {
        let book = try MarketChannelEvent.decode(
            #"""
            [{"event_type":"book","asset_id":"65818619657568813474341868652308942079804919287380422192892211131408793125422","market":"0xbd31dc8a20211944f6b70f31557f1001557b59905b7738480ca09bd4532f84af","bids":[{"price":".48","size":"30"},{"price":".49","size":"20"}],"asks":[{"price":".52","size":"25"}],"timestamp":"123456789000","hash":"0x0"}]
            """#)
        guard case .book(let asset, let market, let bids, let asks, let timestamp) = try #require(book.first) else {
            Issue.record("not a book: \(book)")
            return
        }
        #expect(asset.hasPrefix("658186") && market.hasPrefix("0xbd31") && timestamp == 123_456_789_000)
        #expect(bids.map(\.price) == [d("0.48"), d("0.49")] && asks.first?.size == 25)

        let change = try MarketChannelEvent.decode(
            #"""
            {"market":"0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1","price_changes":[{"asset_id":"71321045679252212594626385532706912750332728571942532289631379312455583992563","price":"0.5","size":"200","side":"BUY","hash":"56621a121a47ed9333273e21c83b660cff37ae50","best_bid":"0.5","best_ask":"1"}],"timestamp":"1757908892351","event_type":"price_change"}
            """#)
        #expect(
            change == [
                .priceChange(
                    market: "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1",
                    changes: [
                        .init(
                            asset: "71321045679252212594626385532706912750332728571942532289631379312455583992563", price: d("0.5"),
                            size: 200, side: "BUY", bestBid: d("0.5"), bestAsk: 1)
                    ], timestamp: 1_757_908_892_351)
            ])
        let trade = try MarketChannelEvent.decode(
            #"{"asset_id":"1","event_type":"last_trade_price","fee_rate_bps":"0","market":"0xm","price":"0.456","side":"BUY","size":"219.217767","timestamp":"1750428146322"}"#
        )
        #expect(
            trade == [
                .lastTradePrice(
                    asset: "1", market: "0xm", price: d("0.456"), size: d("219.217767"), side: "BUY", timestamp: 1_750_428_146_322)
            ])
        let tick = try MarketChannelEvent.decode(
            #"{"event_type":"tick_size_change","asset_id":"1","market":"0xm","old_tick_size":"0.01","new_tick_size":"0.001","timestamp":"100000000"}"#
        )
        #expect(
            tick == [.tickSizeChange(asset: "1", market: "0xm", oldTickSize: d("0.01"), newTickSize: d("0.001"), timestamp: 100_000_000)])
        #expect(try MarketChannelEvent.decode(#"{"event_type":"new_market","market":"0xm"}"#) == [.other(type: "new_market")])
    }

    @Test func malformedEvents_areErrorsNamingWhatIsMissing() {
        #expect(throws: (any Error).self) { try MarketChannelEvent.decode("PONG?") }
        let error = #expect(throws: MarketChannelDecodingError.self) {
            try MarketChannelEvent.decode(#"{"event_type":"book","market":"0xm","bids":[],"asks":[]}"#)
        }
        #expect(error?.field == "asset_id")
    }
}
