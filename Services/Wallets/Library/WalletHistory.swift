import WalletScoring

/// Everything a wallet's activity says that profiles are built from: its fills and its reward and
/// rebate income.
struct WalletHistory: Sendable {
    let address: String
    var fills: [WalletFill] = []
    var income: [WalletIncome] = []
    /// Data API calls it took to read.
    var calls = 0

    var isEmpty: Bool { fills.isEmpty && income.isEmpty }
}
