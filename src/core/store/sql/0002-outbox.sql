-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0002: the durable outbox and composer drafts (DESIGN.md, "Push: the durable outbox").
-- Applied by rapport-store.c inside one BEGIN EXCLUSIVE transaction that also sets
-- PRAGMA user_version = 2. Never edit this file once released: add 0003-….sql.
--
-- Unlike the cache, these rows cannot be rebuilt from the server: a pull never touches them.
-- So outbox rows do not reference tickets or messages through foreign keys (a ticket deleted
-- on the server must not take a queued reply with it); they keep the ticket's remote id too.
--
-- Times in the outbox are unix MILLISECONDS (the push engine schedules undo windows and
-- backoff in milliseconds); drafts.updated_at is unix seconds like the rest of the schema.

CREATE TABLE outbox (
  id                INTEGER PRIMARY KEY,
  account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  ticket_id         INTEGER NOT NULL,            -- tickets.id when enqueued
  ticket_remote_id  TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('reply', 'note', 'update')),
  body              TEXT,                        -- reply / note text as the agent wrote it
  changes           TEXT,                        -- update: JSON object of the changed fields
  body_hash         TEXT,                        -- SHA-256 of the normalized body
  state             TEXT NOT NULL CHECK (state IN ('held', 'ready', 'in_flight', 'done',
                                                    'failed', 'unknown', 'cancelled')),
  hold_until        INTEGER NOT NULL DEFAULT 0,  -- end of the undo-send window
  not_before        INTEGER NOT NULL DEFAULT 0,  -- backoff: no attempt before this
  attempts          INTEGER NOT NULL DEFAULT 0,
  first_attempt_at  INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT,                        -- developer message of the last failure
  error_code        INTEGER,                     -- its RapportProviderError code
  local_message_id  INTEGER,                     -- messages.id of the row shown while sending
  remote_message_id TEXT,                        -- the server's id once done
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);

-- The next runnable op of each ticket, first in first out: the engine reads the non-terminal
-- ops of an account in (ticket_id, id) order and runs the head of each ticket.
CREATE INDEX outbox_pending ON outbox (account_id, ticket_id, id)
  WHERE state IN ('held', 'ready', 'in_flight', 'unknown');
-- Everything queued for one ticket ("visible per ticket"), and the claimed remote ids.
CREATE INDEX outbox_ticket ON outbox (ticket_id, id);

CREATE TABLE drafts (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  ticket_id  INTEGER NOT NULL,
  visibility TEXT NOT NULL DEFAULT 'public',
  body       TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, ticket_id)
) WITHOUT ROWID;

-- A reply is shown at once as a local row ('locally-created', remote_id 'rapport-local:<op>')
-- and becomes 'synced' with the server's remote id when its op is done.
ALTER TABLE messages ADD COLUMN offline_state TEXT NOT NULL DEFAULT 'synced';
ALTER TABLE messages ADD COLUMN outbox_id INTEGER;

CREATE INDEX messages_outbox ON messages (outbox_id) WHERE outbox_id IS NOT NULL;
