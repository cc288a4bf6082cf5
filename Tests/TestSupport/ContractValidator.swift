import Foundation

/// Checks recorded answers against an OpenAPI document (as a service serves it at
/// `/openapi.json`): the operation must exist for the method and path, the status must be one it
/// documents, and a JSON body must match the schema: `type`, `required`, `properties`, `items`,
/// with `$ref` into `components` followed. Enough of JSON Schema for the suite's contract.
public struct ContractValidator {
    let document: [String: Any]

    public init(document: [String: Any]) {
        self.document = document
    }

    /// Problems with one answer (empty when it conforms).
    public func problems(method: String, path: String, status: Int, body: [UInt8]) -> [String] {
        let route = path.components(separatedBy: "?")[0]
        guard let (template, operation) = operation(method: method.lowercased(), path: route) else {
            return ["\(method) \(route): no such operation in the contract"]
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard let documented = (responses[String(status)] ?? responses["default"]).map(resolve) as? [String: Any] else {
            return ["\(method) \(template): status \(status) is not documented (\(responses.keys.sorted().joined(separator: ", ")))"]
        }
        let content = documented["content"] as? [String: Any] ?? [:]
        guard let json = content["application/json"] as? [String: Any], let schema = json["schema"] else { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return ["\(method) \(template) \(status): the body is not JSON"]
        }
        return check(value, against: resolve(schema), at: "\(method) \(template) \(status)")
    }

    func operation(method: String, path: String) -> (String, [String: Any])? {
        let parts = path.split(separator: "/").map(String.init)
        for (template, value) in document["paths"] as? [String: Any] ?? [:] {
            let pattern = template.split(separator: "/").map(String.init)
            guard pattern.count == parts.count,
                zip(pattern, parts).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }),
                let operation = (value as? [String: Any])?[method] as? [String: Any]
            else { continue }
            return (template, operation)
        }
        return nil
    }

    func resolve(_ value: Any) -> Any {
        guard let object = value as? [String: Any], let reference = object["$ref"] as? String, reference.hasPrefix("#/") else {
            return value
        }
        var current: Any = document
        for key in reference.dropFirst(2).split(separator: "/") { current = (current as? [String: Any])?[String(key)] ?? [:] }
        return resolve(current)
    }

    func check(_ value: Any, against schemaValue: Any, at place: String) -> [String] {
        guard let schema = resolve(schemaValue) as? [String: Any] else { return [] }
        var problems: [String] = []
        if let type = schema["type"] as? String, !Self.matches(value, type: type) {
            return ["\(place): expected \(type), found \(Swift.type(of: value))"]
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(place): required '\(key)' missing")
            }
            for (key, child) in schema["properties"] as? [String: Any] ?? [:] {
                if let present = object[key] { problems += check(present, against: child, at: "\(place).\(key)") }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, element) in array.enumerated() { problems += check(element, against: items, at: "\(place)[\(index)]") }
        }
        return problems
    }

    static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "number", "integer": return value is NSNumber && !(value is Bool)
        case "boolean": return value is Bool || value is NSNumber
        case "null": return value is NSNull
        default: return true
        }
    }
}
