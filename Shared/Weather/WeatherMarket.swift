import Foundation

/// A Polymarket daily-high temperature market read from its Gamma fields: the city and target
/// date (from the event's title, "Highest temperature in London on June 16?", and the year of
/// its end date), the bucket (from `groupItemTitle`), the unit, and the resolution station (the
/// ICAO code that ends the Wunderground `resolutionSource`, e.g. EGLC).
public struct WeatherMarket: Sendable, Equatable {
    public let city: String
    /// The target day, `YYYY-MM-DD` (the station's local day).
    public let targetDate: String
    public let bucket: TemperatureBucket
    public let station: String?

    public init(city: String, targetDate: String, bucket: TemperatureBucket, station: String?) {
        self.city = city
        self.targetDate = targetDate
        self.bucket = bucket
        self.station = station
    }

    static let months = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9,
        "october": 10, "november": 11, "december": 12,
    ]

    /// Parses a market of a "Highest temperature in <city> on <Month> <day>?" event; nil when the
    /// title, bucket or end date does not read.
    public static func parse(eventTitle: String, bucketTitle: String, endDate: String?, resolutionSource: String?) -> WeatherMarket? {
        let prefix = "Highest temperature in "
        guard eventTitle.hasPrefix(prefix), let on = eventTitle.range(of: " on ", options: .backwards),
            let bucket = TemperatureBucket.parse(bucketTitle)
        else { return nil }
        let city = String(eventTitle[eventTitle.index(eventTitle.startIndex, offsetBy: prefix.count)..<on.lowerBound])
        let day = eventTitle[on.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "? "))
        let parts = day.split(separator: " ")
        guard parts.count == 2, let month = months[parts[0].lowercased()], let date = Int(parts[1]), (1...31).contains(date),
            let year = endDate.flatMap({ Int($0.prefix(4)) }), !city.isEmpty
        else { return nil }
        return WeatherMarket(
            city: city, targetDate: String(format: "%04d-%02d-%02d", year, month, date), bucket: bucket,
            station: resolutionSource.flatMap(Self.station))
    }

    /// The ICAO code a Wunderground history URL ends with (".../history/daily/gb/london/EGLC").
    static func station(_ source: String) -> String? {
        guard let last = source.split(separator: "/").last, (3...4).contains(last.count), last.allSatisfy({ $0.isLetter || $0.isNumber })
        else { return nil }
        return last.uppercased()
    }
}
