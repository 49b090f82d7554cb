-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- 0006: suggested replies (DESIGN.md, "Suggested replies"; docs/suggestions.md, "Ranking"):
-- the candidates (canned responses and knowledge-base articles), the past-answers index (how
-- solved tickets were answered), the team's uses of candidates, and the outbox kind that links
-- a used article to its ticket. Applied by rapport-store.c inside one BEGIN EXCLUSIVE
-- transaction that also sets the user_version to this file's number. Never edit this file
-- once released: add the next numbered file.
--
-- Both full-text indexes rank with bm25 (), which needs each document's length per column:
-- they keep the default columnsize = 1 (unlike messages_fts, which only filters). They are
-- external-content indexes kept in sync by the triggers below, so every way a row changes or
-- goes (an update, a foreign-key cascade) updates its document. Terms are stemmed (porter)
-- so that "charged" in a ticket finds "charge" in a reply. suggest_terms holds their
-- document frequencies.

-- A canned response or an article. account_id NULL: the workspace's own (made locally);
-- otherwise the account whose backend supplied it, with its remote id. body is a template
-- (rapport-template.h); body_text is what the index reads of it: the body with its
-- placeholders taken out (written by rapport-store-suggest.c), so that "{{customer.name}}"
-- does not make every candidate match "name". tags: lower-case, space-separated. channels:
-- a mask of (1 << RapportChannel), 0 for every channel. uses and last_used_at are kept by the
-- triggers of suggestion_uses and past_answers: how often the team used it (recorded uses
-- and solved tickets answered with it) and when last.
CREATE TABLE candidates (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  remote_id    TEXT,
  key          TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('canned', 'article')),
  title        TEXT NOT NULL DEFAULT '',
  body         TEXT NOT NULL DEFAULT '',
  body_text    TEXT NOT NULL DEFAULT '',
  short_body   TEXT,
  tags         TEXT NOT NULL DEFAULT '',
  channels     INTEGER NOT NULL DEFAULT 0,
  url          TEXT,
  uses         INTEGER NOT NULL DEFAULT 0,
  last_used_at INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL DEFAULT 0,
  updated_at   INTEGER NOT NULL DEFAULT 0
);

-- One candidate per key in the workspace and in each account.
CREATE UNIQUE INDEX candidates_key ON candidates (ifnull (account_id, 0), key);
-- The knowledge search's listing of articles by title.
CREATE INDEX candidates_title ON candidates (kind, title);

