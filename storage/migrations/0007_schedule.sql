-- The clock the bot keeps. Notices gain the daily message and recurring delivery rounds
-- (every_minutes from starts to ends); the CHECK on kind changes, so the table is rebuilt.
-- rebuilds-tables

CREATE TABLE notices_new (
    id INTEGER PRIMARY KEY,
    compound_id INTEGER NOT NULL REFERENCES compounds(id),
    kind TEXT NOT NULL CHECK (kind IN ('test', 'delivery', 'text', 'daily')),
    building TEXT,
    day TEXT,
    starts TEXT,
    ends TEXT,
    place TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    every_minutes INTEGER
);
INSERT INTO notices_new (id, compound_id, kind, building, day, starts, ends, place, text,
    created_at)
    SELECT id, compound_id, kind, building, day, starts, ends, place, text, created_at
    FROM notices;
DROP TABLE notices;
ALTER TABLE notices_new RENAME TO notices;
CREATE INDEX notices_day ON notices (compound_id, kind, day);

-- Every scheduled occurrence, recorded in the same transaction as what it posted, so a
-- restart, a duplicate trigger or a misfire never posts twice. 'missed': it fell due
-- while the bot was down, beyond the grace time; the nightly review lists it.
CREATE TABLE job_runs (
    job_id TEXT NOT NULL,
    occurrence TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'missed')),
    ran_at TEXT NOT NULL,
    PRIMARY KEY (job_id, occurrence)
);

-- When this database first ran jobs: occurrences before it never count.
CREATE TABLE clock_marks (
    name TEXT PRIMARY KEY,
    at TEXT NOT NULL
);

-- How many times a request or question nobody took was re-sent (1: to duty, 2: cadres).
ALTER TABLE help_requests ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;
