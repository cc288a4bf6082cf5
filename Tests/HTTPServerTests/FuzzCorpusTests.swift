import Foundation
import TestSupport
import Testing

/// Every input in the fuzz corpus (seeds and any crash the fuzzer ever found) goes through the
/// parser and the JSON readers again, through the fuzz targets' own replay driver.
@Suite("Fuzz corpus replay")
struct FuzzCorpusTests {
    @Test(arguments: ["http", "json"])
    func everyCorpusInput_isHandledWithoutACrash(target: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let corpus = root.appendingPathComponent("Fuzz/corpus/\(target)").path
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).sorted().map { corpus + "/" + $0 }
        #expect(files.count >= 10)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.binDirectory + "/prescient-fuzz")
        process.arguments = [target] + files
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("replayed \(files.count) input(s)"))
    }
}
