-- Batches gain the purchased state; group bindings say where they came from; the outbox
-- index covers only what is still to send.

-- Orders keep referring to batches by name while the table is rebuilt with the same ids;
-- the runner turns foreign keys off around it and checks them all before the commit.
-- rebuilds-tables

CREATE TABLE batches_new (
    id INTEGER PRIMARY KEY,
    compound_id INTEGER NOT NULL REFERENCES compounds(id),
    cutoff_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'purchased')),
    created_at TEXT NOT NULL,
    closed_at TEXT,
    UNIQUE (compound_id, cutoff_at)
);
INSERT INTO batches_new (id, compound_id, cutoff_at, status, created_at, closed_at)
    SELECT id, compound_id, cutoff_at, status, created_at, closed_at FROM batches;
DROP TABLE batches;
ALTER TABLE batches_new RENAME TO batches;
CREATE INDEX batches_open ON batches (compound_id, status, cutoff_at);

-- 'config' for a binding seeded from [[groups]], 'chat' for one a cadre made in the group.
ALTER TABLE groups ADD COLUMN source TEXT NOT NULL DEFAULT 'config'
    CHECK (source IN ('config', 'chat'));

DROP INDEX outbox_pending;
CREATE INDEX outbox_unsent ON outbox (platform, chat_id, id) WHERE sent_at IS NULL;
