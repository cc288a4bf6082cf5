import Foundation

/// The page: every section rendered on the server (it reads without JavaScript), refreshed in
/// place every `refreshSeconds` by a few lines of script that fetch each section's fragment; the
/// trade log's filters fetch theirs without reloading. The script and the style are files this
/// service serves (`/dashboard.js`, `/dashboard.css`), never inline, so the page's
/// Content-Security-Policy allows no inline script at all. Nothing is fetched from anywhere but
/// this service. The script counts errors in `body[data-errors]`, refreshes in
/// `body[data-refreshed]` and horizontal overflow in `body[data-overflow]`, for the browser tests.
struct DashboardPage: Sendable {
    let fragments: DashboardFragments
    let refreshSeconds: Double

    static let sections: [(id: String, title: String)] = [
        ("portfolios", "Portfolios"), ("leaderboard", "Leaderboard"), ("evidence", "Evidence"), ("positions", "Positions"),
        ("trades", "Trades"),
        ("cycles", "Cycles"), ("reconciliation", "Reconciliation"), ("signals", "Live signals"), ("smart-money", "Smart money"),
        ("prices", "Prices"),
    ]

    func render(query: [String: String]) throws -> String {
        var body = ""
        for section in Self.sections {
            let filters = section.id == "trades" ? Self.tradeFilters(query) : ""
            let content = try fragments.render(section.id, query: query) ?? ""
            body += """
                <section id="\(section.id)" data-live="1"\(section.id == "trades" ? " data-query=\"\(HTML.escape(Self.encode(query)))\"" : "")>\
                <h2>\(section.title)</h2>\(filters)<div class="body">\(content)</div></section>
                """
        }
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">\
            <title>Prescient</title><link rel="stylesheet" href="/dashboard.css"></head>\
            <body data-errors="0" data-refreshed="0" data-overflow="0" data-refresh-ms="\(Int(refreshSeconds * 1000))">\
            <header><h1>Prescient</h1>\
            <nav>\(Self.sections.map { "<a href=\"#\($0.id)\">\($0.title)</a>" }.joined())</nav>\
            <p class="muted">updated <span id="updated">now</span> · every \(Int(refreshSeconds)) s</p></header>\
            <main>\(body)</main><script src="/dashboard.js"></script></body></html>
            """
    }

    static func tradeFilters(_ query: [String: String]) -> String {
        func field(_ name: String, _ label: String, _ type: String = "text") -> String {
            "<label>\(label)<input name=\"\(name)\" type=\"\(type)\" value=\"\(HTML.escape(query[name] ?? ""))\"></label>"
        }
        return "<form id=\"trade-filters\" class=\"filters\">" + field("portfolio", "portfolio id", "number")
            + field("strategy", "strategy")
            + field("market", "market") + field("from", "from", "date") + field("to", "to", "date")
            + field("min_pnl", "P&amp;L ≥", "number") + field("max_pnl", "P&amp;L ≤", "number")
            + "<button type=\"submit\">filter</button></form>"
    }

    static func encode(_ query: [String: String]) -> String {
        query.keys.sorted().map { "\($0)=\(query[$0]!.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
    }

    /// The page's script, served as `/dashboard.js`.
    static let script = """
        (function () {
          var body = document.body, errors = 0, refreshed = 0;
          function fail() { errors++; body.dataset.errors = String(errors); }
          window.addEventListener('error', fail);
          function load(section) {
            var query = section.dataset.query ? '?' + section.dataset.query : '';
            return fetch('/fragments/' + section.id + query).then(function (r) {
              if (!r.ok) { throw new Error('HTTP ' + r.status); }
              return r.text();
            }).then(function (html) { section.querySelector('.body').innerHTML = html; });
          }
          function refresh() {
            var sections = Array.prototype.slice.call(document.querySelectorAll('section[data-live]'));
            return Promise.all(sections.map(load)).then(function () {
              refreshed++;
              body.dataset.refreshed = String(refreshed);
              body.dataset.overflow = document.documentElement.scrollWidth > window.innerWidth + 1 ? '1' : '0';
              document.getElementById('updated').textContent = new Date().toISOString().slice(11, 19) + ' UTC';
            }).catch(fail);
          }
          document.addEventListener('change', function (event) {
            if (!event.target.closest('#price-market')) { return; }
            var prices = document.getElementById('prices');
            prices.dataset.query = 'market=' + encodeURIComponent(event.target.value);
            load(prices).catch(fail);
          });
          var form = document.getElementById('trade-filters');
          form.addEventListener('submit', function (event) {
            event.preventDefault();
            var trades = document.getElementById('trades');
            trades.dataset.query = new URLSearchParams(new FormData(form)).toString();
            load(trades).catch(fail);
          });
          refresh();
          setInterval(refresh, Number(body.dataset.refreshMs) || 5000);
        })();
        """

    /// The page's style, served as `/dashboard.css`.
    static let style = """
        *{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,-apple-system,"DejaVu Sans",sans-serif;color:#1f2328;background:#f6f8fa}\
        header{padding:12px 16px;background:#fff;border-bottom:1px solid #d0d7de}h1{margin:0 0 6px;font-size:20px}\
        nav{display:flex;flex-wrap:wrap;gap:4px 12px}nav a{color:#0969da;text-decoration:none}main{padding:12px;max-width:1400px;margin:0 auto}\
        section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 12px;margin:0 0 12px}h2{font-size:16px;margin:0 0 8px}\
        h3{font-size:14px;margin:8px 0 4px}h3 small{font-weight:normal;color:#57606a}.muted{color:#57606a;font-size:12px}\
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:10px}\
        .card{border:1px solid #d0d7de;border-radius:6px;padding:8px}.card dl{display:grid;grid-template-columns:auto 1fr auto 1fr;gap:2px 8px;margin:6px 0 0}\
        dt{color:#57606a}dd{margin:0;text-align:right}.chart{width:100%;height:auto;display:block;background:#fbfcfd}\
        .chart text{font-size:10px;fill:#57606a}.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;width:100%;font-size:13px}\
        th,td{padding:4px 6px;border-bottom:1px solid #eaeef2;text-align:left;white-space:nowrap}td.n,th.n{text-align:right}\
        .up{color:#1a7f37}.down{color:#cf222e}.filters{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 8px}\
        .filters label{display:flex;flex-direction:column;font-size:12px;color:#57606a}.filters input{width:120px;padding:3px}\
        .filters button{align-self:flex-end;padding:4px 10px}@media (max-width:600px){main{padding:6px}.filters input{width:100px}}
        """
}
