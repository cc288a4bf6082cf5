import Foundation
import LiveTier
import PrescientCore
import Verdicts

/// The dashboard's sections as HTML fragments, each served on its own (`/fragments/<name>`) so the
/// page refreshes them in place.
struct DashboardFragments: Sendable {
    let data: any DashboardData
    let scorecards: any ScorecardSource

    static let names = [
        "portfolios", "leaderboard", "evidence", "positions", "trades", "cycles", "reconciliation", "signals", "smart-money", "prices",
    ]

    func render(_ name: String, query: [String: String]) throws -> String? {
        switch name {
        case "portfolios": return try portfolios()
        case "leaderboard": return try leaderboard()
        case "evidence": return try evidence()
        case "positions": return try positions()
        case "trades": return try trades(query)
        case "cycles": return try cycles()
        case "reconciliation": return try reconciliation()
        case "signals": return try signals()
        case "smart-money": return try smartMoney()
        case "prices": return try prices(query["market"])
        default: return nil
        }
    }

    func portfolios() throws -> String {
        let rows = try data.portfolios()
        guard !rows.isEmpty else { return "<p class=\"muted\">no portfolios yet</p>" }
        return "<div class=\"cards\">"
            + rows.map { p in
                """
                <article class="card" data-portfolio="\(p.id)"><h3>\(HTML.escape(p.name)) <small>\(HTML.escape(p.strategy)) · \
                \(HTML.escape(p.status))</small></h3>\
                \(SVGChart.line(p.curve, width: 320, height: 90, label: "equity of \(p.name)") { String(format: "%.0f", $0) })\
                <dl><dt>equity</dt><dd>\(HTML.money(p.equity))</dd><dt>P&amp;L</dt><dd>\(HTML.signed(p.totalPnl))</dd>\
                <dt>drawdown</dt><dd>\(String(format: "%.2f%%", p.maxDrawdown * 100))</dd><dt>cash</dt><dd>\(HTML.money(p.cash))</dd>\
                <dt>trades</dt><dd>\(p.trades)</dd><dt>open</dt><dd>\(p.openPositions)</dd></dl></article>
                """
            }.joined() + "</div>"
    }

    /// Every portfolio with its verdict, GO first, then by total P&L.
    func leaderboard() throws -> String {
        let verdicts = try data.portfolioVerdicts()
        func rank(_ id: PortfolioID) -> Int { verdicts[id]?.verdict.rank ?? 3 }
        let ranked = try data.portfolios().sorted { (rank($1.id), $0.totalPnl, $1.id) > (rank($0.id), $1.totalPnl, $0.id) }
        return HTML.table(
            ["#", "portfolio", "strategy", "verdict", "events", "equity", "return", "P&L", "max DD", "trades"],
            ranked.enumerated().map { index, p in
                let back = p.initial > 0 ? NSDecimalNumber(decimal: (p.equity - p.initial) / p.initial).doubleValue * 100 : 0
                let verdict = verdicts[p.id]
                let needed = verdict.map { $0.eventsNeeded > 0 ? " <small>(+\($0.eventsNeeded))</small>" : "" } ?? ""
                return [
                    "\(index + 1)", HTML.escape(p.name), HTML.escape(p.strategy),
                    "<span title=\"\(HTML.escape(verdict?.reason ?? ""))\">\(verdict?.verdict.rawValue ?? "-")</span>\(needed)",
                    "\(verdict?.events ?? 0)", HTML.money(p.equity), String(format: "%.2f%%", back), HTML.signed(p.totalPnl),
                    String(format: "%.2f%%", p.maxDrawdown * 100), "\(p.trades)",
                ]
            }, numeric: [4, 5, 6, 7, 8, 9], id: "leaderboard-table")
    }

