/* test-sync-engine-pipeline.c — the sync engine's pipeline, with a provider the test drives:
 * page N+1 is fetched while page N is applied, never further ahead, and errors and
 * cancellation on either side leave the store at a page boundary it resumes from. (Whole
 * pulls of the demo provider: test-sync-engine.c.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-sync-engine"

#include "config.h"

#include <locale.h>
#include <sqlite3.h>

#include "rapport-demo.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"
#include "sync-engine-test-fixture.h"

/* ---------------------------------------------------------------------------------- */
/* The pipeline: page N+1 is fetched while page N is applied, never further ahead.      */

static void
exec_constant (sqlite3    *db,
               const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* Takes the database's write lock from a connection of the test's own: the store's next
 * apply_page then waits in its worker (SQLite's busy timeout, 5 s) until unlock_store(), so
 * the test knows a page is being applied and not finished. */
static sqlite3 *
lock_store (Fixture *fixture)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  exec_constant (db, "BEGIN IMMEDIATE");
  return db;
}

static void
unlock_store (sqlite3 *db)
{
  exec_constant (db, "ROLLBACK");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static guint
cursor_position (const char *cursor)
{
  g_assert_nonnull (cursor);
  return (guint) g_ascii_strtoull (cursor, NULL, 10);
}

static const char *
requested_cursor (TestProvider *provider,
                  guint         request)
{
  g_assert_cmpuint (request, <, provider->cursors->len);
  return g_ptr_array_index (provider->cursors, request);
}

static const char *
answered_cursor (TestProvider *provider,
                 guint         page)
{
  g_assert_cmpuint (page, <, provider->page_cursors->len);
  return g_ptr_array_index (provider->page_cursors, page);
}

static guint
applied_at_request (TestProvider *provider,
                    guint         request)
{
  g_assert_cmpuint (request, <, provider->applied_at_request->len);
  return g_array_index (provider->applied_at_request, guint, request);
}

/* How many pages the whole dataset takes at the provider's page size. */
static guint
count_pages (TestProvider *provider)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (provider->seed, provider->n_customers,
                                                  provider->anchor);
  RapportSyncPage *page;
  guint n = 0;

  while ((page = rapport_demo_next_page (demo, provider->page_size)) != NULL)
    {
      rapport_sync_page_free (page);
      n++;
    }
  return n;
}

/* The page for @cursor plus, at its end, more messages whose ticket is in no page than the
 * store sets aside in one page (RAPPORT_STORE_MAX_REFUSED): the store rejects the whole page
 * with RAPPORT_STORE_ERROR_INVALID. */
static RapportSyncPage *
build_page_with_dangling_message (TestProvider *provider,
                                  const char   *cursor)
{
  RapportSyncPage *page = test_provider_build_page (provider, cursor);

  g_assert_cmpuint (page->messages->len, >, 0);
  for (guint i = 0; i <= RAPPORT_STORE_MAX_REFUSED; i++)
    {
      RapportMessage *message = rapport_message_new ();
      g_autofree char *remote_id = g_strdup_printf ("dangling-%u", i);

      rapport_message_set_remote_id (message, remote_id);
      rapport_message_set_ticket_remote_id (message, "no-such-ticket");
      rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
      rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
      rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
      rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
      rapport_message_set_author_name (message, "Sam Rivera");
      rapport_message_set_body (message, "A reply on a ticket that was never pulled.");
      rapport_message_set_created_at (message, provider->anchor);
      g_ptr_array_add (page->messages, message);
    }
  return page;
}

/* Pulls the rest in one go and checks the store holds the whole dataset, each remaining page
 * asked for once, starting where the store's cursor was. */
static void
resume_to_the_end (Fixture *fixture)
{
  TestProvider *provider = fixture->test_provider;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor_before = stored_cursor (fixture);
  g_autofree char *cursor = NULL;
  guint requests_before = provider->n_requests;
  guint pages_before = cursor_before != NULL ? 1 : 0;
  PullWatch watch = { 0, };
  gint64 pages;

  /* pages already applied: those whose cursor is at or before the stored one */
  if (cursor_before != NULL)
    {
      g_autoptr(RapportDemo) demo = rapport_demo_new (provider->seed, provider->n_customers,
                                                      provider->anchor);
      RapportSyncPage *page;

      pages_before = 0;
      while (rapport_demo_get_position (demo) < cursor_position (cursor_before) &&
             (page = rapport_demo_next_page (demo, provider->page_size)) != NULL)
        {
          rapport_sync_page_free (page);
          pages_before++;
        }
      g_assert_cmpuint (rapport_demo_get_position (demo), ==, cursor_position (cursor_before));
    }

  test_provider_go_auto (provider, 0);
  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_no_error (watch.finished_error);
  pull_watch_clear (&watch);

  /* It started at the stored cursor and applied each remaining page once. */
  g_assert_cmpstr (requested_cursor (provider, requests_before), ==,
                   cursor_before != NULL ? cursor_before : "");
  g_assert_cmpint (pages, ==, provider->n_requests - requests_before);
  g_assert_cmpuint (pages_before + pages, ==, count_pages (provider));

  cursor = stored_cursor (fixture);
  g_assert_cmpuint (cursor_position (cursor), ==, provider->n_customers);
  assert_store_holds (fixture, provider->n_customers, provider->n_customers);
}

/* A whole pull, the provider answering by itself (at once, or slower than the store): every
 * request is page N+1, asked for with page N's cursor right when page N went to the store. */
static void
test_pipeline_order (Fixture       *fixture,
                     gconstpointer  data)
{
  TestProvider *provider = fixture->test_provider;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  gint64 pages;

  test_provider_go_auto (provider, GPOINTER_TO_UINT (data));
  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_no_error (watch.finished_error);
  g_assert_cmpint (pages, >=, 5);
  g_assert_cmpuint (pages, ==, count_pages (provider));
  g_assert_cmpuint (watch.n_progress, ==, pages);

  /* Each page asked for once, in order, from the page before it. */
  g_assert_cmpuint (provider->n_requests, ==, pages);
  g_assert_cmpstr (requested_cursor (provider, 0), ==, "");
  for (guint r = 1; r < provider->n_requests; r++)
    g_assert_cmpstr (requested_cursor (provider, r), ==, answered_cursor (provider, r - 1));

  /* One provider call at a time. */
  g_assert_cmpuint (provider->max_in_flight, ==, 1);

  /* Page r+1 (request r) was asked for when pages 1 … r-1 were applied: page r was in the
   * store then (a serial engine would have applied r pages), and never a page further
   * ahead (that would have been asked for with fewer pages applied). */
  g_assert_cmpuint (applied_at_request (provider, 0), ==, 0);
  for (guint r = 1; r < provider->n_requests; r++)
    g_assert_cmpuint (applied_at_request (provider, r), ==, r - 1);

  cursor = stored_cursor (fixture);
  g_assert_cmpuint (cursor_position (cursor), ==, provider->n_customers);
  assert_store_holds (fixture, provider->n_customers, provider->n_customers);
  pull_watch_clear (&watch);
}

/* With page 1 held in the store's worker, page 2 is fetched and taken in, and page 3 is not
 * asked for until page 1 is applied. */
static void
test_pipeline_fetch_during_apply (Fixture       *fixture,
                                  gconstpointer  data)
{
  TestProvider *provider = fixture->test_provider;
  PullWatch watch = { 0, };
  sqlite3 *lock;

  start_pull (fixture, NULL, &watch);
  WAIT_UNTIL (provider->n_requests == 1);

  lock = lock_store (fixture);
  test_provider_answer_page (provider, NULL);

  /* Page 2 is asked for while page 1 is being applied… */
  WAIT_UNTIL (provider->n_requests == 2);
  g_assert_cmpuint (provider->n_applied, ==, 0);
  g_assert_cmpstr (requested_cursor (provider, 1), ==, answered_cursor (provider, 0));

  /* …and taken in, but nothing further is asked for: one page ahead at most. */
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_finished == 2);
  g_assert_cmpuint (provider->n_requests, ==, 2);
  g_assert_cmpuint (provider->n_applied, ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT COUNT(*) FROM customers"), ==, 0);
  g_assert_null (watch.result);

  /* Once page 1 is applied, page 2 goes to the store and page 3 is asked for. */
  unlock_store (lock);
  WAIT_UNTIL (provider->n_requests == 3);
  g_assert_cmpuint (applied_at_request (provider, 2), ==, 1);
  g_assert_cmpstr (requested_cursor (provider, 2), ==, answered_cursor (provider, 1));
  g_assert_cmpuint (provider->max_in_flight, ==, 1);

  test_provider_go_auto (provider, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *cursor = NULL;
    gint64 pages = wait_pull (fixture, &watch, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (pages, ==, count_pages (provider));
    g_assert_cmpuint (provider->n_requests, ==, pages);
    cursor = stored_cursor (fixture);
    g_assert_cmpuint (cursor_position (cursor), ==, provider->n_customers);
  }
  pull_watch_clear (&watch);
  assert_store_holds (fixture, provider->n_customers, provider->n_customers);
}

/* The provider fails on page 3 while page 2 is being applied: page 2 still commits with its
 * cursor, the pull reports the provider's error once it is idle, and the next pull resumes
 * at page 3. */
static void
test_pipeline_provider_error (Fixture       *fixture,
                              gconstpointer  data)
{
  TestProvider *provider = fixture->test_provider;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  sqlite3 *lock;
  gint64 pages;

  start_pull (fixture, NULL, &watch);
  WAIT_UNTIL (provider->n_requests == 1);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_requests == 2);

  /* Page 2 arrives once page 1 is applied, and stays in the store's worker. */
  WAIT_UNTIL (provider->n_applied == 1);
  lock = lock_store (fixture);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_requests == 3);
  g_assert_cmpuint (provider->n_applied, ==, 1);

  test_provider_answer_error (provider,
                              g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                                           "Connection reset while reading page 3"));
  WAIT_UNTIL (provider->n_finished == 3);

  /* The pull waits for page 2's apply: not finished, nothing else asked for. */
  g_assert_null (watch.result);
  g_assert_cmpuint (watch.n_finished, ==, 0);
  g_assert_true (rapport_sync_engine_get_syncing (fixture->engine));
  g_assert_cmpuint (provider->n_requests, ==, 3);

  unlock_store (lock);
  pages = wait_pull (fixture, &watch, &error);
  g_assert_cmpint (pages, ==, -1);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "Connection reset while reading page 3");
  g_assert_error (watch.finished_error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_cmpuint (watch.n_progress, ==, 2);
  g_assert_cmpuint (provider->n_requests, ==, 3);
  g_clear_error (&error);
  pull_watch_clear (&watch);

  /* Page 2 is stored with its cursor; page 3 is not. */
  cursor = stored_cursor (fixture);
  g_assert_cmpstr (cursor, ==, answered_cursor (provider, 1));
  assert_store_holds (fixture, provider->n_customers, cursor_position (cursor));

  resume_to_the_end (fixture);
}

