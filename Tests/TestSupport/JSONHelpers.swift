import Foundation
import HTTPClient
import PrescientCore

extension HTTPClientResponse {
    /// The body parsed as a JSON object (empty when it is not one).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// `error.code` of a JSON error body.
    public var errorCode: String? {
        (try? JSONDecoder().decode(ErrorBody.self, from: Data(body)))?.error.code
    }
}
