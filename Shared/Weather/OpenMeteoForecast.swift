import Foundation
import PrescientCore

/// An Open-Meteo `daily` answer (forecast, historical-forecast, previous-runs or archive API) as
/// the weather strategy reads it: the local days and each day's high and low in the answer's unit
/// (`daily_units`), the UTC offset of the requested timezone. Values may be null.
public struct OpenMeteoDaily: Sendable, Decodable, Equatable {
    public struct Daily: Sendable, Decodable, Equatable {
        public let time: [String]
        public let temperature2mMax: [Double?]
        public let temperature2mMin: [Double?]

        enum CodingKeys: String, CodingKey {
            case time, temperature2mMax = "temperature_2m_max", temperature2mMin = "temperature_2m_min"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            time = try container.decode([String].self, forKey: .time)
            temperature2mMax = try container.decodeIfPresent([Double?].self, forKey: .temperature2mMax) ?? time.map { _ in nil }
            temperature2mMin = try container.decodeIfPresent([Double?].self, forKey: .temperature2mMin) ?? time.map { _ in nil }
        }
    }

    public let latitude: Double
    public let longitude: Double
    public let timezone: String?
    public let utcOffsetSeconds: Int
    public let unit: TemperatureUnit
    public let daily: Daily

    enum CodingKeys: String, CodingKey {
        case latitude, longitude, timezone, daily
        case utcOffsetSeconds = "utc_offset_seconds", dailyUnits = "daily_units"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        latitude = try container.decode(Double.self, forKey: .latitude)
        longitude = try container.decode(Double.self, forKey: .longitude)
        timezone = try container.decodeIfPresent(String.self, forKey: .timezone)
        utcOffsetSeconds = try container.decodeIfPresent(Int.self, forKey: .utcOffsetSeconds) ?? 0
        let units = try container.decodeIfPresent([String: String].self, forKey: .dailyUnits) ?? [:]
        unit = units["temperature_2m_max"]?.contains("F") == true ? .fahrenheit : .celsius
        daily = try container.decode(Daily.self, forKey: .daily)
        guard daily.temperature2mMax.count == daily.time.count, daily.temperature2mMin.count == daily.time.count else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [CodingKeys.daily], debugDescription: "daily arrays of different lengths"))
        }
    }

    /// The forecasts this answer holds for each day with a high, issued at `issuedAt` (when it
    /// was fetched: the moment it became known), each with its lead in days from the local day
    /// of issue.
    public func forecasts(city: String, issuedAt: Date, source: String) -> [ForecastRecord] {
        let issueDay = Self.localDay(issuedAt, offsetSeconds: utcOffsetSeconds)
        return daily.time.indices.compactMap { index in
            guard let high = daily.temperature2mMax[index], let lead = Self.days(from: issueDay, to: daily.time[index]) else { return nil }
            return ForecastRecord(
                city: city, targetDate: daily.time[index], issuedAt: issuedAt, leadDays: lead, source: source, high: high,
                low: daily.temperature2mMin[index], unit: unit)
        }
    }

    /// The local day (`YYYY-MM-DD`) of a moment at a UTC offset.
    public static func localDay(_ date: Date, offsetSeconds: Int) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offsetSeconds)
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return CalendarDay.text(day)
    }

    /// Whole days from one `YYYY-MM-DD` to another.
    public static func days(from: String, to: String) -> Int? {
        guard let a = CalendarDay.number(from), let b = CalendarDay.number(to) else { return nil }
        return Int(b - a)
    }
}

/// One forecast of a city's high for a target day, with when it was issued (known) and its lead.
public struct ForecastRecord: Sendable, Equatable {
    public let city: String
    public let targetDate: String
    public let issuedAt: Date
    public let leadDays: Int
    public let source: String
    public let high: Double
    public let low: Double?
    public let unit: TemperatureUnit

    public init(
        city: String, targetDate: String, issuedAt: Date, leadDays: Int, source: String, high: Double, low: Double?, unit: TemperatureUnit
    ) {
        self.city = city
        self.targetDate = targetDate
        self.issuedAt = issuedAt
        self.leadDays = leadDays
        self.source = source
        self.high = high
        self.low = low
        self.unit = unit
    }
}
