-- Webhooks (export/webhooks): subscriptions and an outbox of deliveries. Deliveries
-- are written in the transaction of the change they announce (store/webhooks) and
-- sent afterwards by the delivery worker of `serve`, so a delivery never blocks a write.
CREATE TABLE webhook (
    id              INTEGER PRIMARY KEY,
    url             TEXT NOT NULL,
    secret          TEXT NOT NULL,
    kinds           TEXT,
    body_id         BIGINT,
    organization_id BIGINT,
    paper_type      TEXT,
    created         BIGINT NOT NULL,
    active          BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE TABLE webhook_delivery (
    id           INTEGER PRIMARY KEY,
    webhook_id   BIGINT NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    object_id    BIGINT NOT NULL,
    event        TEXT NOT NULL,
    created      BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    next_attempt BIGINT NOT NULL,
    delivered    BIGINT,
    last_status  BIGINT,
    last_error   TEXT
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (delivered, next_attempt);
