/// Which way a trade or quote goes: buying shares or selling them.
public enum OrderSide: String, Codable, Sendable, CaseIterable {
    case buy, sell
}