-- Columns title, tags, body; the rank weighs a title match above a tag match above a body
-- match (the weights are the ranker's, set here once for every query).
CREATE VIRTUAL TABLE candidates_fts USING fts5 (
  title, tags, body_text,
  content = 'candidates',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO candidates_fts (candidates_fts, rank) VALUES ('rank', 'bm25 (3.0, 2.0, 1.0)');

CREATE TRIGGER candidates_fts_insert AFTER INSERT ON candidates
BEGIN
  INSERT INTO candidates_fts (rowid, title, tags, body_text)
    VALUES (NEW.id, NEW.title, NEW.tags, NEW.body_text);
END;

CREATE TRIGGER candidates_fts_delete AFTER DELETE ON candidates
BEGIN
  INSERT INTO candidates_fts (candidates_fts, rowid, title, tags, body_text)
    VALUES ('delete', OLD.id, OLD.title, OLD.tags, OLD.body_text);
END;

CREATE TRIGGER candidates_fts_update AFTER UPDATE OF title, tags, body_text ON candidates
BEGIN
  INSERT INTO candidates_fts (candidates_fts, rowid, title, tags, body_text)
    VALUES ('delete', OLD.id, OLD.title, OLD.tags, OLD.body_text);
  INSERT INTO candidates_fts (rowid, title, tags, body_text)
    VALUES (NEW.id, NEW.title, NEW.tags, NEW.body_text);
END;

-- A solved ticket and how it was answered. ticket_id: the cached ticket (NULL for data loaded
-- from a file, or once the ticket left the cache: the answer stays knowledge). question: the
-- customer's words (their public messages, quoted lines left out); reply: the team's last
-- public reply, when known; reply_message_id: its messages.id, so that indexing again finds
-- tickets whose last reply changed. candidate_id: the candidate the reply used, found by key
-- (answer_key, kept to link a candidate that arrives later) or by its text.
CREATE TABLE past_answers (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  ticket_id        INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
  key              TEXT,
  subject          TEXT NOT NULL DEFAULT '',
  question         TEXT NOT NULL DEFAULT '',
  reply            TEXT,
  reply_message_id INTEGER,
  answer_key       TEXT,
  candidate_id     INTEGER REFERENCES candidates (id) ON DELETE SET NULL,
  channel          TEXT NOT NULL DEFAULT 'email',
  tags             TEXT NOT NULL DEFAULT '',
  answered_at      INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX past_answers_ticket ON past_answers (ticket_id)
  WHERE ticket_id IS NOT NULL;
-- A candidate's answers (its use counts; a deleted candidate's references).
CREATE INDEX past_answers_candidate ON past_answers (candidate_id, answered_at)
  WHERE candidate_id IS NOT NULL;
-- Answers waiting for the candidate they name.
CREATE INDEX past_answers_unlinked ON past_answers (answer_key)
  WHERE candidate_id IS NULL AND answer_key IS NOT NULL;

CREATE VIRTUAL TABLE past_answers_fts USING fts5 (
  subject, question, tags,
  content = 'past_answers',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO past_answers_fts (past_answers_fts, rank) VALUES ('rank', 'bm25 (2.0, 1.0, 1.0)');

CREATE TRIGGER past_answers_fts_insert AFTER INSERT ON past_answers
BEGIN
  INSERT INTO past_answers_fts (rowid, subject, question, tags)
    VALUES (NEW.id, NEW.subject, NEW.question, NEW.tags);
END;

CREATE TRIGGER past_answers_fts_delete AFTER DELETE ON past_answers
BEGIN
  INSERT INTO past_answers_fts (past_answers_fts, rowid, subject, question, tags)
    VALUES ('delete', OLD.id, OLD.subject, OLD.question, OLD.tags);
END;

CREATE TRIGGER past_answers_fts_update AFTER UPDATE OF subject, question, tags ON past_answers
BEGIN
  INSERT INTO past_answers_fts (past_answers_fts, rowid, subject, question, tags)
    VALUES ('delete', OLD.id, OLD.subject, OLD.question, OLD.tags);
  INSERT INTO past_answers_fts (rowid, subject, question, tags)
    VALUES (NEW.id, NEW.subject, NEW.question, NEW.tags);
END;

-- Document frequencies of the terms of both indexes (index 0: candidates_fts, 1:
-- past_answers_fts), for choosing a ticket's most informative terms in microseconds: an
-- fts5vocab table counts a term's documents by reading its whole doclist. Kept by
-- rapport-store-suggest.c as it writes the documents (each term counted once per document,
-- as the ranker's tokenizer reads them); the empty term holds the number of documents. Rows
-- that a foreign-key cascade removes are not subtracted: the counts may then run a little
-- high, which only makes those terms look a little more common.
CREATE TABLE suggest_terms (
  idx  INTEGER NOT NULL,
  term TEXT NOT NULL,
  df   INTEGER NOT NULL,
  PRIMARY KEY (idx, term)
) WITHOUT ROWID;

-- The agent used a candidate on a ticket (a reply holding it was queued). ticket_id is a
-- plain integer, like the outbox's: a use outlives the cached ticket.
CREATE TABLE suggestion_uses (
  id           INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  ticket_id    INTEGER NOT NULL DEFAULT 0,
  used_at      INTEGER NOT NULL
);

CREATE INDEX suggestion_uses_candidate ON suggestion_uses (candidate_id, used_at);

-- candidates.uses and last_used_at follow the uses and the answers that name a candidate.
CREATE TRIGGER suggestion_uses_insert AFTER INSERT ON suggestion_uses
BEGIN
  UPDATE candidates SET uses = uses + 1, last_used_at = max (last_used_at, NEW.used_at)
    WHERE id = NEW.candidate_id;
END;

CREATE TRIGGER past_answers_use_insert AFTER INSERT ON past_answers
  WHEN NEW.candidate_id IS NOT NULL
BEGIN
  UPDATE candidates SET uses = uses + 1, last_used_at = max (last_used_at, NEW.answered_at)
    WHERE id = NEW.candidate_id;
END;

CREATE TRIGGER past_answers_use_delete AFTER DELETE ON past_answers
  WHEN OLD.candidate_id IS NOT NULL
BEGIN
  UPDATE candidates SET uses = max (uses - 1, 0) WHERE id = OLD.candidate_id;
END;

CREATE TRIGGER past_answers_use_update AFTER UPDATE OF candidate_id, answered_at ON past_answers
BEGIN
  UPDATE candidates SET uses = max (uses - 1, 0)
    WHERE OLD.candidate_id IS NOT NULL AND id = OLD.candidate_id;
  UPDATE candidates SET uses = uses + 1, last_used_at = max (last_used_at, NEW.answered_at)
    WHERE NEW.candidate_id IS NOT NULL AND id = NEW.candidate_id;
END;

-- outbox.kind admits 'link' (a used article linked to its ticket). SQLite cannot change a
-- CHECK constraint, so the table is rebuilt as 0003 did (new table, copy, drop, rename),
-- keeping every row and its id; nothing references outbox through a foreign key, no view or
-- trigger names it; its two indexes are created again.
CREATE TABLE outbox_new (
  id                INTEGER PRIMARY KEY,
  account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  ticket_id         INTEGER NOT NULL,            -- tickets.id when enqueued (0: not cached)
  ticket_remote_id  TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('reply', 'note', 'update', 'money',
                                                  'decision', 'link')),
  body              TEXT,                        -- reply / note text as the agent wrote it
  changes           TEXT,                        -- update, money, decision, link: JSON payload
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
