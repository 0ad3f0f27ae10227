-- A change made on a guess (a cancel or goods dropped without an order number) waits for the same
-- sender's 确认; one per sender and chat, the newest question wins.
CREATE TABLE confirmations (
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('cancel_order', 'remove_items')),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    -- For remove_items: the goods' names, as JSON.
    detail TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, sender_id)
);

-- Orders posted in a group before it is bound wait here, and are handled when it is.
CREATE TABLE waiting_messages (
    inbox_id INTEGER PRIMARY KEY REFERENCES inbox(id),
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX waiting_chat ON waiting_messages (platform, chat_id, inbox_id);

-- A binding read from an unbound group's title, waiting for a cadre's 确认绑定 <id>.
CREATE TABLE binding_suggestions (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    title TEXT NOT NULL,
    building TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (platform, chat_id)
);
