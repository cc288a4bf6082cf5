import Foundation
import HTTPServer
import PrescientCore

/// Open-Meteo's forecast API on a host of its own (`SIMULATOR_WEATHER_PORT`, 8904), as
/// `api.open-meteo.com` serves it: `GET /v1/forecast?latitude=&longitude=&daily=…` answers the
/// recorded forecast of the city at that point fetched most recently at or before the simulated
/// clock, body unchanged (its units are the recording's: °F for NYC). Errors in Open-Meteo's
/// shape, `{"error":true,"reason":"…"}` with 400.
extension Simulator {
    public func openMeteoRouter() -> Router {
        var router = Router()
        router.get("/v1/forecast") { [self] request in
            guard let latitude = request.query["latitude"].flatMap(Double.init), (-90...90).contains(latitude),
                let longitude = request.query["longitude"].flatMap(Double.init), (-180...180).contains(longitude)
            else { return Self.openMeteoError("Parameter 'latitude' and 'longitude' must be numbers within range") }
            guard let city = forecasts.city(latitude: latitude, longitude: longitude) else {
                return Self.openMeteoError("No recorded forecast within a degree of \(latitude), \(longitude)")
            }
            let now = epoch + state.elapsedSeconds
            guard let answer = forecasts.answer(for: city, at: now) else {
                return Self.openMeteoError(
                    "No forecast for \(city.name) had been recorded by \(Self.gammaTimestamp(now)) (recordings start "
                        + "\(Self.gammaTimestamp(city.answers.first?.fetchedAt ?? 0)))")
            }
            return .json(bytes: answer.body)
        }
        return router
    }

    static func openMeteoError(_ reason: String) -> HTTPResponse {
        let body =
            (try? JSONSerialization.data(withJSONObject: ["error": true, "reason": reason] as [String: Any], options: .sortedKeys))
            ?? Data()
        return .json(bytes: Array(body), status: .badRequest)
    }
}
