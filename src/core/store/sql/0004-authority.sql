-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The helpdesk's last answer about the signed-in user's authority, one row per account, so a
-- workspace started while the helpdesk cannot be reached still knows the user's role (the
-- Approvals view, the limits of the refund dialog's provisional verdict) until the helpdesk
-- answers again (rapport-store-authority.c). The helpdesk stays the authority: nothing here
-- lets money move. Applied by rapport-store.c inside one BEGIN EXCLUSIVE transaction that also
-- sets PRAGMA user_version to this file's number. Never edit this file once released: add a
-- new one.

CREATE TABLE account_authority (
  account_id    INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  role          TEXT NOT NULL CHECK (role IN ('agent', 'senior', 'supervisor')),
  may_decide    INTEGER NOT NULL CHECK (may_decide IN (0, 1)),
  policy        TEXT,             -- the policy the helpdesk enforces, in the format of
                                  -- data/rt/policy-defaults.json; NULL when it keeps none
  source_detail TEXT,             -- where the helpdesk keeps it, for people
  answered_at   INTEGER NOT NULL  -- unix seconds
);
