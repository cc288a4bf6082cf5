import DashboardService
import ServiceKit

ServiceMain.run(name: "dashboard", portVariable: "DASHBOARD_PORT", defaultPort: 8015) { context in
    try DashboardService.routes(context: context)
}
