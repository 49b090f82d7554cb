-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Money records (refunds and credits) and their approvals that a pull could not read are set
-- aside like tickets, messages and customers: kind 'money', keyed by the record's id at the
-- backend (rapport-store-set-aside.c). SQLite cannot change a CHECK constraint in place, so
-- the table is built again with the wider one and its rows copied. Applied by
-- rapport-store.c inside one BEGIN EXCLUSIVE transaction that also sets PRAGMA user_version
-- to this file's number. Never edit this file once released: add a new one.

CREATE TABLE set_aside_new (
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('ticket', 'message', 'customer', 'money')),
  remote_id        TEXT NOT NULL,            -- '' when the record had no readable id
  parent_remote_id TEXT NOT NULL DEFAULT '', -- a message's ticket, '' otherwise
  reason           TEXT NOT NULL,            -- for developers, as the pull said it
  first_seen_at    INTEGER NOT NULL,         -- unix seconds
  last_seen_at     INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (account_id, kind, remote_id, parent_remote_id)
) WITHOUT ROWID;

INSERT INTO set_aside_new (account_id, kind, remote_id, parent_remote_id, reason, first_seen_at,
                           last_seen_at, attempts)
  SELECT account_id, kind, remote_id, parent_remote_id, reason, first_seen_at, last_seen_at,
         attempts
  FROM set_aside;

DROP TABLE set_aside;

ALTER TABLE set_aside_new RENAME TO set_aside;
