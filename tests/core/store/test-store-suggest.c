/* test-store-suggest.c — the suggestion content of the cache: candidates, the past-answers
 * index, uses, the knowledge search, the migration that adds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-store-suggest"

#include "config.h"

#include <locale.h>

#include "rapport-store-suggest.h"
#include "rapport-test-data.h"
#include "store-test-fixture.h"

static const char *refund_body =
  "Hi {{customer.first_name}},\n"
  "I'm sorry you were charged twice for the same order.\n"
  "I have refunded the duplicate payment to your card today.\n"
  "It shows on your statement within five business days.";

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static void
flush_signals (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static RapportCandidate *
make_candidate (RapportCandidateKind  kind,
                const char           *key,
                const char           *title,
                const char           *body,
                const char           *tags)
{
  RapportCandidate *candidate = rapport_candidate_new (kind, key, title, body);
  g_auto(GStrv) split = g_strsplit (tags, " ", -1);

  rapport_candidate_set_tags (candidate, (const char * const *) split);

  return candidate;
}

static RapportCandidate *
save (Fixture              *fixture,
      RapportCandidateKind  kind,
      const char           *key,
      const char           *title,
      const char           *body,
      const char           *tags)
{
  RapportCandidate *candidate = make_candidate (kind, key, title, body, tags);
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_save_candidate (fixture->store, candidate, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_candidate_get_id (candidate), >, 0);

  return candidate;
}

static RapportCandidate *
find (GPtrArray  *candidates,
      const char *key)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      if (g_str_equal (rapport_candidate_get_key (candidates->pdata[i]), key))
        return candidates->pdata[i];
    }

  return NULL;
}

static void
test_candidate_model (void)
{
  const char *tags[] = { " Billing ", "refund", "billing", "", "REFUND", NULL };
  const char *expected[] = { "billing", "refund", NULL };
  g_autoptr(RapportCandidate) candidate = rapport_candidate_new (RAPPORT_CANDIDATE_CANNED, "k",
                                                                 "Title", "Long form");
  g_autoptr(RapportCandidate) copy = NULL;
  RapportCandidateKind kind;

  g_assert_nonnull (rapport_candidate_get_tags (candidate));
  g_assert_cmpuint (g_strv_length ((char **) rapport_candidate_get_tags (candidate)), ==, 0);
  rapport_candidate_set_tags (candidate, tags);
  g_assert_true (g_strv_equal (rapport_candidate_get_tags (candidate), expected));

  rapport_candidate_set_short_body (candidate, "Short");
  g_assert_cmpstr (rapport_candidate_get_body_for_channel (candidate, RAPPORT_CHANNEL_CHAT), ==,
                   "Short");
  g_assert_cmpstr (rapport_candidate_get_body_for_channel (candidate, RAPPORT_CHANNEL_SOCIAL),
                   ==, "Short");
  g_assert_cmpstr (rapport_candidate_get_body_for_channel (candidate, RAPPORT_CHANNEL_EMAIL),
                   ==, "Long form");

  g_assert_true (rapport_candidate_fits_channel (candidate, RAPPORT_CHANNEL_PHONE));
  rapport_candidate_set_channels (candidate, RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_CHAT));
  g_assert_true (rapport_candidate_fits_channel (candidate, RAPPORT_CHANNEL_CHAT));
  g_assert_false (rapport_candidate_fits_channel (candidate, RAPPORT_CHANNEL_EMAIL));

  rapport_candidate_set_remote (candidate, 3, "42");
  copy = rapport_candidate_copy (candidate);
  g_assert_cmpint (rapport_candidate_get_account_id (copy), ==, 3);
  g_assert_cmpstr (rapport_candidate_get_remote_id (copy), ==, "42");
  g_assert_cmpstr (rapport_candidate_get_short_body (copy), ==, "Short");
  g_assert_true (g_strv_equal (rapport_candidate_get_tags (copy), expected));
  g_assert_cmpuint (rapport_candidate_get_channels (copy), ==,
                    RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_CHAT));

  g_assert_cmpstr (rapport_candidate_kind_to_string (RAPPORT_CANDIDATE_PAST_REPLY), ==,
                   "past-reply");
  g_assert_true (rapport_candidate_kind_from_string ("article", &kind));
  g_assert_cmpint (kind, ==, RAPPORT_CANDIDATE_ARTICLE);
  g_assert_false (rapport_candidate_kind_from_string ("macro", &kind));
}

static void
test_crud (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(RapportCandidate) refund = NULL;
  g_autoptr(RapportCandidate) article = NULL;
  g_autoptr(RapportCandidate) again = NULL;
  g_autoptr(RapportCandidate) bad = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  RapportCandidate *read;
  guint changed;

  flush_signals ();
  changed = fixture->n_changed;
  refund = save (fixture, RAPPORT_CANDIDATE_CANNED, "refund-policy", "Refund for a double charge",
                 refund_body, "billing refund");
  rapport_candidate_set_short_body (refund, "Refunded, {{customer.first_name}}: 5 days.");
  rapport_candidate_set_channels (refund, RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_EMAIL) |
                                          RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_CHAT));
  rapport_candidate_set_updated_at (refund, TEST_ANCHOR);
  g_assert_true (rapport_store_save_candidate (fixture->store, refund, &error));
  g_assert_no_error (error);
  article = save (fixture, RAPPORT_CANDIDATE_ARTICLE, "kb-12", "About refunds",
                  "Refunds take five days.", "billing");
  rapport_candidate_set_url (article, "https://help.example/kb/12");
  g_assert_true (rapport_store_save_candidate (fixture->store, article, &error));
  g_assert_no_error (error);
  flush_signals ();
  g_assert_cmpuint (fixture->n_changed, >=, changed + 4);
  g_assert_cmpint (fixture->last_changed_account, ==, 0);

  list = rapport_store_list_candidates (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* Canned responses first. */
  g_assert_cmpstr (rapport_candidate_get_key (list->pdata[0]), ==, "refund-policy");
  read = list->pdata[0];
  g_assert_cmpint (rapport_candidate_get_id (read), ==, rapport_candidate_get_id (refund));
  g_assert_cmpint (rapport_candidate_get_account_id (read), ==, 0);
  g_assert_null (rapport_candidate_get_remote_id (read));
  g_assert_cmpint (rapport_candidate_get_kind (read), ==, RAPPORT_CANDIDATE_CANNED);
  g_assert_cmpstr (rapport_candidate_get_title (read), ==, "Refund for a double charge");
  g_assert_cmpstr (rapport_candidate_get_body (read), ==, refund_body);
  g_assert_cmpstr (rapport_candidate_get_short_body (read), ==,
                   "Refunded, {{customer.first_name}}: 5 days.");
  g_assert_true (g_strv_equal (rapport_candidate_get_tags (read),
                               (const char *[]) { "billing", "refund", NULL }));
  g_assert_cmpuint (rapport_candidate_get_channels (read), ==,
                    rapport_candidate_get_channels (refund));
  g_assert_cmpint (rapport_candidate_get_updated_at (read), ==, TEST_ANCHOR);
  g_assert_cmpstr (rapport_candidate_get_url (list->pdata[1]), ==, "https://help.example/kb/12");

  /* Saving by key updates the same row. */
  again = make_candidate (RAPPORT_CANDIDATE_CANNED, "refund-policy", "Double charge", "New text",
                          "");
  g_assert_true (rapport_store_save_candidate (fixture->store, again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_candidate_get_id (again), ==, rapport_candidate_get_id (refund));

  /* No key: refused. */
  bad = rapport_candidate_new (RAPPORT_CANDIDATE_CANNED, "", "T", "B");
  g_assert_false (rapport_store_save_candidate (fixture->store, bad, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (rapport_store_delete_candidate (fixture->store,
                                                 rapport_candidate_get_id (article), &error));
  g_assert_no_error (error);
  g_assert_false (rapport_store_delete_candidate (fixture->store,
                                                  rapport_candidate_get_id (article), &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = rapport_store_list_candidates (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (rapport_candidate_get_title (after->pdata[0]), ==, "Double charge");
  g_assert_cmpstr (rapport_candidate_get_body (after->pdata[0]), ==, "New text");
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RapportCandidate) candidate = make_candidate (RAPPORT_CANDIDATE_ARTICLE, "kb-1",
                                                          "Password reset",
                                                          "Reset your password here.", "");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) list_result = NULL;
  g_autoptr(GAsyncResult) use_result = NULL;
  g_autoptr(GAsyncResult) delete_result = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  rapport_store_save_candidate_async (fixture->store, candidate, NULL, on_result_cb, &result);
  g_assert_true (rapport_store_save_candidate_finish (fixture->store, wait_result (&result),
                                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_candidate_get_id (candidate), >, 0);
  g_assert_cmpint (rapport_candidate_get_updated_at (candidate), >, 0);

  rapport_store_list_candidates_async (fixture->store, NULL, on_result_cb, &list_result);
  list = rapport_store_list_candidates_finish (fixture->store, wait_result (&list_result),
                                               &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);

  rapport_store_record_use_async (fixture->store, rapport_candidate_get_id (candidate), 0,
                                  TEST_ANCHOR, NULL, on_result_cb, &use_result);
  g_assert_true (rapport_store_record_use_finish (fixture->store, wait_result (&use_result),
                                                  &error));
  g_assert_no_error (error);

  rapport_store_delete_candidate_async (fixture->store, rapport_candidate_get_id (candidate),
                                        NULL, on_result_cb, &delete_result);
  g_assert_true (rapport_store_delete_candidate_finish (fixture->store,
                                                        wait_result (&delete_result), &error));
  g_assert_no_error (error);

  /* A use of a candidate that is not there. */
  g_assert_false (rapport_store_record_use (fixture->store, rapport_candidate_get_id (candidate),
                                            0, TEST_ANCHOR, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
}

static void
test_replace_keeps_uses (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(RapportCandidate) own = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kept_id, gone_id;
  sqlite3 *db;

  own = save (fixture, RAPPORT_CANDIDATE_CANNED, "a1", "Workspace's own", "Text", "");

  g_ptr_array_add (first, make_candidate (RAPPORT_CANDIDATE_ARTICLE, "a1", "Article one",
                                          "One", ""));
  g_ptr_array_add (first, make_candidate (RAPPORT_CANDIDATE_ARTICLE, "a2", "Article two",
                                          "Two", ""));
  rapport_candidate_set_remote (first->pdata[0], fixture->account_id, "1");
  rapport_candidate_set_remote (first->pdata[1], fixture->account_id, "2");
  g_assert_true (rapport_store_replace_account_candidates (fixture->store, fixture->account_id,
                                                           first, &error));
  g_assert_no_error (error);
  kept_id = rapport_candidate_get_id (first->pdata[0]);
  gone_id = rapport_candidate_get_id (first->pdata[1]);
  /* Same key as the workspace's own, another account: another row. */
  g_assert_cmpint (kept_id, !=, rapport_candidate_get_id (own));

  g_assert_true (rapport_store_record_use (fixture->store, kept_id, 7, TEST_ANCHOR, &error));
  g_assert_true (rapport_store_record_use (fixture->store, gone_id, 7, TEST_ANCHOR, &error));
  g_assert_no_error (error);

  g_ptr_array_add (second, make_candidate (RAPPORT_CANDIDATE_ARTICLE, "a1", "Article one, new",
                                           "One again", ""));
  g_ptr_array_add (second, make_candidate (RAPPORT_CANDIDATE_ARTICLE, "a3", "Article three",
                                           "Three", ""));
  rapport_candidate_set_remote (second->pdata[0], fixture->account_id, "1");
  rapport_candidate_set_remote (second->pdata[1], fixture->account_id, "3");
  flush_signals ();
  fixture->last_changed_account = -1;
  g_assert_true (rapport_store_replace_account_candidates (fixture->store, fixture->account_id,
                                                           second, &error));
  g_assert_no_error (error);
  flush_signals ();
  g_assert_cmpint (fixture->last_changed_account, ==, fixture->account_id);
  g_assert_cmpint (rapport_candidate_get_id (second->pdata[0]), ==, kept_id);

  list = rapport_store_list_candidates (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_nonnull (find (list, "a3"));
  g_assert_cmpstr (rapport_candidate_get_remote_id (find (list, "a3")), ==, "3");

  db = open_raw (fixture->path);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM suggestion_uses"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT candidate_id FROM suggestion_uses"), ==, kept_id);
  g_assert_cmpint (query_int (db, "SELECT uses FROM candidates WHERE key = 'a1' "
                                  "AND account_id IS NOT NULL"), ==, 1);
  /* The index followed: the old title is gone, the new one found. */
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM candidates_fts WHERE candidates_fts "
                                  "MATCH 'two'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM candidates_fts WHERE candidates_fts "
                                  "MATCH 'again'"), ==, 1);
  /* The document frequencies followed too: three documents, "two" in none, "one" in a1. */
  g_assert_cmpint (query_int (db, "SELECT df FROM suggest_terms WHERE idx = 0 AND term = ''"),
                   ==, 3);
  g_assert_cmpint (query_int (db, "SELECT ifnull ((SELECT df FROM suggest_terms WHERE idx = 0 "
                                  "AND term = 'two'), 0)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT df FROM suggest_terms WHERE idx = 0 AND "
                                  "term = 'articl'"), ==, 2);
  sqlite3_close (db);

  /* The same content again (a fetch every 15 minutes): no row written, no "changed". */
  {
    g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);
    gint64 stamp;

    db = open_raw (fixture->path);
    stamp = query_int (db, "SELECT max (rowid) FROM candidates_fts_data");
    sqlite3_close (db);

    g_ptr_array_add (again, make_candidate (RAPPORT_CANDIDATE_ARTICLE, "a1", "Article one, new",
                                            "One again", ""));
    g_ptr_array_add (again, make_candidate (RAPPORT_CANDIDATE_ARTICLE, "a3", "Article three",
                                            "Three", ""));
    rapport_candidate_set_remote (again->pdata[0], fixture->account_id, "1");
    rapport_candidate_set_remote (again->pdata[1], fixture->account_id, "3");
    flush_signals ();
    fixture->last_changed_account = -1;
    g_assert_true (rapport_store_replace_account_candidates (fixture->store, fixture->account_id,
                                                             again, &error));
    g_assert_no_error (error);
    flush_signals ();
    g_assert_cmpint (fixture->last_changed_account, ==, -1);
    g_assert_cmpint (rapport_candidate_get_id (again->pdata[0]), ==, kept_id);

    db = open_raw (fixture->path);
    g_assert_cmpint (query_int (db, "SELECT max (rowid) FROM candidates_fts_data"), ==, stamp);
    g_assert_cmpint (query_int (db, "SELECT df FROM suggest_terms WHERE idx = 0 AND "
                                    "term = 'articl'"), ==, 2);
    sqlite3_close (db);
  }
}

static void
test_migration (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { "0001-initial.sql", "0002-outbox.sql", "0003-actions.sql",
                          "0004-authority.sql", "0005-ledger-totals.sql" };
  sqlite3 *db;

  /* A database as version 5 left it, with queued ops. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_migrations (db, files, G_N_ELEMENTS (files));
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO accounts (id, provider_kind, created_at) "
                                 "VALUES (1, 'rt', 1);"
                                 "INSERT INTO outbox (id, account_id, ticket_id, "
                                 "ticket_remote_id, kind, body, body_hash, state, hold_until, "
                                 "attempts, local_message_id, created_at, updated_at) VALUES "
                                 "(5, 1, 7, 'T7', 'reply', 'Hello', 'h5', 'held', 2000, 0, 70, "
                                 "900, 1100),"
                                 "(6, 1, 7, 'T7', 'money', NULL, 'h6', 'ready', 0, 1, NULL, "
                                 "950, 1150);"
                                 "PRAGMA user_version = 5;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_new (path);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_get_schema_version (store), ==,
                    rapport_store_get_latest_schema_version ());
  rapport_store_close (store);

  db = open_raw (path);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM outbox"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM outbox WHERE id = 5 AND kind = 'reply' "
                                  "AND body = 'Hello' AND state = 'held' AND hold_until = 2000 "
                                  "AND local_message_id = 70 AND created_at = 900 "
                                  "AND updated_at = 1100"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM outbox WHERE id = 6 AND kind = 'money' "
                                  "AND attempts = 1"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE type = 'index' "
                                  "AND tbl_name = 'outbox' AND name IN ('outbox_pending', "
                                  "'outbox_ticket')"), ==, 2);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (account_id, ticket_id, "
                                     "ticket_remote_id, kind, state, created_at, updated_at) "
                                     "VALUES (1, 7, 'T7', 'link', 'ready', 1, 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (account_id, ticket_id, "
                                     "ticket_remote_id, kind, state, created_at, updated_at) "
                                     "VALUES (1, 7, 'T7', 'linked', 'ready', 1, 1)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sqlite_schema WHERE name IN "
                                  "('candidates', 'candidates_fts', 'past_answers', "
                                  "'past_answers_fts', 'suggestion_uses')"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM pragma_foreign_key_check"), ==, 0);
  sqlite3_close (db);

  test_remove_tree (dir);
}

/* A solved ticket whose agent reply is @reply. */
static void
add_solved_ticket (Fixture    *fixture,
                   const char *remote_id,
                   const char *subject,
                   const char *question,
                   const char *reply,
                   gint64      at)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autofree char *in_id = g_strconcat (remote_id, "-in", NULL);
  g_autofree char *out_id = g_strconcat (remote_id, "-out", NULL);
  g_autofree char *note_id = g_strconcat (remote_id, "-note", NULL);
  RapportTicket *ticket;

  page->resource = g_strdup ("tickets");
  ticket = test_add_ticket (page, remote_id, subject, RAPPORT_TICKET_STATUS_SOLVED,
                            RAPPORT_CHANNEL_EMAIL, NULL, TEST_AGENT, at, at + TEST_HOUR,
                            at + TEST_HOUR);
  rapport_ticket_set_tags (ticket, (const char *[]) { "billing", NULL });
  test_add_message (page, in_id, remote_id, RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Chloé", NULL, question, at);
  test_add_message (page, note_id, remote_id, RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND,
                    RAPPORT_VISIBILITY_INTERNAL, "Sam", TEST_AGENT, "Internal: refund it",
                    at + TEST_MINUTE * 20);
  test_add_message (page, out_id, remote_id, RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Sam", TEST_AGENT, reply, at + TEST_MINUTE * 30);
  apply_page (fixture, page);
}

static void
test_index_past_answers (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportCandidate) refund = NULL;
  g_autoptr(RapportCandidate) other = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *question = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  refund = save (fixture, RAPPORT_CANDIDATE_CANNED, "refund-policy", "Refund for a double charge",
                 refund_body, "billing refund");
  other = save (fixture, RAPPORT_CANDIDATE_CANNED, "invoice", "Invoice copy",
                "Every invoice of your order is in Settings, Billing, as a PDF to download.",
                "billing");

  add_solved_ticket (fixture, "T1", "Charged twice",
                     "Hi, I was charged twice for order 1234.\n> quoted old mail\nThanks",
                     "Hi Chloé,\nI'm sorry you were charged twice for the same order.\n"
                     "I have refunded the duplicate payment to your card today.\n"
                     "It shows on your statement within five business days.\nSam",
                     TEST_ANCHOR - 3 * TEST_DAY);
  add_solved_ticket (fixture, "T2", "Question", "Do you deliver to Spain?",
                     "Yes, we deliver to Spain in three days.", TEST_ANCHOR - 2 * TEST_DAY);

  g_assert_cmpuint (rapport_store_index_past_answers (fixture->store, &error), ==, 2);
  g_assert_no_error (error);

  db = open_raw (fixture->path);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM past_answers"), ==, 2);
  /* The reply held the refund response's text: found by its literal text. */
  g_assert_cmpint (query_int (db, "SELECT candidate_id FROM past_answers WHERE key = 'T1'"), ==,
                   rapport_candidate_get_id (refund));
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM past_answers WHERE key = 'T2' "
                                  "AND candidate_id IS NULL AND reply LIKE 'Yes, we deliver%'"),
                   ==, 1);
  g_assert_cmpint (query_int (db, "SELECT uses FROM candidates WHERE key = 'refund-policy'"), ==,
                   1);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT question, tags FROM past_answers "
                                           "WHERE key = 'T1'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  question = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "billing");
  sqlite3_finalize (stmt);
  g_assert_cmpstr (question, ==, "Hi, I was charged twice for order 1234.\nThanks");
  sqlite3_close (db);

  /* Incremental: the run stopped after the newest solved ticket (T2, solved a day after it
   * was opened) and the next one starts there, so nothing is done. */
  db = open_raw (fixture->path);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM sync_state WHERE "
                                  "resource = 'past-answers' AND cursor = (SELECT updated_at || "
                                  "':' || id FROM tickets WHERE remote_id = 'T2')"), ==, 1);
  sqlite3_close (db);
  g_assert_cmpuint (rapport_store_index_past_answers (fixture->store, &error), ==, 0);
  g_assert_no_error (error);

  /* A newer reply on T2 is indexed again, asynchronously. */
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    page->resource = g_strdup ("tickets");
    test_add_ticket (page, "T2", "Question", RAPPORT_TICKET_STATUS_SOLVED, RAPPORT_CHANNEL_EMAIL,
                     NULL, TEST_AGENT, TEST_ANCHOR - 2 * TEST_DAY, TEST_ANCHOR,
                     TEST_ANCHOR);
    test_add_message (page, "T2-out2", "T2", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND,
                      RAPPORT_VISIBILITY_PUBLIC, "Sam", TEST_AGENT,
                      "Every invoice of your order is in Settings, Billing, as a PDF to "
                      "download.", TEST_ANCHOR - TEST_HOUR);
    apply_page (fixture, page);
  }
  rapport_store_index_past_answers_async (fixture->store, NULL, on_result_cb, &result);
  g_assert_cmpuint (rapport_store_index_past_answers_finish (fixture->store,
                                                             wait_result (&result), &error),
                    ==, 1);
  g_assert_no_error (error);

  db = open_raw (fixture->path);
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM past_answers"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT candidate_id FROM past_answers WHERE key = 'T2'"), ==,
                   rapport_candidate_get_id (other));
  /* The index holds one document per answer. */
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM past_answers_fts WHERE "
                                  "past_answers_fts MATCH 'spain'"), ==, 1);
  /* Re-indexing replaced T2's counts instead of adding to them. */
  g_assert_cmpint (query_int (db, "SELECT df FROM suggest_terms WHERE idx = 1 AND term = ''"),
                   ==, 2);
  g_assert_cmpint (query_int (db, "SELECT df FROM suggest_terms WHERE idx = 1 AND "
                                  "term = 'spain'"), ==, 1);
  sqlite3_close (db);
}

