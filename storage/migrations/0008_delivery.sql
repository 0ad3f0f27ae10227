-- Delivery you can count on. A row that can never be sent (403, chat not found) is dead,
-- not retried; a row waiting out a transient failure says so (backoff = 1), so that the
-- first success on its platform can release it at once; `ref` ties a row to what it is
-- about (an urgent forward of help request N, the group's acknowledgement of it).
ALTER TABLE outbox ADD COLUMN dead_at TEXT;
ALTER TABLE outbox ADD COLUMN backoff INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN ref TEXT;
CREATE INDEX outbox_ref ON outbox (ref) WHERE ref IS NOT NULL;

-- Whether an urgent request reached a person, and whether the resident was told to call.
ALTER TABLE help_requests ADD COLUMN forwarded_at TEXT;
ALTER TABLE help_requests ADD COLUMN hotline_at TEXT;
