import Foundation
import HTTPClient
import PrescientCore

/// Open-Meteo's forecast API (`OPEN_METEO_URL`, default `https://api.open-meteo.com`; the
/// scripts point it at the simulator's weather host): daily highs and lows for a city's station
/// in its timezone and unit, `forecast_days` ahead (lead 0 to days − 1).
public struct OpenMeteoClient: Sendable {
    public let baseURL: String
    let http: HTTPClient

    public init(baseURL: String = "https://api.open-meteo.com", http: HTTPClient = HTTPClient(connectTimeout: 5, defaultTimeout: 20)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
    }

    /// Why a forecast could not be read.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// `GET /v1/forecast?latitude=…&longitude=…&daily=temperature_2m_max,temperature_2m_min&timezone=…&forecast_days=…`
    /// (with `temperature_unit=fahrenheit` for a city in °F): the decoded answer and its raw bytes.
    public func forecast(_ city: WeatherCity, days: Int = 3) throws -> (daily: OpenMeteoDaily, body: [UInt8]) {
        var query = [
            "latitude=\(city.latitude)", "longitude=\(city.longitude)", "daily=temperature_2m_max,temperature_2m_min",
            "timezone=\(city.timezone.replacingOccurrences(of: "/", with: "%2F"))", "forecast_days=\(max(1, min(days, 16)))",
        ]
        if city.unit == .fahrenheit { query.append("temperature_unit=fahrenheit") }
        let response = try http.get(baseURL + "/v1/forecast?" + query.joined(separator: "&"))
        guard response.status == 200 else {
            struct Refusal: Decodable { let reason: String? }
            let reason = (try? JSONDecoder().decodeBounded(Refusal.self, from: response.body))?.reason
            throw Failure(
                description: "Open-Meteo answered \(response.status): \(reason.map { String($0.prefix(200)) } ?? "no reason given")")
        }
        do {
            return (try JSONDecoder().decodeBounded(OpenMeteoDaily.self, from: response.body), response.body)
        } catch {
            throw Failure(description: "Open-Meteo's answer did not decode: \(error)")
        }
    }
}
