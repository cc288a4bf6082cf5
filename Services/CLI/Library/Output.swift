import Foundation
import PrescientCore

/// What a command prints: the service's JSON as it came (`--json`), or a human table.
enum Output {
    static func json(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// A table: a header row and aligned columns; a column whose cells are all numbers (or "-")
    /// is right-aligned.
    static func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        let numeric = header.indices.map { column in
            let cells = rows.compactMap { $0.indices.contains(column) ? $0[column] : nil }.filter { $0 != "-" }
            return !cells.isEmpty && cells.allSatisfy { Double($0.replacingOccurrences(of: "%", with: "")) != nil }
        }
        func line(_ cells: [String]) -> String {
            let text = cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return numeric[index] ? pad + cell : cell + pad
            }.joined(separator: "  ")
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        print(line(header))
        print(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for row in rows { print(line(row)) }
        if rows.isEmpty { print("(none)") }
    }

    /// A JSON value as table text: numbers without noise, strings as they are, null as "-".
    static func text(_ value: Any?, decimals: Int? = nil) -> String {
        switch value {
        case nil, is NSNull: return "-"
        case let number as NSNumber:
            if let decimals { return String(format: "%.\(decimals)f", number.doubleValue) }
            return number.stringValue
        case let text as String:
            if let decimals, let number = Double(text) { return String(format: "%.\(decimals)f", number) }
            return printable(text)
        default: return printable("\(value!)")
        }
    }

    /// `text` safe to print to a terminal: C0 and C1 control characters (escape sequences that
    /// could move the cursor, rewrite the screen or set the window title), DEL, and the bidi
    /// overrides that reorder what is shown, each replaced by `?`. Market questions, wallet names
    /// and error messages come from outside; none of them may drive the operator's terminal.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isUnsafe($0) ? "?" : $0 }))
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
