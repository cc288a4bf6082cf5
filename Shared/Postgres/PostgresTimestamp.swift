import Foundation
import PrescientCore

/// Reads and writes Postgres `timestamptz` text as UTC (sessions run with `TimeZone=UTC`).
public enum PostgresTimestamp {
    /// `2026-03-11 20:47:22.525523+00`
    public static func format(_ date: Date) -> String {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let micros = Int64(totalMicros)
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let text = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(fraction))
        return text
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]+00` (also `T` separator, `Z`, `+00:00`, or a bare date).
    public static func parse(_ text: String) -> Date? {
        ISO8601Lenient.parse(text)
    }
}

