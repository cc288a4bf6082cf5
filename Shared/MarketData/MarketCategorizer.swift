/// Assigns a category when Polymarket gives none. The 2026-03-11 recording carries no tags or
/// categories at all, so portfolios filtering on `categories` would otherwise match nothing.
/// Order matters: the first rule whose keyword appears as a whole word in the event title, slug
/// or question wins; `other` when none does. Categories follow the fee table's names.
public enum MarketCategorizer {
    static let rules: [(category: String, keywords: [String])] = [
        ("weather", ["temperature", "weather", "rain", "snow", "hurricane", "celsius", "fahrenheit", "degrees"]),
        ("crypto", ["bitcoin", "btc", "ethereum", "eth", "solana", "sol", "xrp", "crypto", "dogecoin", "doge", "bnb", "memecoin",
                    "token", "stablecoin", "microstrategy", "coinbase", "binance", "airdrop", "fdv", "megaeth", "hyperliquid"]),
        ("geopolitics", ["war", "ceasefire", "invade", "invasion", "strike", "strikes", "military", "nato", "ukraine", "russia",
                         "israel", "iran", "iranian", "iraq", "gaza", "hamas", "hezbollah", "taiwan", "missile", "nuclear",
                         "sanctions", "troops", "regime", "putin", "zelensky", "xi", "jinping", "khamenei", "netanyahu"]),
        ("economics", ["fed", "rates", "inflation", "cpi", "gdp", "recession", "unemployment", "jobs", "tariff", "tariffs", "bps",
                       "fomc", "powell", "economy", "treasury"]),
        ("politics", ["election", "president", "presidential", "trump", "biden", "senate", "house", "congress", "governor",
                      "mayor", "democrat", "democratic", "republican", "gop", "vote", "primary", "nominee", "minister",
                      "parliament", "party", "cabinet", "impeach", "approval", "vance", "newsom", "epstein"]),
        ("sports", ["nba", "nfl", "nhl", "mlb", "fifa", "uefa", "premier", "league", "champions", "match", "vs", "ufc", "tennis",
                    "golf", "f1", "prix", "olympics", "bowl", "playoffs", "finals", "masters", "boxing", "cricket", "serie",
                    "bundesliga", "laliga", "ligue", "mvp", "draft", "stanley", "atp", "wta", "fc", "esports", "lol", "cs2",
                    "dota", "valorant", "o/u", "spread", "epl", "ncaa", "march", "madness", "heisman", "wimbledon"]),
        ("finance", ["stock", "stocks", "s&p", "nasdaq", "dow", "ipo", "earnings", "shares", "tesla", "nvidia", "gold", "silver",
                     "oil", "spx", "ath", "(si)", "(gc)"]),
        ("tech", ["ai", "openai", "gpt", "chatgpt", "google", "gemini", "anthropic", "claude", "apple", "iphone", "spacex",
                  "launch", "grok", "meta", "microsoft", "gta"]),
        ("culture", ["movie", "film", "oscar", "oscars", "grammy", "album", "song", "netflix", "tv", "show", "celebrity",
                     "taylor", "say", "tweet", "tweets", "youtube", "mrbeast", "spotify", "billboard", "rotten", "tomatoes",
                     "tomatometer", "jesus", "aliens", "pope"]),
    ]

    /// The category of a market, from the words of its event and question.
    public static func category(eventTitle: String?, eventSlug: String?, question: String?) -> String {
        let text = [eventTitle, eventSlug, question].compactMap { $0 }.joined(separator: " ").lowercased()
        let words = Set(text.split { !($0.isLetter || $0.isNumber || $0 == "&") }.map(String.init))
        for rule in rules where rule.keywords.contains(where: words.contains) { return rule.category }
        return "other"
    }
}