/* The store rejects page 2 while page 3 waits, fetched ahead: page 3 is dropped, nothing
 * more is asked for, and the store's error is reported once. */
static void
test_pipeline_store_error_drops_prefetched (Fixture       *fixture,
                                            gconstpointer  data)
{
  TestProvider *provider = fixture->test_provider;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  sqlite3 *lock;
  gint64 pages;

  start_pull (fixture, NULL, &watch);
  WAIT_UNTIL (provider->n_requests == 1);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_requests == 2);
  WAIT_UNTIL (provider->n_applied == 1);

  /* The bad page 2 waits in the store's worker while page 3 arrives. */
  lock = lock_store (fixture);
  test_provider_answer_page (provider,
                             build_page_with_dangling_message (provider,
                                                               requested_cursor (provider, 1)));
  WAIT_UNTIL (provider->n_requests == 3);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_finished == 3);
  g_assert_cmpuint (provider->n_requests, ==, 3);
  g_assert_null (watch.result);

  unlock_store (lock);
  pages = wait_pull (fixture, &watch, &error);
  g_assert_cmpint (pages, ==, -1);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no-such-ticket"));
  g_assert_error (watch.finished_error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_assert_cmpstr (watch.finished_error->message, ==, error->message);
  g_assert_cmpuint (watch.n_progress, ==, 1);
  g_assert_cmpuint (provider->n_requests, ==, 3);
  g_clear_error (&error);
  pull_watch_clear (&watch);

  /* Only page 1: nothing of page 2 (rolled back) nor of page 3 (dropped). */
  cursor = stored_cursor (fixture);
  g_assert_cmpstr (cursor, ==, answered_cursor (provider, 0));
  assert_store_holds (fixture, provider->n_customers, cursor_position (cursor));

  resume_to_the_end (fixture);
}

