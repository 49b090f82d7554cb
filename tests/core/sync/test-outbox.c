/* test-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-outbox"

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-drafts.h"
#include "rapport-outbox.h"
#include "rapport-store.h"
#include "rapport-test-data.h"

typedef struct
{
  char         *dir;
  char         *path;
  RapportStore *store;
  gint64        account_id;
  sqlite3      *raw;
} Fixture;

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  return db;
}

/* The first column of the one row @sql returns; "?1" is bound to @param when given. */
static gint64
query_int (sqlite3    *db,
           const char *sql,
           const char *param)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql,
            gint64      param)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, param);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static gint64
ticket_id_of (Fixture    *fixture,
              const char *remote_id)
{
  return query_int (fixture->raw, "SELECT id FROM tickets WHERE remote_id = ?1", remote_id);
}

static gint64
count_body (Fixture    *fixture,
            const char *body)
{
  return query_int (fixture->raw, "SELECT COUNT (*) FROM messages WHERE body = ?1", body);
}

static guint
search_hits (Fixture    *fixture,
             const char *word)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rapport_store_search (fixture->store, fixture->account_id, word,
                                                    10, NULL, &error);

  g_assert_no_error (error);

  return hits->len;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  fixture->raw = open_raw (fixture->path);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  drain ();
  sqlite3_close (fixture->raw);
  if (fixture->store != NULL)
    {
      rapport_store_close (fixture->store);
      g_assert_finalize_object (g_steal_pointer (&fixture->store));
    }
  test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

static RapportOutboxOp *
enqueue (Fixture           *fixture,
         const char        *ticket,
         RapportVisibility  visibility,
         const char        *body,
         guint              hold_ms)
{
  g_autoptr(GError) error = NULL;
  RapportOutboxOp *op;

  op = rapport_outbox_enqueue_message (fixture->store, fixture->account_id,
                                       ticket_id_of (fixture, ticket), visibility, body, hold_ms,
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);

  return op;
}

static RapportMessage *
server_message (const char *remote_id,
                const char *ticket_remote_id,
                const char *body,
                gint64      created_at)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, ticket_remote_id);
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, "Sam Rivera");
  rapport_message_set_author_remote_id (message, TEST_AGENT);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);

  return message;
}

/* ---------------------------------------------------------------------------------------------
 * Migrations
 * ------------------------------------------------------------------------------------------- */

static void
test_migrations_empty (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(RapportStore) store = test_open_store (dir, NULL);
  g_autofree char *path = g_strdup (rapport_store_get_path (store));
  sqlite3 *db;

  /* 6: the suggestions, and outbox.kind admitting 'link'; 7: the index of a customer's
   * history by time; 8: the views' counts kept as tickets change; 12: the search index's
   * merges. */
  g_assert_cmpuint (rapport_store_get_latest_schema_version (), ==, 12);
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==,
                    rapport_store_get_latest_schema_version ());
  rapport_store_close (store);

  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version", NULL), ==,
                   (int) rapport_store_get_latest_schema_version ());
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE name IN "
                                  "('outbox', 'drafts', 'outbox_pending', 'outbox_ticket')",
                              NULL), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM pragma_table_info ('messages') "
                                  "WHERE name IN ('offline_state', 'outbox_id')", NULL), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE name = 'outbox' "
                                  "AND sql LIKE '%''link''%'", NULL), ==, 1);
  sqlite3_close (db);
  test_remove_tree (dir);
}

