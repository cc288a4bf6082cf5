/// A city Polymarket lists daily-high markets for: its resolution station (Wunderground's
/// history page), the station's coordinates and timezone (whose local day a market covers), the
/// unit its markets use, and its region for the correlation limits.
public struct WeatherCity: Sendable, Equatable {
    public let name: String
    public let station: String
    public let latitude: Double
    public let longitude: Double
    public let timezone: String
    public let unit: TemperatureUnit
    public let region: String

    /// The cities of the recorded markets, at their settlement airports.
    public static let known: [WeatherCity] = [
        WeatherCity(
            name: "London", station: "EGLC", latitude: 51.5048, longitude: 0.0495, timezone: "Europe/London", unit: .celsius,
            region: "Europe"),
        WeatherCity(
            name: "Munich", station: "EDDM", latitude: 48.3538, longitude: 11.7861, timezone: "Europe/Berlin", unit: .celsius,
            region: "Europe"),
        WeatherCity(
            name: "NYC", station: "KLGA", latitude: 40.7769, longitude: -73.8740, timezone: "America/New_York", unit: .fahrenheit,
            region: "US Northeast"),
        WeatherCity(
            name: "Tokyo", station: "RJTT", latitude: 35.5523, longitude: 139.7798, timezone: "Asia/Tokyo", unit: .celsius,
            region: "East Asia"),
    ]

    public static func named(_ name: String) -> WeatherCity? { known.first { $0.name.lowercased() == name.lowercased() } }
}
