import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// The dashboard in a real browser (Debian's headless Chromium) against a stack with data: two
/// portfolios that traded over two cycles. The page's script runs (it refreshes every section from
/// its fragment, with no error and nothing fetched from elsewhere), the rendered DOM holds each
/// portfolio with its equity chart, the trade log — filtered by portfolio through the URL, and
/// the filter kept when the script refreshes it — matches the database, and at 1280 and 390 px
/// nothing overflows sideways. Screenshots go to `.build/screenshots/` (or
/// `PRESCIENT_SCREENSHOTS_DIR`; the README's are in `docs/screenshots/`).
@Suite("Dashboard in a browser", .serialized, .tags(.browser, .stack, .database))
struct DashboardBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Page {
        let dom: String
        let console: String
    }

    /// Loads `url` at `width` px, lets its script run, and returns the DOM and the console lines.
    static func load(_ url: String, width: Int, screenshot: String? = nil) throws -> Page {
        let chromium = try #require(Self.chromium, "chromium is not installed (scripts/test installs it)")
        var arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=4000", "--window-size=\(width),2400",
            "--user-data-dir=\(NSTemporaryDirectory())prescient-chromium-\(UUID().uuidString.prefix(8))",
        ]
        arguments += screenshot.map { ["--screenshot=\($0)"] } ?? ["--dump-dom"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = arguments + [url]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let dom = out.fileHandleForReading.readDataToEndOfFile(), log = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let console = String(decoding: log, as: UTF8.self).split(separator: "\n").filter { $0.contains("CONSOLE") }.joined(separator: "\n")
        return Page(dom: String(decoding: dom, as: UTF8.self), console: console)
    }

    static func attribute(_ name: String, in dom: String) -> String? {
        guard let range = dom.range(of: "\(name)=\"") else { return nil }
        return String(dom[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func theDashboardRendersAndRefreshesInABrowser_atDesktopAndPhoneWidths() throws {
        let stack = try TradingStack()
        let first = try stack.createPortfolio(TradingCycleTests.portfolios[0])
        _ = try stack.createPortfolio(TradingCycleTests.portfolios[3])
        #expect(try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "").status == 200)
        #expect(try stack.post(stack.simulator.baseURL + "/sim/advance", #"{"seconds":3600}"#).status == 200)
        #expect(try stack.post(stack.url("paper-trading") + "/paper-trading/price-updater/run", "").status == 200)
        #expect(try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "").status == 200)
        let dashboard = try ServiceProcess(
            executable: "dashboard", portVariable: "DASHBOARD_PORT",
            environment: stack.environment.merging(["DASHBOARD_REFRESH_S": "1"]) { $1 })
        defer { dashboard.stop() }

        // Without a browser: the page, a fragment, an unknown section.
        let html = try stack.get(dashboard.baseURL + "/")
        #expect(html.status == 200 && html.text.contains("<section id=\"trades\""))
        #expect(try stack.get(dashboard.baseURL + "/fragments/nothing").status == 404)

        let trades = try stack.count("SELECT count(*) AS n FROM trades")
        let firstTrades = try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(first)")
        #expect(trades > 0 && firstTrades > 0, "the stack traded nothing")
        let names: [String] = try stack.pool.execute("SELECT name FROM portfolios ORDER BY id").rows.map { try $0.decode("name") }

        for width in [1280, 390] {
            let page = try Self.load(dashboard.baseURL + "/", width: width)
            #expect(Self.attribute("data-errors", in: page.dom) == "0", "script errors at \(width) px: \(page.console)")
            #expect(
                Int(Self.attribute("data-refreshed", in: page.dom) ?? "0") ?? 0 >= 1, "the sections were never refreshed at \(width) px")
            #expect(Self.attribute("data-overflow", in: page.dom) == "0", "the page overflows sideways at \(width) px")
            #expect(!page.console.contains("Uncaught") && !page.console.contains("Failed to load"), "\(page.console)")
            for name in names { #expect(page.dom.contains(name), "\(name) missing at \(width) px") }
            #expect(page.dom.components(separatedBy: "<polyline").count - 1 >= 2, "no equity curves at \(width) px")
            #expect(Self.attribute("data-count", in: page.dom) == "\(min(trades, 200))")
            #expect(page.dom.contains("id=\"reconciliation-table\"") && page.dom.contains(">ok<"))
        }

        // The trade log filtered by portfolio, kept when the script refreshes it.
        let filtered = try Self.load(dashboard.baseURL + "/?portfolio=\(first)", width: 1280)
        #expect(Self.attribute("data-count", in: filtered.dom) == "\(min(firstTrades, 200))")
        #expect(Int(Self.attribute("data-refreshed", in: filtered.dom) ?? "0") ?? 0 >= 1)

        // Screenshots: under .build/screenshots, or where PRESCIENT_SCREENSHOTS_DIR says (the
        // README's come from `PRESCIENT_SCREENSHOTS_DIR=$PWD/docs/screenshots scripts/test`).
        let folder =
            ProcessInfo.processInfo.environment["PRESCIENT_SCREENSHOTS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? TestEnvironment.repositoryRoot + "/.build/screenshots"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for width in [1280, 390] {
            let path = folder + "/dashboard-\(width).png"
            try? FileManager.default.removeItem(atPath: path)
            _ = try Self.load(dashboard.baseURL + "/", width: width, screenshot: path)
            let png = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(path): \(png.count) bytes")
        }
    }
}
