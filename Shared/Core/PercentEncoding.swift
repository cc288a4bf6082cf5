/// Percent-encoding of a URL query component: every byte outside RFC 3986's unreserved set
/// (ASCII letters, digits, `-._~`) becomes `%XX`, so any text survives a round trip.
public enum PercentEncoding {
    public static func queryComponent(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case 48...57, 65...90, 97...122, 45, 46, 95, 126:
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += (hex.count == 1 ? "%0" : "%") + hex
            }
        }
        return result
    }
}
