extension Migration {
    /// Issue 23: deliveries written only by the worker holding their lease, a bounded fan-out, and
    /// no secret kept in an error. `lease_token` is set with each lease; a result is recorded only
    /// with the token it was leased under, so a worker whose lease expired mid-send cannot
    /// overwrite the next holder's outcome. An event fans out to at most 100 webhooks (the cap on
    /// active webhooks). Errors recorded before this version could hold a receiver's URL or body:
    /// they are cleared.
    static let v23DeliveryLeases = Migration(
        version: 23, name: "delivery_leases",
        sql: """
            ALTER TABLE notification_deliveries ADD COLUMN lease_token UUID;
            UPDATE notification_deliveries SET last_error = 'not kept (recorded before version 23)' WHERE last_error IS NOT NULL;

            CREATE OR REPLACE FUNCTION notification_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO notification_deliveries (event_id, webhook_id)
                SELECT NEW.id, w.id FROM webhooks w WHERE w.active AND (cardinality(w.kinds) = 0 OR NEW.kind = ANY (w.kinds))
                ORDER BY w.id LIMIT 100;
                RETURN NULL;
            END $$;
            """)
}
