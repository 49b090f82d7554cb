-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0001: accounts, customers and their identities, tickets, messages with full-text search,
-- and sync cursors. Applied by rapport-store.c inside one BEGIN EXCLUSIVE transaction that
-- also sets PRAGMA user_version = 1. Never edit this file once released: add 0002-….sql.
--
-- Enumerations are stored as the nicks of rapport-types.h ("email", "open", "in", …).
-- Times are unix seconds; 0 means unset.

CREATE TABLE accounts (
  id             INTEGER PRIMARY KEY,
  provider_kind  TEXT NOT NULL,
  base_url       TEXT,
  display_name   TEXT,
  user_remote_id TEXT,
  user_name      TEXT,
  role           TEXT,
  created_at     INTEGER NOT NULL
);

CREATE TABLE customers (
  id           INTEGER PRIMARY KEY,
  display_name TEXT,
  organization TEXT,
  created_at   INTEGER NOT NULL
);

-- Maps each backend person (account, remote id) to a local customer. Several backend people
-- may share one customer (linked through a normalized email or phone identity); the link
-- that created the customer is its primary one and keeps its name and organization current.
CREATE TABLE customer_links (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id   TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  is_primary  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, remote_id)
) WITHOUT ROWID;

CREATE INDEX customer_links_customer ON customer_links (customer_id);

CREATE TABLE identities (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  channel     TEXT NOT NULL,
  address     TEXT NOT NULL,
  normalized  TEXT
);

-- A normalized address belongs to one customer; email and phone ones link customers.
CREATE UNIQUE INDEX identities_normalized ON identities (channel, normalized)
  WHERE normalized IS NOT NULL;
-- Addresses that cannot be normalized are kept once per customer.
CREATE UNIQUE INDEX identities_raw ON identities (customer_id, channel, address)
  WHERE normalized IS NULL;
CREATE INDEX identities_customer ON identities (customer_id);

CREATE TABLE tickets (
  id                   INTEGER PRIMARY KEY,
  account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id            TEXT NOT NULL,
  subject              TEXT NOT NULL DEFAULT '',
  status               TEXT NOT NULL,
  is_open              INTEGER NOT NULL GENERATED ALWAYS
                       AS (status IN ('new', 'open', 'pending', 'on-hold')) VIRTUAL,
  priority             TEXT NOT NULL DEFAULT 'normal',
  channel              TEXT NOT NULL,
  customer_id          INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  requester_remote_id  TEXT,
  assignee_remote_id   TEXT,   -- NULL = unassigned (the store never writes '')
  assignee_name        TEXT,
  queue                TEXT,
  tags                 TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  created_at           INTEGER NOT NULL DEFAULT 0,
  updated_at           INTEGER NOT NULL DEFAULT 0,
  solved_at            INTEGER NOT NULL DEFAULT 0,
  remote_revision      TEXT,
  raw_json             TEXT,
  offline_state        TEXT NOT NULL DEFAULT 'synced',
  -- Denormalized by the store when it applies a page, so lists never count rows.
  message_count        INTEGER NOT NULL DEFAULT 0,
  last_message_preview TEXT,
  UNIQUE (account_id, remote_id)
);

-- Open views (newest update first) and their counts.
CREATE INDEX tickets_open ON tickets (account_id, is_open, updated_at);
-- "My open" and "Unassigned".
CREATE INDEX tickets_assignee ON tickets (account_id, assignee_remote_id, is_open, updated_at);
-- "Recently solved".
CREATE INDEX tickets_solved ON tickets (account_id, is_open, solved_at);
-- A customer's tickets (history, counts).
CREATE INDEX tickets_customer ON tickets (customer_id, is_open);

CREATE TABLE messages (
  id                 INTEGER PRIMARY KEY,
  ticket_id          INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  remote_id          TEXT NOT NULL,
  channel            TEXT NOT NULL,
  direction          TEXT NOT NULL,
  visibility         TEXT NOT NULL,
  author_kind        TEXT NOT NULL,
  author_name        TEXT,
  author_remote_id   TEXT,
  author_customer_id INTEGER,   -- customers.id when the author is a customer (no FK: no index)
  body               TEXT NOT NULL DEFAULT '',
  created_at         INTEGER NOT NULL DEFAULT 0,
  UNIQUE (ticket_id, remote_id)
);

-- Full-text search over ticket subjects and message bodies: one document per subject and per
-- body. Contentless: the text lives in tickets and messages, and the store passes the old text
-- when it removes a document. The FTS row id is computed from the row, see search_key_for ()
-- in rapport-store.c: (minute of created_at << 32) | (kind << 31) | row id, kind 0 for a
-- message body and 1 for a ticket subject. Row id order is time order, so a query ordered by
-- rowid DESC returns the newest matches first and stops after its limit.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  text,
  content = '',
  columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Every page applied writes one small segment. Merging 8 segments of a level at a time
-- instead of 4 (the default) halves the rewriting of the index during a large sync, for a
-- few more segments to look up per query.
INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 8);

CREATE TABLE sync_state (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  resource   TEXT NOT NULL,
  cursor     TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, resource)
) WITHOUT ROWID;
