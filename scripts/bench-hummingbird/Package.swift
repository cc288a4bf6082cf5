// swift-tools-version:6.0
// A minimal Hummingbird 2 server used only by scripts/bench as the comparison point for
// Prescient's own HTTP server. It is built in its own scratch folder, outside the product's
// package graph, so Prescient never depends on it.
import PackageDescription

let package = Package(
    name: "HelloHummingbird",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0")],
    targets: [
        .executableTarget(name: "HelloHummingbird", dependencies: [.product(name: "Hummingbird", package: "hummingbird")])
    ]
)