static void
test_answer_key_links_later (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *messages[] = { "Where is my parcel?", NULL };
  RapportPastAnswer answer = {
    .key = "h1", .subject = "Parcel", .messages = messages, .answer_key = "shipping",
    .answered_at = TEST_ANCHOR,
  };
  const RapportPastAnswer *answers[] = { &answer };
  g_autoptr(RapportCandidate) shipping = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_true (rapport_store_add_past_answers (fixture->store, answers, 1, &error));
  g_assert_no_error (error);
  shipping = save (fixture, RAPPORT_CANDIDATE_CANNED, "shipping", "Parcel on its way",
                   "It is on its way.", "");

  db = open_raw (fixture->path);
  g_assert_cmpint (query_int (db, "SELECT candidate_id FROM past_answers WHERE key = 'h1'"), ==,
                   rapport_candidate_get_id (shipping));
  g_assert_cmpint (query_int (db, "SELECT uses FROM candidates WHERE key = 'shipping'"), ==, 1);
  sqlite3_close (db);

  /* Invalid UTF-8: refused, nothing written. */
  answer.subject = "\xc3";
  g_assert_false (rapport_store_add_past_answers (fixture->store, answers, 1, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
}

/* A reply answers with an article by its link (as Ctrl+K inserts it, or within a sentence) or
 * by an excerpt of its first paragraph; a reply that only shares words is no article's. */
static void
test_detect_article (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *messages[] = { "My refund has not arrived.", NULL };
  const struct
  {
    const char *key;
    const char *reply;
  } replies[] = {
    { "link", "Hi Chloé,\nRefunds explained: https://help.example.com/articles/refund.\nSam" },
    { "link-anchor", "Please read https://help.example.com/articles/refund-card?lang=en#steps" },
    { "excerpt", "Hi Chloé,\n\nA refund goes back to the card you paid with, within five "
                 "business days of our   approval.\n\nBest regards,\nSam" },
    { "words", "Your refund goes to your card. We approved it, it takes a few business days." },
    { "unknown-link", "See https://help.example.com/articles/refunds-archive for the rest." },
  };
  RapportPastAnswer answers[G_N_ELEMENTS (replies)];
  const RapportPastAnswer *pointers[G_N_ELEMENTS (replies)];
  g_autoptr(RapportCandidate) refund = NULL;
  g_autoptr(RapportCandidate) card = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  refund = make_candidate (RAPPORT_CANDIDATE_ARTICLE, "kb-refund", "How refunds work",
                           "A refund goes back to the card you paid with, within five business "
                           "days of our approval.\n\nBank transfers take longer: up to ten days, "
                           "depending on the bank.\n\nStore credit is immediate.",
                           "billing refund");
  rapport_candidate_set_url (refund, "https://help.example.com/articles/refund");
  card = make_candidate (RAPPORT_CANDIDATE_ARTICLE, "kb-refund-card", "Refunds to a card",
                         "Card refunds show as a credit on the statement.", "billing");
  rapport_candidate_set_url (card, "https://help.example.com/articles/refund-card");
  g_assert_true (rapport_store_save_candidate (fixture->store, refund, &error));
  g_assert_true (rapport_store_save_candidate (fixture->store, card, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      answers[i] = (RapportPastAnswer) {
        .account_id = fixture->account_id, .key = replies[i].key, .subject = "Refund",
        .messages = messages, .reply = replies[i].reply, .answered_at = TEST_ANCHOR,
      };
      pointers[i] = &answers[i];
    }
  g_assert_true (rapport_store_add_past_answers (fixture->store, pointers, G_N_ELEMENTS (pointers),
                                                 &error));
  g_assert_no_error (error);

  db = open_raw (fixture->path);
  g_assert_cmpint (query_int (db, "SELECT candidate_id FROM past_answers WHERE key = 'link'"), ==,
                   rapport_candidate_get_id (refund));
  g_assert_cmpint (query_int (db, "SELECT candidate_id FROM past_answers "
                                  "WHERE key = 'link-anchor'"), ==,
                   rapport_candidate_get_id (card));
  g_assert_cmpint (query_int (db, "SELECT candidate_id FROM past_answers WHERE key = 'excerpt'"),
                   ==, rapport_candidate_get_id (refund));
  g_assert_cmpint (query_int (db, "SELECT COUNT (*) FROM past_answers WHERE key IN ('words', "
                                  "'unknown-link') AND candidate_id IS NULL"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT uses FROM candidates WHERE key = 'kb-refund'"), ==, 2);
  sqlite3_close (db);
}

static void
test_knowledge_search (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RapportCandidate) a = NULL;
  g_autoptr(RapportCandidate) b = NULL;
  g_autoptr(RapportCandidate) c = NULL;
  g_autoptr(GPtrArray) prefix = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GPtrArray) async = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  a = save (fixture, RAPPORT_CANDIDATE_ARTICLE, "kb-pw", "Reset a forgotten password",
            "Choose Forgot password on the sign-in page.", "account");
  b = save (fixture, RAPPORT_CANDIDATE_ARTICLE, "kb-inv", "Download invoices",
            "Invoices are in Settings.", "billing");
  c = save (fixture, RAPPORT_CANDIDATE_CANNED, "pw-canned", "Password help",
            "I have sent you a link.", "");

  prefix = rapport_store_search_knowledge (fixture->store, "forgotten passw", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prefix->len, ==, 1);
  g_assert_cmpstr (rapport_candidate_get_key (prefix->pdata[0]), ==, "kb-pw");

  rapport_store_search_knowledge_async (fixture->store, "passw", 10, NULL, on_result_cb, &result);
  async = rapport_store_search_knowledge_finish (fixture->store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (async->len, ==, 2);
  g_assert_nonnull (find (async, "kb-pw"));
  g_assert_nonnull (find (async, "pw-canned"));

  /* Empty text: articles by title. */
  titles = rapport_store_search_knowledge (fixture->store, "  ", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (titles->len, ==, 2);
  g_assert_cmpstr (rapport_candidate_get_key (titles->pdata[0]), ==, "kb-inv");
  g_assert_cmpstr (rapport_candidate_get_key (titles->pdata[1]), ==, "kb-pw");

  nothing = rapport_store_search_knowledge (fixture->store, "zebra", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nothing->len, ==, 0);

  g_assert_null (rapport_store_search_knowledge (fixture->store, "\xff", 10, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
}

static void
test_suggest_for_ticket (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportCandidate) refund = NULL;
  g_autoptr(RapportCandidate) other = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) missing_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

  refund = save (fixture, RAPPORT_CANDIDATE_CANNED, "refund-policy", "Refund for a double charge",
                 refund_body, "billing refund");
  other = save (fixture, RAPPORT_CANDIDATE_CANNED, "parcel", "Where is my parcel",
                "Your parcel is on its way.", "shipping");
  g_object_unref (save (fixture, RAPPORT_CANDIDATE_ARTICLE, "kb-2fa", "Two-factor login",
                        "Turn on two-factor login in Settings.", "security"));
  g_object_unref (save (fixture, RAPPORT_CANDIDATE_ARTICLE, "kb-inv", "Invoices",
                        "Download invoices.", ""));

  page->resource = g_strdup ("tickets");
  test_add_ticket (page, "T9", "Charged twice", RAPPORT_TICKET_STATUS_OPEN,
                   RAPPORT_CHANNEL_EMAIL, NULL, NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
  test_add_message (page, "T9-1", "T9", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Chloé", NULL,
                    "My card shows a duplicate payment for one order.", TEST_ANCHOR);
  test_add_message (page, "T9-2", "T9", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND,
                    RAPPORT_VISIBILITY_INTERNAL, "Sam", TEST_AGENT,
                    "Parcel parcel parcel shipping", TEST_ANCHOR + 1);
  apply_page (fixture, page);

  rapport_store_suggest_for_ticket_async (fixture->store, ticket_id_of (fixture, "T9"),
                                          RAPPORT_SUGGEST_MAX, TEST_ANCHOR, NULL, on_result_cb,
                                          &result);
  suggestions = rapport_store_suggest_for_ticket_finish (fixture->store, wait_result (&result),
                                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, >=, 1);
  g_assert_cmpstr (rapport_candidate_get_key (
                     rapport_suggestion_get_candidate (suggestions->pdata[0])), ==,
                   "refund-policy");
  /* The team's internal note is not the customer's words. */
  for (guint i = 0; i < suggestions->len; i++)
    g_assert_cmpstr (rapport_candidate_get_key (
                       rapport_suggestion_get_candidate (suggestions->pdata[i])), !=, "parcel");

  rapport_store_suggest_for_ticket_async (fixture->store, 999999, RAPPORT_SUGGEST_MAX,
                                          TEST_ANCHOR, NULL, on_result_cb, &missing_result);
  g_assert_null (rapport_store_suggest_for_ticket_finish (fixture->store,
                                                          wait_result (&missing_result),
                                                          &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/store-suggest/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/store-suggest/candidate-model", test_candidate_model);
  ADD ("crud", test_crud);
  ADD ("async", test_async);
  ADD ("replace-keeps-uses", test_replace_keeps_uses);
  g_test_add_func ("/store-suggest/migration", test_migration);
  ADD ("index-past-answers", test_index_past_answers);
  ADD ("answer-key-links-later", test_answer_key_links_later);
  ADD ("detect-article", test_detect_article);
  ADD ("knowledge-search", test_knowledge_search);
  ADD ("suggest-for-ticket", test_suggest_for_ticket);

#undef ADD

  return g_test_run ();
}
