import ArgumentParser

/// `--json`, which every command takes: print the service's JSON answer instead of a table.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the service's JSON answer instead of a table.")
    var json = false
}
