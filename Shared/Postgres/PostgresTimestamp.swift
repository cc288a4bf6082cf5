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
        // Built by hand: String(format:) is slow on Linux and this runs for every row of a bulk COPY.
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-"
            + padded(Int(parts.tm_mday), 2) + " " + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2)
            + ":" + padded(Int(parts.tm_sec), 2) + "." + padded(Int(fraction), 6) + "+00"
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]+00` (also `T` separator, `Z`, `+00:00`, or a bare date).
    public static func parse(_ text: String) -> Date? {
        ISO8601Lenient.parse(text)
    }
}
