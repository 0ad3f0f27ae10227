-- A change made on a guess (a cancel without an order number) waits here for the same
-- sender's 确认; one per sender and chat, the newest question wins.
CREATE TABLE confirmations (
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('cancel_order')),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, sender_id)
);
