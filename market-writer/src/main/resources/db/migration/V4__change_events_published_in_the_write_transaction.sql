-- Change events are published inside the transaction that stores the change, before its commit (ADR 0013), so the
-- outbox is no longer written. Events still queued in it would be lost with it: the migration refuses to run then.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM market.latest_price_outbox) THEN
        RAISE EXCEPTION 'market.latest_price_outbox still holds % change events that were never published',
            (SELECT count(*) FROM market.latest_price_outbox)
            USING HINT = 'Run the previous market-writer version until its relay has emptied the outbox, or delete'
                || ' the rows and run scripts/republish-latest-prices after the upgrade.';
    END IF;
END;
$$;

DROP TABLE market.latest_price_outbox;
