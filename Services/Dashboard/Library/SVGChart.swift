import Foundation
import PrescientCore
import Verdicts

/// Charts drawn on the server as SVG: no JavaScript library, nothing fetched at run time.
enum SVGChart {
    /// A line of `points` (x, y) scaled into `width` × `height`, with its first and last y and
    /// its range as labels; "no data" when there are fewer than two points.
    static func line(_ points: [(Double, Double)], width: Int, height: Int, label: String, format: (Double) -> String) -> String {
        let finite = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard finite.count >= 2 else {
            return "<svg class=\"chart\" role=\"img\" aria-label=\"\(HTML.escape(label)): no data yet\" viewBox=\"0 0 \(width) \(height)\">"
                + "<text x=\"8\" y=\"\(height / 2)\" class=\"muted\">no data yet</text></svg>"
        }
        let xs = finite.map(\.0), ys = finite.map(\.1)
        let minX = xs.min()!, maxX = xs.max()!, minY = ys.min()!, maxY = ys.max()!
        let pad = 4.0, w = Double(width) - 2 * pad, h = Double(height) - 2 * pad - 12
        func px(_ x: Double) -> Double { pad + (maxX > minX ? (x - minX) / (maxX - minX) : 0.5) * w }
        func py(_ y: Double) -> Double { pad + 12 + (maxY > minY ? (maxY - y) / (maxY - minY) : 0.5) * h }
        let path = finite.map { String(format: "%.1f,%.1f", px($0.0), py($0.1)) }.joined(separator: " ")
        let rising = ys.last! >= ys.first!
        return """
            <svg class="chart" role="img" aria-label="\(HTML.escape(label))" viewBox="0 0 \(width) \(height)" preserveAspectRatio="none">\
            <polyline fill="none" stroke="\(rising ? "#1a7f37" : "#cf222e")" stroke-width="1.5" points="\(path)"/>\
            <text x="\(pad)" y="10" class="muted">\(HTML.escape(format(minY))) – \(HTML.escape(format(maxY)))</text></svg>
            """
    }
}

extension SVGChart {
    /// A reliability diagram: each bin with trades at (mean probability, share that won), its
    /// count beside it, against the diagonal of perfect calibration; "no data" without a bin.
    static func reliability(_ bins: [Reliability.Bin], size: Int, label: String) -> String {
        let filled = bins.compactMap { bin in bin.meanProbability.flatMap { p in bin.observed.map { (p, $0, bin.count) } } }
        guard !filled.isEmpty else {
            return
                "<svg class=\"chart\" role=\"img\" aria-label=\"\(HTML.escape(label)): no resolved probabilities\" viewBox=\"0 0 \(size) \(size)\">"
                + "<text x=\"8\" y=\"\(size / 2)\" class=\"muted\">no resolved probabilities yet</text></svg>"
        }
        let pad = 16.0, side = Double(size) - 2 * pad
        func x(_ p: Double) -> Double { pad + p * side }
        func y(_ p: Double) -> Double { pad + (1 - p) * side }
        let dots = filled.map { p, observed, count in
            String(
                format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#0969da\"/><text x=\"%.1f\" y=\"%.1f\" class=\"muted\">%d</text>",
                x(p), y(observed), x(p) + 4, y(observed) - 4, count)
        }.joined()
        return """
            <svg class="chart" role="img" aria-label="\(HTML.escape(label))" viewBox="0 0 \(size) \(size)">\
            <rect x="\(pad)" y="\(pad)" width="\(side)" height="\(side)" fill="none" stroke="#d0d7de"/>\
            <line x1="\(x(0))" y1="\(y(0))" x2="\(x(1))" y2="\(y(1))" stroke="#8c959f" stroke-dasharray="4 3"/>\(dots)\
            <text x="\(pad)" y="12" class="muted">won (y) against probability (x)</text></svg>
            """
    }
}

/// HTML helpers: escaping and tables.
enum HTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A table; cells are already HTML. Numeric columns (by index) are right-aligned.
    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], id: String? = nil, empty: String = "nothing yet")
        -> String
    {
        guard !rows.isEmpty else { return "<p class=\"muted\">\(escape(empty))</p>" }
        let head = header.enumerated().map {
            "<th\($0.offset == 0 ? "" : numeric.contains($0.offset) ? " class=\"n\"" : "")>\(escape($0.element))</th>"
        }
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { "<td\(numeric.contains($0.offset) ? " class=\"n\"" : "")>\($0.element)</td>" }.joined()
                + "</tr>"
        }
        return "<div class=\"scroll\"><table\(id.map { " id=\"\($0)\"" } ?? "")><thead><tr>\(head.joined())</tr></thead><tbody>"
            + body.joined() + "</tbody></table></div>"
    }

    static func money(_ value: Decimal) -> String {
        let number = NSDecimalNumber(decimal: value).doubleValue
        return String(format: "%.2f", number)
    }

    static func signed(_ value: Decimal) -> String {
        let cents = value.rounded(scale: 2)
        let cls = cents > 0 ? "up" : cents < 0 ? "down" : ""
        return "<span class=\"\(cls)\">\(cents > 0 ? "+" : "")\(money(cents))</span>"
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date)
    }
}
