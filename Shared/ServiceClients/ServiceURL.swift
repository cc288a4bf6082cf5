import PrescientCore

/// Builds a service URL from a base, a path and query items, percent-encoding the values.
enum ServiceURL {
    static func make(_ base: String, _ path: String, _ query: [(String, String?)] = []) -> String {
        let items = query.compactMap { name, value in value.map { "\(name)=\(encode($0))" } }
        return base + path + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    static func encode(_ value: String) -> String {
        PercentEncoding.queryComponent(value)
    }
}
