import Foundation

/// A lenient ISO-8601 reader for the timestamp shapes Postgres and Polymarket emit:
/// `2026-03-11T20:47:22.525523Z`, `2021-12-04T00:00:00Z`, `2026-02-07 12:00:00+00`,
/// `2022-07-27 14:40:02.064+00`, `2026-12-31`, with 0–9 fractional digits and any UTC offset.
public enum ISO8601Lenient {
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else {
            return nil
        }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        if index < bytes.count, bytes[index] == 84 || bytes[index] == 32 {  // T or space
            index += 1
            guard let h = number(2), expect(58), let m = number(2) else { return nil }
            hour = h
            minute = m
            if expect(58) {
                guard let s = number(2) else { return nil }
                second = s
            }
            if index < bytes.count, bytes[index] == 46 {  // .
                index += 1
                var scale = 0.1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
            if index < bytes.count {
                let sign = bytes[index]
                if sign == 90 || sign == 122 {  // Z
                    index += 1
                } else if sign == 43 || sign == 45 {  // + -
                    index += 1
                    guard let offsetHours = number(2) else { return nil }
                    var offsetMinutes = 0
                    _ = expect(58)
                    if let m = number(2) { offsetMinutes = m }
                    offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == 43 ? 1 : -1)
                }
            }
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
