import ServiceKit
import WalletsService

ServiceMain.run(name: "wallets", portVariable: "WALLETS_PORT", defaultPort: 8008) { context in
    try WalletsService.routes(context: context)
}