/* The store rejects page 2 while page 3 is being fetched: the fetch is cancelled, the pull
 * waits for it, and a page delivered anyway is dropped. */
static void
test_pipeline_store_error_cancels_fetch (Fixture       *fixture,
                                         gconstpointer  data)
{
  TestProvider *provider = fixture->test_provider;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  GCancellable *fetch_cancellable;
  gint64 pages;

  start_pull (fixture, NULL, &watch);
  WAIT_UNTIL (provider->n_requests == 1);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_requests == 2);
  test_provider_answer_page (provider,
                             build_page_with_dangling_message (provider,
                                                               requested_cursor (provider, 1)));

  /* Page 3 is asked for when page 2 goes to the store; the store's error cancels it. */
  WAIT_UNTIL (provider->n_requests == 3);
  fetch_cancellable = g_task_get_cancellable (test_provider_peek (provider)->task);
  g_assert_nonnull (fetch_cancellable);
  WAIT_UNTIL (g_cancellable_is_cancelled (fetch_cancellable));
  g_assert_cmpuint (provider->n_applied, ==, 1);

  /* Not finished while the provider's call runs. */
  g_assert_null (watch.result);
  g_assert_cmpuint (watch.n_finished, ==, 0);
  g_assert_true (rapport_sync_engine_get_syncing (fixture->engine));

  /* A provider may still deliver after the cancel: that page is dropped. */
  test_provider_answer_page (provider, NULL);
  pages = wait_pull (fixture, &watch, &error);
  g_assert_cmpint (pages, ==, -1);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_assert_error (watch.finished_error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_assert_cmpuint (watch.n_progress, ==, 1);
  g_assert_cmpuint (provider->n_requests, ==, 3);
  g_clear_error (&error);
  pull_watch_clear (&watch);

  cursor = stored_cursor (fixture);
  g_assert_cmpstr (cursor, ==, answered_cursor (provider, 0));
  assert_store_holds (fixture, provider->n_customers, cursor_position (cursor));

  resume_to_the_end (fixture);
}