    /// Per strategy with live signals: its verdict, every gate, the reliability diagram and the
    /// bootstrap distribution of its return per dollar.
    func evidence() throws -> String {
        let reports = try data.strategyVerdicts()
        guard !reports.isEmpty else { return "<p class=\"muted\">no signals registered yet</p>" }
        return "<div class=\"cards\">"
            + reports.map { report in
                let gates = HTML.table(
                    ["gate", "value", "threshold", "pass"],
                    report.verdict.gates.map { gate in
                        [
                            "<span title=\"\(HTML.escape(gate.detail))\">\(HTML.escape(gate.name.rawValue))</span>",
                            gate.value.map { String(format: "%.4f", $0) } ?? "-", "\(gate.comparison.rawValue) \(gate.threshold)",
                            gate.pass.map { $0 ? "yes" : "no" } ?? "n/a",
                        ]
                    }, numeric: [1])
                let quantiles = report.bootstrapQuantiles.enumerated().map { (Double($0.offset) / 100, $0.element) }
                return """
                    <article class="card evidence"><h3>\(HTML.escape(report.strategy)) <small>\(report.verdict.verdict.rawValue) · \
                    \(report.verdict.events) events · \(report.trials.count) trials</small></h3><p>\(HTML.escape(report.verdict.reason))</p>\
                    \(gates)\(SVGChart.reliability(report.reliability, size: 220, label: "reliability of \(report.strategy)"))\
                    \(SVGChart.line(quantiles, width: 320, height: 90, label: "bootstrap quantiles of return per dollar") { String(format: "%+.3f", $0) })\
                    </article>
                    """
            }.joined() + "</div>"
    }

    func positions() throws -> String {
        HTML.table(
            ["portfolio", "market", "outcome", "shares", "cost", "mark", "unrealised"],
            try data.positions(limit: 200).map { x in
                [
                    HTML.escape(x.portfolio),
                    "<span title=\"\(HTML.escape(x.market))\">\(HTML.escape(String(x.question.prefix(60))))</span>",
                    x.outcome, HTML.money(x.shares), HTML.money(x.cost), x.mark.map { "\($0)" } ?? "-", HTML.signed(x.unrealized),
                ]
            }, numeric: [3, 4, 5, 6], id: "positions-table", empty: "no open positions")
    }

    func trades(_ query: [String: String]) throws -> String {
        var filter = DashboardRepository.TradeFilter()
        func value(_ key: String) -> String? {
            // Empty, or holding a NUL (which the database cannot take): no filter.
            query[key].flatMap { $0.isEmpty || $0.contains("\0") ? nil : String($0.prefix(200)) }
        }
        filter.portfolio = value("portfolio").flatMap { PortfolioID($0) }
        filter.strategy = value("strategy")
        filter.market = value("market")
        filter.from = value("from").flatMap(Self.day)
        filter.to = value("to").flatMap(Self.day)
        filter.minPnl = value("min_pnl").flatMap { Decimal(string: $0) }
        filter.maxPnl = value("max_pnl").flatMap { Decimal(string: $0) }
        let rows = try data.trades(filter, limit: 200)
        return
            "<p class=\"muted\" id=\"trades-count\" data-count=\"\(rows.count)\">\(rows.count) trade(s)\(rows.count == 200 ? ", newest 200" : "")</p>"
            + HTML.table(
                ["time", "portfolio", "strategy", "market", "side", "shares", "price", "amount", "fee", "P&L"],
                rows.map { t in
                    [
                        HTML.time(t.time), HTML.escape(t.portfolio), HTML.escape(t.strategy),
                        "<span title=\"\(HTML.escape(t.market))\">\(HTML.escape(String(t.question.prefix(50))))</span>",
                        "\(t.side) \(t.outcome)", HTML.money(t.shares), "\(t.price)", HTML.money(t.amount), "\(t.fee)", HTML.signed(t.pnl),
                    ]
                }, numeric: [5, 6, 7, 8, 9], id: "trades-table", empty: "no trades match")
    }

    static func day(_ text: String) -> String? {
        text.count == 10 && text.allSatisfy({ $0.isNumber || $0 == "-" }) ? text : nil
    }

    func cycles() throws -> String {
        HTML.table(
            ["started", "portfolio", "status", "steps (ms)", "failure"],
            try data.cycles(limit: 30).map { c in
                [
                    HTML.time(c.started), HTML.escape(c.portfolio),
                    "<span class=\"\(c.status == "failed" ? "down" : "")\">\(c.status)</span>",
                    c.steps.map { "\(HTML.escape($0.name)) \($0.milliseconds)" }.joined(separator: " · "),
                    HTML.escape([c.step, c.error].compactMap { $0 }.joined(separator: ": ")),
                ]
            }, id: "cycles-table", empty: "no cycles yet")
    }

