import Foundation

/// A webhook URL as it may be shown: scheme and host (and port) kept, credentials dropped, and
/// the path and query cut after their first four characters (`https://api.telegram.org/bot***`),
/// enough to tell webhooks apart, never enough to hold a token.
public enum RedactedURL {
    public static func text(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "***" }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let rest = afterScheme[authorityEnd...]
        let scheme = url[..<schemeEnd.lowerBound].prefix(10)
        return "\(scheme)://\(authority.prefix(260))" + (rest.isEmpty ? "" : "\(rest.prefix(4))***")
    }
}