static void
test_migrations_upgrade (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  g_autoptr(GBytes) v1 = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  sqlite3 *db;

  /* A database as the first release left it, with a ticket and a message. */
  v1 = g_resources_lookup_data ("/io/github/rapportdesk/Rapport/core/sql/0001-initial.sql",
                                G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, g_bytes_get_data (v1, NULL), NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO accounts (id, provider_kind, user_remote_id, "
                                 "created_at) VALUES (1, 'demo', 'sam.agent', 1);"
                                 "INSERT INTO tickets (id, account_id, remote_id, subject, "
                                 "status, channel) VALUES (7, 1, 'T7', 'Old', 'open', 'email');"
                                 "INSERT INTO messages (id, ticket_id, remote_id, channel, "
                                 "direction, visibility, author_kind, body, created_at) VALUES "
                                 "(70, 7, 'M70', 'email', 'in', 'public', 'customer', 'Kept', 5);"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_new (path);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==,
                    rapport_store_get_latest_schema_version ());

  messages = rapport_store_list_messages (store, 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (rapport_message_get_body (messages->pdata[0]), ==, "Kept");
  rapport_store_close (store);

  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version", NULL), ==,
                   (int) rapport_store_get_latest_schema_version ());
  state = query_text (db, "SELECT offline_state FROM messages WHERE id = ?1", 70);
  g_assert_cmpstr (state, ==, "synced");
  g_assert_cmpint (query_int (db, "SELECT outbox_id IS NULL FROM messages", NULL), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM outbox", NULL), ==, 0);
  sqlite3_close (db);

  test_remove_tree (dir);
}

/* ---------------------------------------------------------------------------------------------
 * Enqueue and undo
 * ------------------------------------------------------------------------------------------- */

static void
test_body_hash (void)
{
  g_autofree char *a = rapport_outbox_body_hash ("Hello Chloé,\r\n\r\nDone.  \r\n\n");
  g_autofree char *b = rapport_outbox_body_hash ("\nHello Chloe\xcc\x81,\n\nDone.");
  g_autofree char *c = rapport_outbox_body_hash ("Hello Chloé,\n\nDone!");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpuint (strlen (a), ==, 64);
}

static void
test_enqueue_undo (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *remote = NULL;
  gint64 ticket = ticket_id_of (fixture, "1001");
  gint64 count_before = query_int (fixture->raw, "SELECT message_count FROM tickets "
                                                 "WHERE remote_id = ?1", "1001");

  g_assert_true (rapport_drafts_save (fixture->store, fixture->account_id, ticket,
                                      RAPPORT_VISIBILITY_PUBLIC, "Draft", NULL, &error));
  g_assert_no_error (error);

  op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC, "Your refund is zanzibarian", 60000);
  g_assert_cmpint (op->state, ==, RAPPORT_OUTBOX_STATE_HELD);
  g_assert_cmpint (op->kind, ==, RAPPORT_OUTBOX_KIND_REPLY);
  g_assert_cmpint (op->hold_until, >, op->created_at + 59000);
  g_assert_cmpstr (op->ticket_remote_id, ==, "1001");
  g_assert_cmpint (op->local_message_id, >, 0);
  g_assert_cmpint (op->error_code, ==, -1);

  /* Shown at once, marked as local, counted, searchable; the draft went with it. */
  remote = query_text (fixture->raw, "SELECT remote_id || '|' || offline_state || '|' || "
                                     "outbox_id || '|' || author_remote_id FROM messages "
                                     "WHERE id = ?1", op->local_message_id);
  g_assert_true (g_str_has_suffix (remote, "|locally-created|1|" TEST_AGENT));
  g_assert_cmpint (query_int (fixture->raw, "SELECT message_count FROM tickets "
                                            "WHERE remote_id = ?1", "1001"), ==, count_before + 1);
  g_assert_cmpuint (search_hits (fixture, "zanzibarian"), ==, 1);
  g_assert_null (rapport_drafts_load (fixture->store, fixture->account_id, ticket, NULL,
                                      NULL, &error));
  g_assert_no_error (error);

  ops = rapport_outbox_list_ops (fixture->store, ticket, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);
  g_assert_cmpint (((RapportOutboxOp *) ops->pdata[0])->id, ==, op->id);

  text = rapport_outbox_undo (fixture->store, op->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Your refund is zanzibarian");

  g_assert_cmpint (count_body (fixture, "Your refund is zanzibarian"), ==, 0);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM outbox", NULL), ==, 0);
  g_assert_cmpint (query_int (fixture->raw, "SELECT message_count FROM tickets "
                                            "WHERE remote_id = ?1", "1001"), ==, count_before);
  g_assert_cmpuint (search_hits (fixture, "zanzibarian"), ==, 0);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM messages_fts "
                                            "WHERE messages_fts MATCH 'zanzibarian'", NULL),
                   ==, 0);
}

