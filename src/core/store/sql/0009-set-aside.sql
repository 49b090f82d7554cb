-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Records a pull could not read (a field missing or of the wrong type, an answer for that
-- record alone that does not parse) or that the store refused: set aside with their reason,
-- one row per record, while the rest of their page is applied and the cursor moves on. The
-- next pull asks the backend for each again by id and forgets it once it reads
-- (rapport-store-set-aside.c). Applied by rapport-store.c inside one BEGIN EXCLUSIVE
-- transaction that also sets PRAGMA user_version to this file's number. Never edit this file
-- once released: add a new one.

CREATE TABLE set_aside (
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('ticket', 'message', 'customer')),
  remote_id        TEXT NOT NULL,            -- '' when the record had no readable id
  parent_remote_id TEXT NOT NULL DEFAULT '', -- a message's ticket, '' otherwise
  reason           TEXT NOT NULL,            -- for developers, as the pull said it
  first_seen_at    INTEGER NOT NULL,         -- unix seconds
  last_seen_at     INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (account_id, kind, remote_id, parent_remote_id)
) WITHOUT ROWID;
