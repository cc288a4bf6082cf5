import Foundation
import HTTPServer
import ServiceKit

/// A webhook receiver on a free port of this process, in Telegram's URL shape
/// (`/{bot<token>}/sendMessage`), answering every delivery with `answer`.
public enum WebhookReceiver {
    public static func start(_ answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> ServiceHost {
        try ServiceHost.startedInProcess(name: "receiver") { _ in
            var router = Router()
            router.post("/{bot}/sendMessage") { answer($0) }
            return ServiceRoutes(router: router)
        }
    }

    /// 200 MB of zeros gzipped by the system's gzip (about 200 KB): an answer that expands a
    /// thousandfold, sent with `Content-Encoding: gzip`.
    public static func gzipBomb() throws -> [UInt8] {
        let encoded = try Subprocess.run(["/bin/sh", "-c", "head -c 200000000 /dev/zero | gzip -9 -c | base64 -w0"])
        guard let bomb = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSetupError("gzip did not make the bomb")
        }
        return Array(bomb)
    }
}
