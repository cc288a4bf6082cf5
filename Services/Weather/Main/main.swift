import ServiceKit
import WeatherService

ServiceMain.run(name: "weather", portVariable: "WEATHER_PORT", defaultPort: 8013) { context in
    try WeatherService.routes(context: context)
}
