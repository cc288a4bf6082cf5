import Foundation
import Postgres
import PrescientCore
import Verdicts

/// The configurations a walk-forward tuner run ranked (`tuner_runs.result.ranking`, best
/// out-of-sample deflated Sharpe first) and the evidence it kept for their verdicts, read for
/// `apply-tuned`. Owns that read.
struct TunedConfigurations: Sendable {
    let pool: PostgresPool

    /// A ranked configuration of a finished run.
    struct Ranked: Sendable {
        let strategy: String
        let settings: [String: JSONValue]
        let deflatedSharpe: JSONValue?
        let configurationsTried: Int
        /// The evidence the run kept for its verdicts (nil for a run that kept none).
        let evidence: StoredEvidence?
    }

    /// Why a run cannot be applied.
    enum Refusal: Error {
        case unknownRun(String)
        case notFinished(String, status: String)
        case noSuchRank(String, rank: Int, ranked: Int)
        /// The run was tuned on the oracle forecast (made from the outcome): a ceiling, never settings.
        case oracle(String)
        /// The configuration never traded out of sample: its rank says nothing.
        case noTrades(String, rank: Int)
    }

    /// The configuration at `rank` (1 = best) of run `id`.
    func ranked(run id: String, rank: Int) throws -> Ranked {
        guard
            let row = try pool.execute(
                """
                SELECT strategy, status, COALESCE(jsonb_array_length(result->'ranking'), 0) AS ranked,
                       (result->'ranking'->(\(rank - 1))::int->'configuration')::text AS configuration,
                       (result->'ranking'->(\(rank - 1))::int->'deflated_sharpe')::text AS deflated,
                       COALESCE((result->>'configurations_tried')::int, 0) AS tried,
                       COALESCE((result->'ranking'->(\(rank - 1))::int->>'trades')::int, 0) AS trades,
                       evidence::text AS evidence,
                       COALESCE((result->>'modelled')::boolean, false)
                           OR COALESCE(settings->'base'->>'forecasts', '') IN ('oracle', 'modelled') AS oracle
                FROM tuner_runs WHERE id = \(id)
                """
            ).rows.first
        else { throw Refusal.unknownRun(id) }
        let status: String = try row.decode("status")
        guard status == "succeeded" else { throw Refusal.notFinished(id, status: status) }
        guard try !row.decode("oracle", as: Bool.self) else { throw Refusal.oracle(id) }
        guard let text: String = try row.decodeIfPresent("configuration"),
            case .object(let settings) = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        else { throw Refusal.noSuchRank(id, rank: rank, ranked: try row.decode("ranked")) }
        guard try row.decode("trades", as: Int.self) > 0 else { throw Refusal.noTrades(id, rank: rank) }
        let deflated: String? = try row.decodeIfPresent("deflated")
        let evidence: String? = try row.decodeIfPresent("evidence")
        return Ranked(
            strategy: try row.decode("strategy"), settings: settings,
            deflatedSharpe: try deflated.map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) },
            configurationsTried: try row.decode("tried"),
            evidence: try evidence.map { try JSONDecoder().decode(StoredEvidence.self, from: Data($0.utf8)) })
    }
}