static void
test_undo_after_hold (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) held = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                             "Short window", 1);
  g_autoptr(RapportOutboxOp) ready = enqueue (fixture, "1002", RAPPORT_VISIBILITY_INTERNAL,
                                              "No window", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (ready->state, ==, RAPPORT_OUTBOX_STATE_READY);
  g_assert_cmpint (ready->kind, ==, RAPPORT_OUTBOX_KIND_NOTE);
  g_usleep (5000);

  text = rapport_outbox_undo (fixture->store, held->id, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT);
  g_assert_null (text);
  g_clear_error (&error);

  text = rapport_outbox_undo (fixture->store, ready->id, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT);
  g_clear_error (&error);

  text = rapport_outbox_undo (fixture->store, 9999, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Both kept, text and local row. */
  g_assert_cmpint (count_body (fixture, "Short window"), ==, 1);
  g_assert_cmpint (count_body (fixture, "No window"), ==, 1);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM outbox", NULL), ==, 2);
}

/* The window restarts when the agent sees it: a later hold_until keeps the op held past its
 * first window (the engine's release leaves it, Undo still works); never shorter; an op
 * already released stays released. */
static void
test_extend_hold (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) held = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                             "Seen late", 1);
  g_autoptr(RapportOutboxOp) released = enqueue (fixture, "1002", RAPPORT_VISIBILITY_INTERNAL,
                                                 "Released", 1);
  g_autoptr(RapportOutboxOp) extended = NULL;
  g_autoptr(RapportOutboxOp) same = NULL;
  g_autoptr(RapportOutboxOp) refused = NULL;
  g_autoptr(RapportOutboxOp) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 now, until;

  g_usleep (5000);
  now = g_get_real_time () / 1000;

  /* "Released" is let go by the engine before the agent saw it. */
  extended = rapport_outbox_extend_hold (fixture->store, held->id, now + 60000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (extended->hold_until, ==, now + 60000);
  g_assert_cmpint (rapport_outbox_release_held (fixture->store, fixture->account_id, now + 1,
                                                &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->raw, "SELECT hold_until FROM outbox WHERE body = ?1",
                              "Seen late"), ==, now + 60000);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM outbox "
                                            "WHERE state = 'held'", NULL), ==, 1);

  /* Never shorter. */
  until = now + 60000;
  same = rapport_outbox_extend_hold (fixture->store, held->id, now + 1000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (same->hold_until, ==, until);
  g_assert_cmpint (same->state, ==, RAPPORT_OUTBOX_STATE_HELD);

  refused = rapport_outbox_extend_hold (fixture->store, released->id, now + 60000, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture->raw, "SELECT hold_until FROM outbox WHERE body = ?1",
                              "Released"), ==, released->hold_until);

  none = rapport_outbox_extend_hold (fixture->store, 9999, now + 60000, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Past its first window, still taken back. */
  text = rapport_outbox_undo (fixture->store, held->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Seen late");
}

static void
test_empty_body (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RapportOutboxOp *op;

  op = rapport_outbox_enqueue_message (fixture->store, fixture->account_id,
                                       ticket_id_of (fixture, "1001"), RAPPORT_VISIBILITY_PUBLIC,
                                       "  \r\n\t \n ", 0, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_EMPTY_BODY);
  g_assert_null (op);
  g_clear_error (&error);

  op = rapport_outbox_enqueue_message (fixture->store, fixture->account_id, 424242,
                                       RAPPORT_VISIBILITY_PUBLIC, "Hi", 0, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND);
  g_assert_null (op);

  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM outbox", NULL), ==, 0);
}

/* A reply with an unfilled placeholder is refused and writes nothing (the draft stays);
 * braces that are not a placeholder pass, and so does a note about a template. */
static void
test_unresolved_placeholder (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportOutboxOp) note = NULL;
  g_autoptr(RapportOutboxOp) prose = NULL;
  g_autofree char *draft = NULL;
  gint64 ticket = ticket_id_of (fixture, "1001");
  RapportOutboxOp *op;
  const char * const refused[] = {
    "Hi {{customer.first_name}}, your refund is on its way.",
    "Your order {{order_number|Order number}} ships today.",
    "Hello {{ Customer.Name }},\nthanks.",
  };

  g_assert_true (rapport_drafts_save (fixture->store, fixture->account_id, ticket,
                                      RAPPORT_VISIBILITY_PUBLIC, "Kept draft", NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      op = rapport_outbox_enqueue_message (fixture->store, fixture->account_id, ticket,
                                           RAPPORT_VISIBILITY_PUBLIC, refused[i], 0, NULL,
                                           &error);
      g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_UNRESOLVED_PLACEHOLDER);
      g_assert_null (op);
      g_clear_error (&error);
      g_assert_cmpint (count_body (fixture, refused[i]), ==, 0);
    }
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM outbox", NULL), ==, 0);
  draft = rapport_drafts_load (fixture->store, fixture->account_id, ticket, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft, ==, "Kept draft");

  prose = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                   "Use { and } freely; \"}}\" and \"{{ }}\" are not placeholders.", 0);
  g_assert_cmpint (prose->kind, ==, RAPPORT_OUTBOX_KIND_REPLY);
  note = enqueue (fixture, "1001", RAPPORT_VISIBILITY_INTERNAL,
                  "The {{order_number}} field of the refund answer is unclear.", 0);
  g_assert_cmpint (note->kind, ==, RAPPORT_OUTBOX_KIND_NOTE);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM outbox", NULL), ==, 2);
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportTicketChanges) none = rapport_ticket_changes_new ();
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  gint64 ticket = ticket_id_of (fixture, "1002");

  op = rapport_outbox_enqueue_update (fixture->store, fixture->account_id, ticket, none, NULL,
                                      &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NO_CHANGES);
  g_clear_error (&error);

  changes->fields = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_ASSIGNEE;
  changes->status = RAPPORT_TICKET_STATUS_SOLVED;
  changes->assignee_remote_id = g_strdup ("kim.agent");
  op = rapport_outbox_enqueue_update (fixture->store, fixture->account_id, ticket, changes, NULL,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->kind, ==, RAPPORT_OUTBOX_KIND_UPDATE);
  g_assert_cmpint (op->state, ==, RAPPORT_OUTBOX_STATE_READY);
  g_assert_nonnull (op->changes);
  g_assert_cmpint (op->changes->fields, ==, changes->fields);
  g_assert_cmpint (op->changes->status, ==, RAPPORT_TICKET_STATUS_SOLVED);
  g_assert_cmpstr (op->changes->assignee_remote_id, ==, "kim.agent");

  row = query_text (fixture->raw, "SELECT status || '|' || assignee_remote_id || '|' || "
                                  "offline_state FROM tickets WHERE id = ?1", ticket);
  g_assert_cmpstr (row, ==, "solved|kim.agent|locally-modified");
  /* Solved now: the ticket is in "Recently solved" before the server answers. */
  g_free (row);
  row = query_text (fixture->raw, "SELECT solved_at > 0 FROM tickets WHERE id = ?1", ticket);
  g_assert_cmpstr (row, ==, "1");
}

