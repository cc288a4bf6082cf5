import Foundation
import Logging
import PrescientCore

/// A service's retention pass over the tables it owns, every `RETENTION_INTERVAL_S` (3,600; 0
/// turns it off), logged with what it removed; a failure is logged and the next pass tries again.
public enum RetentionTask {
    /// The started task, or nil when retention is off.
    public static func start(context: ServiceContext, _ pass: @escaping @Sendable () throws -> String) throws -> PeriodicTask? {
        let interval = try context.environment.double("RETENTION_INTERVAL_S", default: 3_600, range: 0...604_800)
        guard interval > 0 else { return nil }
        let logger = context.logger
        let task = PeriodicTask(name: "retention", interval: interval) {
            do {
                let removed = try pass()
                logger.info("retention pass", metadata: ["removed": "\(removed)"])
            } catch {
                logger.error("retention pass failed", metadata: ["error": "\(error)"])
            }
        }
        task.start()
        return task
    }
}
