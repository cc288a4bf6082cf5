import Foundation
import HTTPServer
import Postgres
import PrescientCore
import ServiceKit

/// The dashboard (port 8015): one page at `/` with every section, and each section's fragment at
/// `/fragments/<name>` (portfolios, leaderboard, positions, trades — with `portfolio`, `strategy`,
/// `market`, `from`, `to`, `min_pnl`, `max_pnl` — cycles, reconciliation, signals, smart-money,
/// prices — with `market`), read from the suite's database, and the signal scorecards from the
/// live-signals service (`LIVE_SIGNALS_URL`). `DASHBOARD_REFRESH_S` (5) is how often the page
/// refreshes its sections. Every answer carries `BrowserHeaders`.
public enum DashboardService {
    public static func routes(context: ServiceContext) throws -> ServiceRoutes {
        let pool = try context.requireDatabase()
        let fragments = DashboardFragments(
            data: DashboardRepository(pool: pool),
            scorecards: LiveSignalsScorecards(url: try context.environment.url("LIVE_SIGNALS_URL", default: "http://127.0.0.1:8010")))
        let page = DashboardPage(
            fragments: fragments, refreshSeconds: try context.environment.double("DASHBOARD_REFRESH_S", default: 5, range: 1...3_600))
        var router = Router()
        router.get("/") { request in
            .text(try page.render(query: request.query), contentType: "text/html; charset=utf-8")
        }
        router.get("/dashboard.js") { _ in .text(DashboardPage.script, contentType: "text/javascript; charset=utf-8") }
        router.get("/dashboard.css") { _ in .text(DashboardPage.style, contentType: "text/css; charset=utf-8") }
        router.get("/fragments/{name}") { request in
            let name = request.pathParameters["name"] ?? ""
            guard let html = try fragments.render(name, query: request.query) else {
                throw HTTPError.notFound(
                    "no dashboard section '\(name.prefix(40))' (sections: \(DashboardFragments.names.joined(separator: ", ")))")
            }
            return .text(html, contentType: "text/html; charset=utf-8")
        }
        return ServiceRoutes(router: router, middleware: [BrowserHeaders()])
    }
}
