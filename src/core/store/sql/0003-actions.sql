-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0003: the money ledger (refunds and credits with their approvals) and the outbox kinds that
-- create and decide them (DESIGN.md, "Authority limits and approvals"). Applied by
-- rapport-store.c inside one BEGIN EXCLUSIVE transaction that also sets
-- PRAGMA user_version = 3. Never edit this file once released: add 0004-….sql.
--
-- Enumerations are stored as the nicks of rapport-policy.h and rapport-approval-check.h
-- ("refund", "pending_approval", "needs_approval", "approve", "not_supervisor" …).
-- Times in `actions` are unix MICROSECONDS (the policy's rolling window is exact to the
-- microsecond); 0 means unset.

-- One row per money action: the helpdesk's record as pulls bring it, or a row queued in the
-- outbox (offline_state 'locally-created', remote_id NULL) until the server has it. Rows
-- outlive the cached ticket and customer they refer to (the references become NULL): the
-- ledger is what the customer panel and the policy's histories add up.
CREATE TABLE actions (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id           TEXT,                        -- NULL while not on the server yet
  customer_id         INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  ticket_id           INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
  ticket_remote_id    TEXT NOT NULL,               -- the customer's ticket on the helpdesk
  customer_key        TEXT NOT NULL DEFAULT '',    -- the customer as the record names it
  kind                TEXT NOT NULL CHECK (kind IN ('refund', 'credit')),
  amount_minor        INTEGER NOT NULL,
  currency            TEXT NOT NULL,
  reason              TEXT NOT NULL DEFAULT '',
  order_reference     TEXT,
  requester_remote_id TEXT,
  requester_name      TEXT,
  created_at          INTEGER NOT NULL DEFAULT 0,
  -- What Rapport holds as true (approved only after a verified decision) and what the
  -- helpdesk says.
  state               TEXT NOT NULL CHECK (state IN ('executed', 'pending_approval',
                                                     'approved', 'rejected', 'cancelled')),
  server_state        TEXT NOT NULL CHECK (server_state IN ('executed', 'pending_approval',
                                                            'approved', 'rejected',
                                                            'cancelled')),
  verdict             TEXT NOT NULL DEFAULT 'needs_approval',
  verdict_reason      TEXT NOT NULL DEFAULT 'none',
  offline_state       TEXT NOT NULL DEFAULT 'synced'
                      CHECK (offline_state IN ('synced', 'locally-created')),
  outbox_id           INTEGER,                     -- the money op of a row not synced yet
  -- The approval request and its last decision.
  approval_remote_id  TEXT,
  etag                TEXT,                        -- the approval's revision
  decision            TEXT NOT NULL DEFAULT 'none' CHECK (decision IN ('none', 'approve',
                                                                        'reject')),
  decided_by          TEXT,
  decided_by_name     TEXT,
  decided_at          INTEGER NOT NULL DEFAULT 0,
  decision_note       TEXT,
  decision_check      TEXT NOT NULL DEFAULT 'undecided',
  valid               INTEGER NOT NULL DEFAULT 0,  -- the decision passed verification
  decision_outbox_id  INTEGER,                     -- a decision of the user, queued
  updated_at          INTEGER NOT NULL DEFAULT 0   -- unix seconds, like the cache
);

-- Upserts from pulls.
CREATE UNIQUE INDEX actions_remote ON actions (account_id, remote_id)
  WHERE remote_id IS NOT NULL;
-- The actions of a customer in a window (panel summary, the policy's customer history).
CREATE INDEX actions_customer ON actions (customer_id, created_at);
-- The actions of an agent since an instant (the policy's agent history).
CREATE INDEX actions_requester ON actions (account_id, requester_remote_id, created_at);
-- The pending approvals of an account (the Approvals view and its count).
CREATE INDEX actions_pending ON actions (account_id, created_at)
  WHERE state = 'pending_approval' AND approval_remote_id IS NOT NULL;
-- The row of an approval (decisions, approvals pulled apart from their action).
CREATE INDEX actions_approval ON actions (account_id, approval_remote_id)
  WHERE approval_remote_id IS NOT NULL;
-- Rows whose ticket was not cached when they arrived (linked when it comes).
CREATE INDEX actions_unlinked ON actions (account_id) WHERE ticket_id IS NULL;
-- The row of a queued op.
CREATE INDEX actions_outbox ON actions (outbox_id) WHERE outbox_id IS NOT NULL;

-- outbox.kind admits the new kinds. SQLite cannot change a CHECK constraint, so the table is
-- rebuilt (the documented procedure: new table, copy, drop, rename), keeping every row and its
-- id. Nothing references outbox through a foreign key (messages.outbox_id is a plain integer),
-- no view or trigger names it; its two indexes are created again.
CREATE TABLE outbox_new (
  id                INTEGER PRIMARY KEY,
  account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  ticket_id         INTEGER NOT NULL,            -- tickets.id when enqueued (0: not cached)
  ticket_remote_id  TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('reply', 'note', 'update', 'money',
                                                  'decision')),
  body              TEXT,                        -- reply / note text as the agent wrote it
  changes           TEXT,                        -- update, money, decision: JSON payload
  body_hash         TEXT,                        -- SHA-256 of the normalized body or reason
  state             TEXT NOT NULL CHECK (state IN ('held', 'ready', 'in_flight', 'done',
                                                    'failed', 'unknown', 'cancelled')),
  hold_until        INTEGER NOT NULL DEFAULT 0,
  not_before        INTEGER NOT NULL DEFAULT 0,
  attempts          INTEGER NOT NULL DEFAULT 0,
  first_attempt_at  INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT,
  error_code        INTEGER,
  local_message_id  INTEGER,
  remote_message_id TEXT,                        -- the server's id once done (message,
                                                 -- money action or approval)
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);

INSERT INTO outbox_new (id, account_id, ticket_id, ticket_remote_id, kind, body, changes,
                        body_hash, state, hold_until, not_before, attempts, first_attempt_at,
                        last_error, error_code, local_message_id, remote_message_id,
                        created_at, updated_at)
  SELECT id, account_id, ticket_id, ticket_remote_id, kind, body, changes, body_hash, state,
         hold_until, not_before, attempts, first_attempt_at, last_error, error_code,
         local_message_id, remote_message_id, created_at, updated_at
  FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_pending ON outbox (account_id, ticket_id, id)
  WHERE state IN ('held', 'ready', 'in_flight', 'unknown');
CREATE INDEX outbox_ticket ON outbox (ticket_id, id);