/* A completed update takes the server's values of the fields it changed, and only those: the
 * others wait for the next pull (a backend may answer with a stale copy of them). */
static void
test_update_complete_only_changed_fields (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(RapportTicket) server = rapport_ticket_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *row = NULL;
  g_autofree char *expected = NULL;
  gint64 ticket = ticket_id_of (fixture, "1002");

  before = query_text (fixture->raw, "SELECT IFNULL (assignee_remote_id, '-') || '|' || "
                                     "priority FROM tickets WHERE id = ?1", ticket);

  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  changes->status = RAPPORT_TICKET_STATUS_PENDING;
  op = rapport_outbox_enqueue_update (fixture->store, fixture->account_id, ticket, changes, NULL,
                                      &error);
  g_assert_no_error (error);
  g_assert_true (rapport_outbox_begin_attempt (fixture->store, op->id, 1000, &error));
  g_assert_no_error (error);

  rapport_ticket_set_status (server, RAPPORT_TICKET_STATUS_PENDING);
  rapport_ticket_set_priority (server, RAPPORT_TICKET_PRIORITY_URGENT);
  rapport_ticket_set_assignee_remote_id (server, "someone.else");
  g_assert_true (rapport_outbox_complete_update (fixture->store, op->id, server, &error));
  g_assert_no_error (error);

  row = query_text (fixture->raw, "SELECT status || '|' || IFNULL (assignee_remote_id, '-') || "
                                  "'|' || priority || '|' || offline_state FROM tickets "
                                  "WHERE id = ?1", ticket);
  expected = g_strdup_printf ("pending|%s|synced", before);
  g_assert_cmpstr (row, ==, expected);
}

