/// Header fields in arrival order, looked up case-insensitively.
public struct HTTPHeaders: Sendable, Sequence {
    public struct Field: Sendable {
        public let name: String
        public let value: String
        /// The name lower-cased once, so lookups do not lower-case every field every time.
        let key: String
    }

    public private(set) var storage: [Field] = []

    public init(_ fields: [(String, String)] = []) {
        storage = fields.map { Field(name: $0.0, value: $0.1, key: $0.0.lowercased()) }
    }

    /// The first value of `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        get {
            let key = name.lowercased()
            return storage.first { $0.key == key }?.value
        }
        set {
            let key = name.lowercased()
            storage.removeAll { $0.key == key }
            if let newValue { storage.append(Field(name: name, value: newValue, key: key)) }
        }
    }

    /// Every value of `name`.
    public func values(_ name: String) -> [String] {
        let key = name.lowercased()
        return storage.filter { $0.key == key }.map(\.value)
    }

    public mutating func add(_ name: String, _ value: String) {
        storage.append(Field(name: name, value: value, key: name.lowercased()))
    }

    public var isEmpty: Bool { storage.isEmpty }

    public func makeIterator() -> AnyIterator<(name: String, value: String)> {
        var iterator = storage.makeIterator()
        return AnyIterator { iterator.next().map { (name: $0.name, value: $0.value) } }
    }
}