/* The caller cancels while page 3 is being fetched and page 2 was just applied: the
 * provider's call sees the cancellation at once, the task completes once, only when that
 * call has returned, and the page it delivered anyway is dropped. */
static void
test_pipeline_cancel_while_fetching (Fixture       *fixture,
                                     gconstpointer  data)
{
  TestProvider *provider = fixture->test_provider;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  GCancellable *fetch_cancellable;
  gint64 pages;

  start_pull (fixture, cancellable, &watch);
  WAIT_UNTIL (provider->n_requests == 1);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_requests == 2);
  test_provider_answer_page (provider, NULL);

  /* Page 3 is asked for when page 2 goes to the store, and stays unanswered. */
  WAIT_UNTIL (provider->n_requests == 3);
  WAIT_UNTIL (provider->n_applied == 2);

  /* The caller's cancellable reaches the provider's call at once (through the engine's
   * own cancellable)… */
  g_cancellable_cancel (cancellable);
  fetch_cancellable = g_task_get_cancellable (test_provider_peek (provider)->task);
  g_assert_nonnull (fetch_cancellable);
  g_assert_true (fetch_cancellable != cancellable);
  g_assert_true (g_cancellable_is_cancelled (fetch_cancellable));

  /* …but the pull completes only once that call has returned. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (watch.result);
  g_assert_cmpuint (watch.n_finished, ==, 0);
  g_assert_true (rapport_sync_engine_get_syncing (fixture->engine));

  /* A provider may deliver after the cancel: that page is not applied. */
  test_provider_answer_page (provider, NULL);
  pages = wait_pull (fixture, &watch, &error);  /* checks one completion, one "sync-finished" */
  g_assert_cmpint (pages, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (watch.finished_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (watch.n_progress, ==, 2);
  g_assert_cmpuint (provider->n_requests, ==, 3);
  g_clear_error (&error);
  pull_watch_clear (&watch);

  cursor = stored_cursor (fixture);
  g_assert_cmpstr (cursor, ==, answered_cursor (provider, 1));
  assert_store_holds (fixture, provider->n_customers, cursor_position (cursor));

  resume_to_the_end (fixture);
}

/* The caller cancels while page 2 is being applied and page 3 waits, fetched ahead: page 3
 * is dropped; page 2's apply is interrupted or had committed already, and either way the
 * store holds exactly the pages "progress" reported, with the last one's cursor. */
static void
test_pipeline_cancel_while_applying (Fixture       *fixture,
                                     gconstpointer  data)
{
  TestProvider *provider = fixture->test_provider;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  sqlite3 *lock;
  guint applied;
  gint64 pages;

  start_pull (fixture, cancellable, &watch);
  WAIT_UNTIL (provider->n_requests == 1);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_requests == 2);
  WAIT_UNTIL (provider->n_applied == 1);

  lock = lock_store (fixture);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_requests == 3);
  test_provider_answer_page (provider, NULL);
  WAIT_UNTIL (provider->n_finished == 3);
  g_assert_null (watch.result);

  g_cancellable_cancel (cancellable);
  unlock_store (lock);
  pages = wait_pull (fixture, &watch, &error);  /* checks one completion, one "sync-finished" */
  g_assert_cmpint (pages, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (watch.finished_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (provider->n_requests, ==, 3);

  applied = watch.n_progress;
  g_assert_cmpuint (applied, >=, 1);
  g_assert_cmpuint (applied, <=, 2);
  cursor = stored_cursor (fixture);
  g_assert_cmpstr (cursor, ==, answered_cursor (provider, applied - 1));
  assert_store_holds (fixture, provider->n_customers, cursor_position (cursor));
  g_clear_error (&error);
  pull_watch_clear (&watch);

  resume_to_the_end (fixture);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rapport/sync-engine/pipeline/order", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up_test_provider, test_pipeline_order, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/pipeline/order-slow-provider", Fixture, GUINT_TO_POINTER (5),
              fixture_set_up_test_provider, test_pipeline_order, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/pipeline/fetch-during-apply", Fixture, NULL,
              fixture_set_up_test_provider, test_pipeline_fetch_during_apply, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/pipeline/provider-error", Fixture, NULL,
              fixture_set_up_test_provider, test_pipeline_provider_error, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/pipeline/store-error-drops-prefetched", Fixture, NULL,
              fixture_set_up_test_provider, test_pipeline_store_error_drops_prefetched,
              fixture_tear_down);
  g_test_add ("/rapport/sync-engine/pipeline/store-error-cancels-fetch", Fixture, NULL,
              fixture_set_up_test_provider, test_pipeline_store_error_cancels_fetch,
              fixture_tear_down);
  g_test_add ("/rapport/sync-engine/pipeline/cancel-while-fetching", Fixture, NULL,
              fixture_set_up_test_provider, test_pipeline_cancel_while_fetching,
              fixture_tear_down);
  g_test_add ("/rapport/sync-engine/pipeline/cancel-while-applying", Fixture, NULL,
              fixture_set_up_test_provider, test_pipeline_cancel_while_applying,
              fixture_tear_down);

  return g_test_run ();
}
