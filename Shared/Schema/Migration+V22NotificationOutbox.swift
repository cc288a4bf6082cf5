extension Migration {
    /// Issue 13: notifications that are never lost. Every event worth telling an operator about is
    /// written to `notification_outbox` by a trigger on the row that records it, so in the same
    /// transaction as the event itself, whatever code path wrote it: a trade (buy:
    /// `trade_executed`, sell: `exit_taken`), a settlement, the drawdown breaker halting a
    /// portfolio (`breaker_tripped`), a cycle failing (`cycle_failed`), a smart-money alert. Each
    /// outbox row fans out, again by trigger, to one `notification_deliveries` row per active
    /// webhook that wants its kind; the delivery worker (`Shared/Notifications`) sends them.
    static let v22NotificationOutbox = Migration(
        version: 22, name: "notification_outbox",
        sql: """
            CREATE TABLE notification_outbox (
                id           BIGSERIAL PRIMARY KEY,
                kind         TEXT NOT NULL,
                portfolio_id BIGINT,
                payload      JSONB NOT NULL,
                created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX notification_outbox_time_idx ON notification_outbox (created_at);
            CREATE TABLE webhooks (
                id         BIGSERIAL PRIMARY KEY,
                name       TEXT NOT NULL,
                url        TEXT NOT NULL,
                format     TEXT NOT NULL CHECK (format IN ('json', 'telegram')),
                secret     TEXT NOT NULL,
                chat_id    TEXT,
                kinds      TEXT[] NOT NULL DEFAULT '{}',
                active     BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE TABLE notification_deliveries (
                id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
                event_id        BIGINT NOT NULL REFERENCES notification_outbox (id),
                webhook_id      BIGINT NOT NULL REFERENCES webhooks (id),
                status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                leased_until    TIMESTAMPTZ,
                last_status     INTEGER,
                last_error      TEXT,
                delivered_at    TIMESTAMPTZ,
                created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
                UNIQUE (event_id, webhook_id)
            );
            CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';

            CREATE FUNCTION notification_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO notification_deliveries (event_id, webhook_id)
                SELECT NEW.id, w.id FROM webhooks w WHERE w.active AND (cardinality(w.kinds) = 0 OR NEW.kind = ANY (w.kinds));
                RETURN NULL;
            END $$;
            CREATE TRIGGER notification_outbox_fan_out AFTER INSERT ON notification_outbox
                FOR EACH ROW EXECUTE FUNCTION notification_fan_out();

            CREATE FUNCTION notification_of_trade() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO notification_outbox (kind, portfolio_id, payload)
                SELECT CASE WHEN NEW.side = 'buy' THEN 'trade_executed' ELSE 'exit_taken' END, NEW.portfolio_id,
                       jsonb_build_object('trade_id', NEW.id, 'portfolio', p.name, 'strategy', p.strategy_type, 'market_id', NEW.market_id,
                           'question', m.question, 'outcome', NEW.outcome, 'side', NEW.side, 'shares', NEW.shares, 'price', NEW.price,
                           'amount', NEW.amount, 'fee', NEW.fee, 'realized_pnl', NEW.realized_pnl, 'reason', s.reason)
                FROM portfolios p LEFT JOIN markets m ON m.id = NEW.market_id LEFT JOIN trading_signals s ON s.id = NEW.signal_id
                WHERE p.id = NEW.portfolio_id;
                RETURN NULL;
            END $$;
            CREATE TRIGGER trades_notify AFTER INSERT ON trades FOR EACH ROW EXECUTE FUNCTION notification_of_trade();

            CREATE FUNCTION notification_of_settlement() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO notification_outbox (kind, portfolio_id, payload)
                SELECT 'settlement', NEW.portfolio_id,
                       jsonb_build_object('settlement_id', NEW.id, 'portfolio', p.name, 'strategy', p.strategy_type,
                           'market_id', NEW.market_id, 'question', m.question, 'resolution', NEW.resolution, 'shares', NEW.shares,
                           'cost_basis', NEW.cost_basis, 'payout', NEW.payout, 'realized_pnl', NEW.realized_pnl)
                FROM portfolios p LEFT JOIN markets m ON m.id = NEW.market_id WHERE p.id = NEW.portfolio_id;
                RETURN NULL;
            END $$;
            CREATE TRIGGER settlements_notify AFTER INSERT ON settlements FOR EACH ROW EXECUTE FUNCTION notification_of_settlement();

            CREATE FUNCTION notification_of_halt() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO notification_outbox (kind, portfolio_id, payload)
                VALUES ('breaker_tripped', NEW.id,
                        jsonb_build_object('portfolio', NEW.name, 'strategy', NEW.strategy_type, 'reason', NEW.status_reason,
                            'balance', NEW.current_balance, 'invested', NEW.total_invested, 'unrealized_pnl', NEW.unrealized_pnl));
                RETURN NULL;
            END $$;
            CREATE TRIGGER portfolios_notify_halt AFTER UPDATE OF status ON portfolios
                FOR EACH ROW WHEN (NEW.status = 'halted' AND OLD.status IS DISTINCT FROM 'halted')
                EXECUTE FUNCTION notification_of_halt();

            CREATE FUNCTION notification_of_failed_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO notification_outbox (kind, portfolio_id, payload)
                SELECT 'cycle_failed', NEW.portfolio_id,
                       jsonb_build_object('cycle_id', NEW.id, 'run_id', NEW.run_id, 'portfolio', p.name, 'strategy', p.strategy_type,
                           'step', NEW.current_step, 'error', NEW.error)
                FROM portfolios p WHERE p.id = NEW.portfolio_id;
                RETURN NULL;
            END $$;
            CREATE TRIGGER trading_cycles_notify_failure AFTER UPDATE OF status ON trading_cycles
                FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status IS DISTINCT FROM 'failed')
                EXECUTE FUNCTION notification_of_failed_cycle();
            CREATE TRIGGER trading_cycles_notify_failed_insert AFTER INSERT ON trading_cycles
                FOR EACH ROW WHEN (NEW.status = 'failed') EXECUTE FUNCTION notification_of_failed_cycle();

            CREATE FUNCTION notification_of_alert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO notification_outbox (kind, payload)
                VALUES ('smart_money_alert',
                        jsonb_build_object('alert_id', NEW.id, 'alert_kind', NEW.kind, 'condition_id', NEW.condition_id,
                            'side', NEW.side, 'outcome_index', NEW.outcome_index, 'notional', NEW.notional,
                            'confidence', NEW.confidence, 'wallets', to_jsonb(NEW.wallets), 'summary', NEW.summary,
                            'traded_at', NEW.traded_at));
                RETURN NULL;
            END $$;
            CREATE TRIGGER smart_money_alerts_notify AFTER INSERT ON smart_money_alerts
                FOR EACH ROW EXECUTE FUNCTION notification_of_alert();
            """)
}
