import Foundation
import Postgres
import PrescientCore

/// A run as `GET /backtests` and `GET /backtests/{id}` answer it: progress (percent, steps, an
/// ETA from the rate so far), status, the summary figures, and with `?full=true` the whole
/// result (trade log and equity curve).
struct BacktestRunView: Sendable, Encodable {
    let id: String
    let strategy: String
    let status: String
    let settings: JSONValue
    let stepsDone: Int
    let stepsTotal: Int
    let percent: Decimal
    let etaSeconds: Int?
    let schema: String
    let error: String?
    let summary: JSONValue?
    let result: JSONValue?
    let startedAt: Date
    let finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, strategy, status, settings, percent, schema, error, summary, result
        case stepsDone = "steps_done", stepsTotal = "steps_total", etaSeconds = "eta_s", startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    static func columns(full: Bool) -> String {
        "id, strategy, status, settings::text AS settings, steps_done, steps_total, schema_name, error, summary::text AS summary, "
            + (full ? "result::text AS result, " : "NULL::text AS result, ")
            + "started_at, finished_at, extract(epoch FROM now() - started_at)::float8 AS elapsed"
    }

    init(_ row: PostgresRow) throws {
        func json(_ column: String) throws -> JSONValue? {
            try row.decodeIfPresent(column, as: String.self).flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        }
        id = try row.decode("id")
        strategy = try row.decode("strategy")
        status = try row.decode("status")
        settings = try json("settings") ?? .null
        stepsDone = try row.decode("steps_done")
        stepsTotal = try row.decode("steps_total")
        percent = stepsTotal > 0 ? (Decimal(stepsDone) * 100 / Decimal(stepsTotal)).rounded(scale: 1) : 0
        let elapsed: Double = try row.decode("elapsed")
        etaSeconds =
            status == "running" && stepsDone > 0 && stepsTotal > stepsDone
            ? Int((elapsed / Double(stepsDone) * Double(stepsTotal - stepsDone)).rounded(.up)) : nil
        schema = try row.decode("schema_name")
        error = try row.decodeIfPresent("error")
        summary = try json("summary")
        result = try json("result")
        startedAt = try row.decode("started_at")
        finishedAt = try row.decodeIfPresent("finished_at")
    }
}