static void
test_drafts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  RapportVisibility visibility = RAPPORT_VISIBILITY_PUBLIC;
  gint64 ticket = ticket_id_of (fixture, "2001");

  g_assert_true (rapport_drafts_save (fixture->store, fixture->account_id, ticket,
                                      RAPPORT_VISIBILITY_PUBLIC, "First", NULL, &error));
  g_assert_true (rapport_drafts_save (fixture->store, fixture->account_id, ticket,
                                      RAPPORT_VISIBILITY_INTERNAL, "Second thoughts", NULL,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM drafts", NULL), ==, 1);

  /* Survives closing and reopening. */
  rapport_store_close (fixture->store);
  g_assert_true (rapport_store_open (fixture->store, NULL, &error));
  g_assert_no_error (error);

  body = rapport_drafts_load (fixture->store, fixture->account_id, ticket, &visibility,
                              NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (body, ==, "Second thoughts");
  g_assert_cmpint (visibility, ==, RAPPORT_VISIBILITY_INTERNAL);
  g_clear_pointer (&body, g_free);

  g_assert_true (rapport_drafts_delete (fixture->store, fixture->account_id, ticket, NULL,
                                        &error));
  g_assert_no_error (error);
  body = rapport_drafts_load (fixture->store, fixture->account_id, ticket, NULL, NULL,
                              &error);
  g_assert_no_error (error);
  g_assert_null (body);

  /* An emptied composer keeps no draft. */
  g_assert_true (rapport_drafts_save (fixture->store, fixture->account_id, ticket,
                                      RAPPORT_VISIBILITY_PUBLIC, "x", NULL, &error));
  g_assert_true (rapport_drafts_save (fixture->store, fixture->account_id, ticket,
                                      RAPPORT_VISIBILITY_PUBLIC, "", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM drafts", NULL), ==, 0);
}

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *text = NULL;
  RapportVisibility visibility = RAPPORT_VISIBILITY_PUBLIC;
  gint64 ticket = ticket_id_of (fixture, "3001");

  rapport_drafts_save_async (fixture->store, fixture->account_id, ticket,
                             RAPPORT_VISIBILITY_INTERNAL, "Async draft", NULL,
                             on_async_done_cb, &r1);
  g_assert_true (rapport_drafts_save_finish (fixture->store, wait_result (&r1), &error));
  g_assert_no_error (error);

  rapport_drafts_load_async (fixture->store, fixture->account_id, ticket, NULL,
                             on_async_done_cb, &r2);
  draft = rapport_drafts_load_finish (fixture->store, wait_result (&r2), &visibility,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft, ==, "Async draft");
  g_assert_cmpint (visibility, ==, RAPPORT_VISIBILITY_INTERNAL);

  rapport_outbox_enqueue_message_async (fixture->store, fixture->account_id, ticket,
                                        RAPPORT_VISIBILITY_INTERNAL, "Async note", 30000, NULL,
                                        on_async_done_cb, &r3);
  op = rapport_outbox_enqueue_message_finish (fixture->store, wait_result (&r3), &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->state, ==, RAPPORT_OUTBOX_STATE_HELD);

  rapport_outbox_list_ops_async (fixture->store, ticket, NULL, on_async_done_cb, &r4);
  ops = rapport_outbox_list_ops_finish (fixture->store, wait_result (&r4), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);

  rapport_outbox_undo_async (fixture->store, op->id, NULL, on_async_done_cb, &r5);
  text = rapport_outbox_undo_finish (fixture->store, wait_result (&r5), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Async note");
}

/* ---------------------------------------------------------------------------------------------
 * Engine-side transitions
 * ------------------------------------------------------------------------------------------- */

static void
fail_op (Fixture *fixture,
         gint64   op_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                   RAPPORT_PROVIDER_ERROR_FORBIDDEN, "No right");

  g_assert_true (rapport_outbox_begin_attempt (fixture->store, op_id, 1000, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_outbox_record_failure (fixture->store, op_id,
                                                RAPPORT_OUTBOX_STATE_FAILED, failure, 0, &error));
  g_assert_no_error (error);
}

static void
test_retry_discard (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1003", RAPPORT_VISIBILITY_PUBLIC,
                                           "Kept on failure", 0);
  g_autoptr(RapportOutboxOp) failed = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = rapport_outbox_discard (fixture->store, op->id, NULL, &error);
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);

  fail_op (fixture, op->id);
  failed = rapport_outbox_get_op (fixture->store, op->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (failed->state, ==, RAPPORT_OUTBOX_STATE_FAILED);
  g_assert_cmpint (failed->error_code, ==, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_assert_cmpstr (failed->last_error, ==, "No right");
  g_assert_cmpuint (failed->attempts, ==, 1);
  g_assert_cmpstr (failed->body, ==, "Kept on failure");
  g_assert_cmpint (count_body (fixture, "Kept on failure"), ==, 1);

  g_assert_true (rapport_outbox_retry (fixture->store, op->id, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&failed, rapport_outbox_op_free);
  failed = rapport_outbox_get_op (fixture->store, op->id, NULL, &error);
  g_assert_cmpint (failed->state, ==, RAPPORT_OUTBOX_STATE_READY);
  g_assert_cmpuint (failed->attempts, ==, 0);
  g_assert_null (failed->last_error);

  g_assert_false (rapport_outbox_retry (fixture->store, op->id, NULL, &error));
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);

  fail_op (fixture, op->id);
  text = rapport_outbox_discard (fixture->store, op->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Kept on failure");
  g_assert_cmpint (count_body (fixture, "Kept on failure"), ==, 0);

  ops = rapport_outbox_list_ops (fixture->store, ticket_id_of (fixture, "1003"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 0);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM outbox "
                                            "WHERE state = 'cancelled'", NULL), ==, 1);
}

static void
apply_server_copy (Fixture    *fixture,
                   const char *remote_id,
                   const char *ticket,
                   const char *body,
                   gint64      created_at)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportMessage) message = server_message (remote_id, ticket, body, created_at);

  g_ptr_array_add (page->messages, g_object_ref (message));
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
}

static void
test_pull_after_done (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Sent with quokkas", 0);
  g_autoptr(RapportMessage) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  g_autofree char *expected = NULL;
  gint64 created = g_get_real_time () / G_USEC_PER_SEC + 3600;
  gint64 count;

  g_assert_true (rapport_outbox_begin_attempt (fixture->store, op->id, g_get_real_time () / 1000,
                                               &error));
  sent = server_message ("M-900", "1001", "Sent with quokkas", created);
  g_assert_true (rapport_outbox_complete_message (fixture->store, op->id, sent, &error));
  g_assert_no_error (error);

  row = query_text (fixture->raw, "SELECT remote_id || '|' || offline_state || '|' || created_at "
                                  "FROM messages WHERE id = ?1", op->local_message_id);
  expected = g_strdup_printf ("M-900|synced|%" G_GINT64_FORMAT, created);
  g_assert_cmpstr (row, ==, expected);
  g_assert_cmpuint (search_hits (fixture, "quokkas"), ==, 1);
  count = query_int (fixture->raw, "SELECT message_count FROM tickets WHERE remote_id = ?1",
                     "1001");

  /* The next pull brings the same message: the same row is updated. */
  apply_server_copy (fixture, "M-900", "1001", "Sent with quokkas", created);
  g_assert_cmpint (count_body (fixture, "Sent with quokkas"), ==, 1);
  g_assert_cmpint (query_int (fixture->raw, "SELECT message_count FROM tickets "
                                            "WHERE remote_id = ?1", "1001"), ==, count);
  g_assert_cmpuint (search_hits (fixture, "quokkas"), ==, 1);
}

static void
test_pull_before_done (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = enqueue (fixture, "1001", RAPPORT_VISIBILITY_PUBLIC,
                                           "Raced by a pull", 0);
  g_autoptr(RapportOutboxOp) done = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) failure = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                   RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, "Lost");
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / 1000;
  gboolean found = FALSE;

  g_assert_true (rapport_outbox_begin_attempt (fixture->store, op->id, now, &error));
  g_assert_true (rapport_outbox_record_failure (fixture->store, op->id,
                                                RAPPORT_OUTBOX_STATE_UNKNOWN, failure, 0,
                                                &error));
  g_assert_no_error (error);

  /* The server did record it, and a pull brings it before the verification. */
  apply_server_copy (fixture, "M-901", "1001", "Raced by a pull\n", now / 1000 + 1);
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM messages "
                                            "WHERE body LIKE 'Raced by a pull%'", NULL), ==, 2);

  /* A message by someone else with the same text does not count. */
  g_ptr_array_add (history, server_message ("M-899", "1001", "Raced by a pull", now / 1000));
  rapport_message_set_author_remote_id (history->pdata[0], "kim.agent");
  g_ptr_array_add (history, server_message ("M-901", "1001", "Raced by a pull\n", now / 1000 + 1));
  g_assert_true (rapport_outbox_resolve_unknown (fixture->store, op->id, TEST_AGENT, history,
                                                 &found, &error));
  g_assert_no_error (error);
  g_assert_true (found);

  done = rapport_outbox_get_op (fixture->store, op->id, NULL, &error);
  g_assert_cmpint (done->state, ==, RAPPORT_OUTBOX_STATE_DONE);
  g_assert_cmpstr (done->remote_message_id, ==, "M-901");
  g_assert_cmpint (query_int (fixture->raw, "SELECT COUNT (*) FROM messages "
                                            "WHERE body LIKE 'Raced by a pull%'", NULL), ==, 1);
  g_assert_cmpint (query_int (fixture->raw, "SELECT outbox_id FROM messages "
                                            "WHERE remote_id = ?1", "M-901"), ==, op->id);
  g_assert_cmpuint (search_hits (fixture, "Raced"), ==, 1);
}