    func reconciliation() throws -> String {
        HTML.table(
            ["portfolio", "books", "differences"],
            try data.reconciliation().map { r in
                [
                    HTML.escape(r.portfolio), "<span class=\"\(r.status == "ok" ? "up" : "down")\">\(r.status)</span>",
                    HTML.escape(r.differences.joined(separator: ", ")),
                ]
            }, id: "reconciliation-table")
    }

    func signals() throws -> String {
        HTML.table(
            ["detected", "direction", "confidence", "velocity", "reason"],
            try data.signals(limit: 20).map { s in
                [HTML.time(s.time), s.direction, s.confidence, "\(s.velocity)", HTML.escape(String(s.reason.prefix(90)))]
            }, id: "signals-table", empty: "no live signals yet")
            + "<h3>Scorecards</h3>" + scorecardTable()
    }

    /// Each strategy's signal scorecard: hit rate after 15 minutes net of the spread with its
    /// 95% interval, the mean net markout, the Brier score against the market's, the skill.
    func scorecardTable() -> String {
        guard let groups = scorecards.byStrategy() else {
            return "<p class=\"muted\" id=\"scorecards-unavailable\">the live-signals service cannot be reached</p>"
        }
        func figure(_ value: Double?, _ format: String = "%.3f") -> String { value.map { String(format: format, $0) } ?? "-" }
        return HTML.table(
            ["strategy", "signals", "hit rate 15m", "95% interval", "net markout 15m", "Brier", "market Brier", "skill", "P&L"],
            groups.map { group in
                let s = group.scorecard
                return [
                    HTML.escape(group.key), "\(s.signals)", figure(s.hitRate15m.map { $0 * 100 }, "%.1f%%"),
                    "\(figure(s.hitRateLow.map { $0 * 100 }, "%.1f"))–\(figure(s.hitRateHigh.map { $0 * 100 }, "%.1f"))",
                    figure(s.meanNetMarkout15m, "%.4f"), figure(s.brier), figure(s.brierMarket), figure(s.brierSkill),
                    HTML.signed(s.realizedPnl),
                ]
            }, numeric: [1, 2, 4, 5, 6, 7, 8], id: "scorecards-table", empty: "no scored signals yet")
    }

    func smartMoney() throws -> String {
        "<h3>Top 12</h3>"
            + HTML.table(
                ["#", "side", "clarity", "market"],
                try data.top12().map { ["\($0.rank)", $0.side, "\($0.clarity)", HTML.escape(String($0.question.prefix(70)))] },
                numeric: [2], id: "top12-table", empty: "no scan yet")
            + "<h3>Alerts</h3>"
            + HTML.table(
                ["time", "kind", "side", "notional", "summary"],
                try data.alerts(limit: 10).map {
                    [
                        HTML.time($0.time), HTML.escape($0.kind), HTML.escape($0.side), HTML.money($0.notional),
                        HTML.escape(String($0.summary.prefix(90))),
                    ]
                }, numeric: [3], id: "alerts-table", empty: "no alerts yet")
    }

    func prices(_ market: String?) throws -> String {
        guard let found = try data.prices(market: market.flatMap { $0.isEmpty || $0.contains("\0") ? nil : String($0.prefix(100)) }) else {
            return "<p class=\"muted\">no captured prices yet</p>"
        }
        let choices = try data.chartedMarkets(limit: 50).map { market in
            "<option value=\"\(HTML.escape(market.id))\"\(market.id == found.market ? " selected" : "")>"
                + "\(HTML.escape(String(market.question.prefix(70))))</option>"
        }
        return "<form id=\"price-market\"><label>market <select name=\"market\">\(choices.joined())</select></label></form>"
            + "<p>\(HTML.escape(found.question)) <small class=\"muted\">market \(HTML.escape(found.market)), \(found.points.count) captures</small></p>"
            + SVGChart.line(found.points, width: 640, height: 160, label: "price of \(found.question)") { String(format: "%.3f", $0) }
    }
}
