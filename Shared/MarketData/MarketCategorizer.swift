/// Assigns a category when Polymarket gives none. The 2026-03-11 recording carries no tags or
/// categories at all, so portfolios filtering on `categories` would otherwise match nothing.
/// Order matters: the first rule whose keyword appears as a whole word in the event title, slug
/// or question wins; `other` when none does. Categories follow the fee table's names.
public enum MarketCategorizer {
    static let rules: [(category: String, keywords: [String])] = [
        ("weather", ["temperature", "weather", "rain", "snow", "hurricane", "celsius", "fahrenheit", "degrees"]),
        (
            "crypto",
            [
                "bitcoin", "btc", "ethereum", "eth", "solana", "sol", "xrp", "crypto", "dogecoin", "doge", "bnb", "memecoin",
                "token", "stablecoin", "microstrategy", "coinbase", "binance", "airdrop", "fdv", "megaeth", "hyperliquid",
            ]
        ),
        (
            "geopolitics",
            [
                "war", "ceasefire", "invade", "invasion", "strike", "strikes", "military", "nato", "ukraine", "russia",
                "israel", "iran", "iranian", "iraq", "gaza", "hamas", "hezbollah", "taiwan", "missile", "nuclear",
                "sanctions", "troops", "regime", "putin", "zelensky", "xi", "jinping", "khamenei", "netanyahu",
            ]
        ),
        (
            "economics",
            [
                "fed", "rates", "inflation", "cpi", "gdp", "recession", "unemployment", "jobs", "tariff", "tariffs", "bps",
                "fomc", "powell", "economy", "treasury",
            ]
        ),
        (
            "politics",
            [
                "election", "president", "presidential", "trump", "biden", "senate", "house", "congress", "governor",
                "mayor", "democrat", "democratic", "republican", "gop", "vote", "primary", "nominee", "minister",
                "parliament", "party", "cabinet", "impeach", "approval", "vance", "newsom", "epstein",
            ]
        ),
        (
            "sports",
            [
                "nba", "nfl", "nhl", "mlb", "fifa", "uefa", "premier", "league", "champions", "match", "vs", "ufc", "tennis",
                "golf", "f1", "prix", "olympics", "bowl", "playoffs", "finals", "masters", "boxing", "cricket", "serie",
                "bundesliga", "laliga", "ligue", "mvp", "draft", "stanley", "atp", "wta", "fc", "esports", "lol", "cs2",
                "dota", "valorant", "o/u", "spread", "epl", "ncaa", "march", "madness", "heisman", "wimbledon",
            ]
        ),
        (
            "finance",
            [
                "stock", "stocks", "s&p", "nasdaq", "dow", "ipo", "earnings", "shares", "tesla", "nvidia", "gold", "silver",
                "oil", "spx", "ath", "(si)", "(gc)",
            ]
        ),
        (
            "tech",
            [
                "ai", "openai", "gpt", "chatgpt", "google", "gemini", "anthropic", "claude", "apple", "iphone", "spacex",
                "launch", "grok", "meta", "microsoft", "gta",
            ]
        ),
        (
            "culture",
            [
                "movie", "film", "oscar", "oscars", "grammy", "album", "song", "netflix", "tv", "show", "celebrity",
                "taylor", "say", "tweet", "tweets", "youtube", "mrbeast", "spotify", "billboard", "rotten", "tomatoes",
                "tomatometer", "jesus", "aliens", "pope",
            ]
        ),
    ]

    /// The first rule's index for each keyword (a word then decides by the lowest index).
    static let ruleIndex: [String: Int] = {
        var index: [String: Int] = [:]
        for (position, rule) in rules.enumerated() {
            for keyword in rule.keywords where index[keyword] == nil { index[keyword] = position }
        }
        return index
    }()

    /// The category of a market, from the words of its event and question: a word is a run of
    /// letters, digits and `&`, compared lowercased.
    public static func category(eventTitle: String?, eventSlug: String?, question: String?) -> String {
        var best = rules.count
        for var text in [eventTitle, eventSlug, question] {
            guard let found = text?.withUTF8({ asciiBest(in: $0) }) ?? nil else {
                // Text with non-ASCII characters: Unicode letters, digits and lowercasing.
                best = min(best, unicodeRule(in: text ?? ""))
                continue
            }
            best = min(best, found)
        }
        return best < rules.count ? rules[best].category : "other"
    }

    /// The best rule over the words of ASCII `bytes`, or nil when they are not all ASCII.
    static func asciiBest(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var best = rules.count
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func finish() {
            guard !word.isEmpty else { return }
            if let rule = ruleIndex[String(decoding: word, as: UTF8.self)], rule < best { best = rule }
            word.removeAll(keepingCapacity: true)
        }
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "&"): word.append(byte)
            default: finish()
            }
        }
        finish()
        return best
    }

    /// The category of any text by Unicode letter and digit properties: the general path, which
    /// the ASCII one must agree with (the tests compare them on the recorded markets).
    public static func categoryByUnicodeWords(_ text: String) -> String {
        let rule = unicodeRule(in: text)
        return rule < rules.count ? rules[rule].category : "other"
    }

    static func unicodeRule(in text: String) -> Int {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "&") }
            .compactMap { ruleIndex[String($0)] }.min() ?? rules.count
    }
}