static void
test_resolve_not_found (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) first = enqueue (fixture, "1004", RAPPORT_VISIBILITY_PUBLIC,
                                              "Same words", 0);
  g_autoptr(RapportOutboxOp) second = enqueue (fixture, "1004", RAPPORT_VISIBILITY_PUBLIC,
                                               "Same words", 0);
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) failure = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                   RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, "Lost");
  g_autoptr(RapportMessage) sent = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / 1000;
  gboolean found = TRUE;

  /* The first op is done with M-1; the second one's outcome is unknown. */
  sent = server_message ("M-1", "1004", "Same words", now / 1000);
  g_assert_true (rapport_outbox_begin_attempt (fixture->store, first->id, now, &error));
  g_assert_true (rapport_outbox_complete_message (fixture->store, first->id, sent, &error));
  g_assert_true (rapport_outbox_begin_attempt (fixture->store, second->id, now, &error));
  g_assert_true (rapport_outbox_record_failure (fixture->store, second->id,
                                                RAPPORT_OUTBOX_STATE_UNKNOWN, failure, 0,
                                                &error));
  g_assert_no_error (error);

  /* M-1 is claimed by the first op; M-0 is too old. */
  g_ptr_array_add (history, server_message ("M-0", "1004", "Same words",
                                            now / 1000 - RAPPORT_OUTBOX_CLOCK_SKEW_S - 5));
  g_ptr_array_add (history, g_object_ref (sent));
  g_assert_true (rapport_outbox_resolve_unknown (fixture->store, second->id, TEST_AGENT, history,
                                                 &found, &error));
  g_assert_no_error (error);
  g_assert_false (found);

  op = rapport_outbox_get_op (fixture->store, second->id, NULL, &error);
  g_assert_cmpint (op->state, ==, RAPPORT_OUTBOX_STATE_READY);
  g_assert_cmpint (count_body (fixture, "Same words"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) \
  g_test_add ("/rapport/outbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/rapport/outbox/migrations/empty", test_migrations_empty);
  g_test_add_func ("/rapport/outbox/migrations/upgrade-from-1", test_migrations_upgrade);
  g_test_add_func ("/rapport/outbox/body-hash", test_body_hash);
  FIXTURE_TEST ("update-complete-only-changed-fields", test_update_complete_only_changed_fields);
  FIXTURE_TEST ("enqueue-undo", test_enqueue_undo);
  FIXTURE_TEST ("undo-after-hold", test_undo_after_hold);
  FIXTURE_TEST ("extend-hold", test_extend_hold);
  FIXTURE_TEST ("empty-body", test_empty_body);
  FIXTURE_TEST ("unresolved-placeholder", test_unresolved_placeholder);
  FIXTURE_TEST ("update", test_update);
  FIXTURE_TEST ("drafts", test_drafts);
  FIXTURE_TEST ("async", test_async);
  FIXTURE_TEST ("retry-discard", test_retry_discard);
  FIXTURE_TEST ("pull-after-done", test_pull_after_done);
  FIXTURE_TEST ("pull-before-done", test_pull_before_done);
  FIXTURE_TEST ("resolve-not-found", test_resolve_not_found);

  return g_test_run ();
}
