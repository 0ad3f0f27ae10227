-- The first schema. Units that are unknown are stored as '' so UNIQUE constraints hold.

CREATE TABLE compounds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE buildings (
    id INTEGER PRIMARY KEY,
    compound_id INTEGER NOT NULL REFERENCES compounds(id),
    name TEXT NOT NULL,
    units TEXT NOT NULL DEFAULT '',
    UNIQUE (compound_id, name)
);

CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    compound_id INTEGER NOT NULL REFERENCES compounds(id),
    building TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL,
    phone TEXT,
    headcount INTEGER,
    flags TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (compound_id, building, unit, room)
);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    household_id INTEGER REFERENCES households(id),
    role TEXT NOT NULL DEFAULT 'resident'
        CHECK (role IN ('resident', 'volunteer', 'building_leader', 'cadre')),
    UNIQUE (platform, user_id)
);

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    compound_id INTEGER NOT NULL REFERENCES compounds(id),
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    building TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    UNIQUE (platform, chat_id)
);

CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    compound_id INTEGER NOT NULL REFERENCES compounds(id),
    cutoff_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at TEXT NOT NULL,
    closed_at TEXT,
    UNIQUE (compound_id, cutoff_at)
);

CREATE TABLE inbox (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    chat_title TEXT NOT NULL,
    chat_kind TEXT NOT NULL,
    text TEXT NOT NULL,
    received_at TEXT NOT NULL,
    intent TEXT,
    UNIQUE (platform, chat_id, message_id)
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    inbox_id INTEGER REFERENCES inbox(id),
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'purchased', 'claimed', 'delivered', 'confirmed', 'cancelled')),
    needs_review INTEGER NOT NULL DEFAULT 0,
    volunteer TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX orders_household ON orders (household_id, id);
CREATE INDEX orders_batch ON orders (batch_id, status);

CREATE TABLE order_items (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    qty REAL NOT NULL CHECK (qty > 0),
    unit TEXT,
    in_catalog INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX order_items_order ON order_items (order_id);

CREATE TABLE help_requests (
    id INTEGER PRIMARY KEY,
    household_id INTEGER REFERENCES households(id),
    inbox_id INTEGER REFERENCES inbox(id),
    category TEXT NOT NULL
        CHECK (category IN ('medical', 'medicine', 'utility', 'food', 'elderly', 'other')),
    urgency INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'closed', 'cancelled')),
    owner TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX help_requests_household ON help_requests (household_id, id);

-- Questions the bot could not answer wait here for a cadre.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    inbox_id INTEGER NOT NULL REFERENCES inbox(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
    created_at TEXT NOT NULL
);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    compound_id INTEGER NOT NULL REFERENCES compounds(id),
    kind TEXT NOT NULL CHECK (kind IN ('test', 'delivery', 'text')),
    building TEXT,
    day TEXT,
    starts TEXT,
    ends TEXT,
    place TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notices_day ON notices (compound_id, kind, day);

-- An order written without an address waits for the same sender to give one.
CREATE TABLE drafts (
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    inbox_id INTEGER NOT NULL REFERENCES inbox(id),
    items TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, sender_id)
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    private INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    -- A short fragment to merge with others under one header; NULL when not mergeable.
    merge_text TEXT,
    merge_header TEXT,
    document BLOB,
    filename TEXT,
    created_at TEXT NOT NULL,
    not_before TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, platform, chat_id, id);

CREATE TABLE transport_cursors (
    platform TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
