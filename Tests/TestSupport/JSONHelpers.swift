import Foundation
import HTTPClient

extension HTTPClientResponse {
    /// The body parsed as a JSON object (empty when it is not one).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// `error.code` of a JSON error body.
    public var errorCode: String? {
        (json["error"] as? [String: Any])?["code"] as? String
    }
}
