/* sync-engine-test-fixture.c
 *
 * What the sync engine's tests share: a provider the test drives, a fresh store with the demo
 * account and an engine pulling into it, the helpers that run pulls and watch their signals,
 * and the checks of what the store holds afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-sync-engine"

#include "config.h"

#include "sync-engine-test-fixture.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-demo-provider.h"

/* ---------------------------------------------------------------------------------- */
/* The provider under the test's control (what it does: sync-engine-test-fixture.h)     */

static void test_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestProvider, test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      test_provider_iface_init))

static void
request_free (Request *request)
{
  g_clear_object (&request->task);
  g_free (request->cursor);
  g_free (request);
}

RapportSyncPage *
test_provider_build_page (TestProvider *self,
                          const char   *cursor)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (self->seed, self->n_customers, self->anchor);
  guint position = cursor != NULL ? (guint) g_ascii_strtoull (cursor, NULL, 10) : 0;
  RapportSyncPage *page;

  g_assert_cmpuint (position, <=, self->n_customers);
  rapport_demo_seek (demo, position);
  page = rapport_demo_next_page (demo, self->page_size);
  if (page == NULL)
    {
      page = rapport_sync_page_new ();
      page->resource = g_strdup ("demo");
      page->next_cursor = g_strdup_printf ("%u", position);
      page->has_more = FALSE;
    }
  return page;
}

/* Answers @request with @page (transfer full) or @error (transfer full). */
static void
request_answer (TestProvider    *self,
                Request         *request,
                RapportSyncPage *page,
                GError          *error)
{
  g_assert_true ((page == NULL) != (error == NULL));

  if (page != NULL)
    {
      g_ptr_array_add (self->page_cursors, g_strdup (page->next_cursor));
      g_task_return_pointer (request->task, page, (GDestroyNotify) rapport_sync_page_free);
    }
  else
    g_task_return_error (request->task, error);
  request_free (request);
}

/* A provider answering by itself honours cancellation, as a real one does. */
static gboolean
on_auto_answer_cb (gpointer user_data)
{
  Request *request = user_data;
  TestProvider *self = g_task_get_source_object (request->task);
  GCancellable *cancellable = g_task_get_cancellable (request->task);

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    request_answer (self, request, NULL,
                    g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Request cancelled"));
  else
    request_answer (self, request, test_provider_build_page (self, request->cursor), NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_auto_answer (TestProvider *self,
                      Request      *request)
{
  if (self->delay_ms == 0)
    g_idle_add (on_auto_answer_cb, request);
  else
    g_timeout_add (self->delay_ms, on_auto_answer_cb, request);
}

static void
test_provider_pull_changes_async (RapportProvider     *provider,
                                  const char          *cursor,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  TestProvider *self = TEST_PROVIDER (provider);
  Request *request = g_new0 (Request, 1);

  request->task = g_task_new (self, cancellable, callback, user_data);
  /* The test decides whether a cancelled request still delivers its page. */
  g_task_set_check_cancellable (request->task, FALSE);
  request->cursor = g_strdup (cursor);

  self->n_requests++;
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  g_ptr_array_add (self->cursors, g_strdup (cursor != NULL ? cursor : ""));
  g_array_append_val (self->applied_at_request, self->n_applied);

  if (self->manual)
    g_queue_push_tail (&self->pending, request);
  else
    schedule_auto_answer (self, request);
}

static RapportSyncPage *
test_provider_pull_changes_finish (RapportProvider  *provider,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  TestProvider *self = TEST_PROVIDER (provider);

  g_assert_true (g_task_is_valid (result, provider));
  g_assert_cmpuint (self->in_flight, >, 0);
  self->in_flight--;
  self->n_finished++;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
test_provider_get_kind (RapportProvider *provider)
{
  return "demo";
}

static void
test_provider_iface_init (RapportProviderInterface *iface)
{
  /* The engine uses only these two and get_kind; the rest stays unimplemented on purpose. */
  iface->get_kind = test_provider_get_kind;
  iface->pull_changes_async = test_provider_pull_changes_async;
  iface->pull_changes_finish = test_provider_pull_changes_finish;
}

static void
test_provider_finalize (GObject *object)
{
  TestProvider *self = TEST_PROVIDER (object);

  /* A pending request holds a reference on the provider: there can be none left here. */
  g_assert_true (g_queue_is_empty (&self->pending));
  g_ptr_array_unref (self->cursors);
  g_array_unref (self->applied_at_request);
  g_ptr_array_unref (self->page_cursors);

  G_OBJECT_CLASS (test_provider_parent_class)->finalize (object);
}

static void
test_provider_class_init (TestProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_provider_finalize;
}

static void
test_provider_init (TestProvider *self)
{
  g_queue_init (&self->pending);
  self->cursors = g_ptr_array_new_with_free_func (g_free);
  self->applied_at_request = g_array_new (FALSE, FALSE, sizeof (guint));
  self->page_cursors = g_ptr_array_new_with_free_func (g_free);
}

TestProvider *
test_provider_new (guint32 seed,
                   guint   n_customers,
                   gint64  anchor,
                   guint   page_size)
{
  TestProvider *self = g_object_new (TEST_TYPE_PROVIDER, NULL);

  self->seed = seed;
  self->n_customers = n_customers;
  self->anchor = anchor;
  self->page_size = page_size;
  self->manual = TRUE;
  return self;
}

/* The oldest request not answered yet (manual mode). */
Request *
test_provider_peek (TestProvider *self)
{
  g_assert_true (self->manual);
  g_assert_false (g_queue_is_empty (&self->pending));
  return g_queue_peek_head (&self->pending);
}

/* Answers the oldest pending request with @page, or its own page when @page is NULL. */
void
test_provider_answer_page (TestProvider    *self,
                           RapportSyncPage *page)
{
  Request *request = test_provider_peek (self);

  g_queue_pop_head (&self->pending);
  if (page == NULL)
    page = test_provider_build_page (self, request->cursor);
  request_answer (self, request, page, NULL);
}

void
test_provider_answer_error (TestProvider *self,
                            GError       *error)
{
  Request *request = test_provider_peek (self);

  g_queue_pop_head (&self->pending);
  request_answer (self, request, NULL, error);
}

/* From now on answer by itself, the pending requests included. */
void
test_provider_go_auto (TestProvider *self,
                       guint         delay_ms)
{
  Request *request;

  self->manual = FALSE;
  self->delay_ms = delay_ms;
  while ((request = g_queue_pop_head (&self->pending)) != NULL)
    schedule_auto_answer (self, request);
}

/* ---------------------------------------------------------------------------------- */
/* The fixture                                                                          */

gboolean
on_heartbeat_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
on_store_changed_cb (RapportStore *store,
                     guint64       account_id,
                     Fixture      *fixture)
{
  fixture->n_changed++;
}

static void
on_test_provider_progress_cb (RapportSyncEngine *engine,
                              guint64            done,
                              guint64            total,
                              TestProvider      *provider)
{
  provider->n_applied++;
}

static void
fixture_set_up_with (Fixture  *fixture,
                     guint     n_customers,
                     guint     page_size,
                     gboolean  test_provider)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportProvider) from_account = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "rapport", "demo.sqlite", NULL);
  /* Like the app: "now" is the anchor of a new workspace. */
  fixture->anchor = g_get_real_time () / G_USEC_PER_SEC;

  fixture->store = rapport_store_new (fixture->path);
  g_assert_true (rapport_store_open (fixture->store, NULL, &error));
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_store_changed_cb), fixture);

  fixture->account = rapport_demo_provider_new_account (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                        fixture->anchor);
  g_assert_true (rapport_store_add_account (fixture->store, fixture->account, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_account_get_id (fixture->account), >, 0);

  /* The provider is made from the stored account, as after a restart. */
  from_account = rapport_demo_provider_new_for_account (fixture->account, &error);
  g_assert_no_error (error);
  {
    guint seed = 0, n = 0;
    gint64 anchor = 0;

    g_object_get (from_account, "seed", &seed, "n-customers", &n, "anchor-time", &anchor, NULL);
    g_assert_cmpuint (seed, ==, RAPPORT_DEMO_DEFAULT_SEED);
    g_assert_cmpuint (n, ==, n_customers);
    g_assert_cmpint (anchor, ==, fixture->anchor);
  }
  /* The same dataset, in smaller pages so every test sees several. */
  if (test_provider)
    {
      fixture->test_provider = test_provider_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                  fixture->anchor, page_size);
      fixture->provider = RAPPORT_PROVIDER (fixture->test_provider);
    }
  else
    fixture->provider = g_object_new (RAPPORT_TYPE_DEMO_PROVIDER,
                                      "seed", RAPPORT_DEMO_DEFAULT_SEED,
                                      "n-customers", n_customers,
                                      "anchor-time", fixture->anchor,
                                      "page-size", page_size,
                                      NULL);
  fixture->engine = rapport_sync_engine_new (fixture->store, fixture->provider,
                                             rapport_account_get_id (fixture->account));
  if (test_provider)
    g_signal_connect (fixture->engine, "progress", G_CALLBACK (on_test_provider_progress_cb),
                      fixture->test_provider);

  /* Count only the changes the pulls make. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  fixture->n_changed = 0;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, GPOINTER_TO_UINT (data), 400, FALSE);
}

/* 60 customers (about 600 messages) from a provider the test drives, in pages of about 60
 * messages: ten pages or so. */
void
fixture_set_up_test_provider (Fixture       *fixture,
                              gconstpointer  data)
{
  fixture_set_up_with (fixture, 60, 60, TRUE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_assert_cmpint (g_remove (path), ==, 0);
}

static gboolean
weak_ref_is_empty (GWeakRef *ref)
{
  GObject *object = g_weak_ref_get (ref);

  if (object == NULL)
    return TRUE;
  g_object_unref (object);
  return FALSE;
}

/* Drops the test's reference to @object and waits until it is finalized. The store's and
 * the demo provider's calls are GTasks run in worker threads, and a worker drops its
 * reference to the task (which holds the task's source object) just after queuing the
 * task's callback here, so the object may outlive the last callback by a moment. */
static void
assert_finalized_soon (gpointer object)
{
  GWeakRef ref;

  g_weak_ref_init (&ref, object);
  g_object_unref (object);
  WAIT_UNTIL (weak_ref_is_empty (&ref));
  g_weak_ref_clear (&ref);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->engine);
  assert_finalized_soon (g_steal_pointer (&fixture->provider));
  g_clear_object (&fixture->account);
  rapport_store_close (fixture->store);
  assert_finalized_soon (g_steal_pointer (&fixture->store));
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* ---------------------------------------------------------------------------------- */
/* Pulls                                                                                */

void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
on_watch_result_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PullWatch *watch = user_data;

  /* A GTask completes once: a second call would find the first result still here. */
  g_assert_null (watch->result);
  watch->result = g_object_ref (result);
  watch->n_results++;
}

static void
on_progress_cb (RapportSyncEngine *engine,
                guint64            done,
                guint64            total,
                PullWatch         *watch)
{
  g_assert_cmpuint (done, >, watch->last_done);
  g_assert_true (total == 0 || total >= done);
  watch->last_done = done;
  watch->last_total = total;
  watch->n_progress++;
  g_assert_true (rapport_sync_engine_get_syncing (engine));

  if (watch->cancel_at_progress != NULL && watch->n_progress == watch->cancel_after)
    g_cancellable_cancel (watch->cancel_at_progress);
}

static void
on_sync_finished_cb (RapportSyncEngine *engine,
                     const GError      *error,
                     PullWatch         *watch)
{
  watch->n_finished++;
  g_clear_error (&watch->finished_error);
  if (error != NULL)
    watch->finished_error = g_error_copy (error);
  g_assert_false (rapport_sync_engine_get_syncing (engine));
}

void
start_pull (Fixture      *fixture,
            GCancellable *cancellable,
            PullWatch    *watch)
{
  watch->progress_id = g_signal_connect (fixture->engine, "progress",
                                         G_CALLBACK (on_progress_cb), watch);
  watch->finished_id = g_signal_connect (fixture->engine, "sync-finished",
                                         G_CALLBACK (on_sync_finished_cb), watch);

  rapport_sync_engine_pull_async (fixture->engine, cancellable, on_watch_result_cb, watch);
  g_assert_true (rapport_sync_engine_get_syncing (fixture->engine));
}

/* Waits for the pull start_pull() began; returns the pages applied (or -1 and @error). */
gint64
wait_pull (Fixture    *fixture,
           PullWatch  *watch,
           GError    **error)
{
  gint64 pages;

  WAIT_UNTIL (watch->result != NULL);

  pages = rapport_sync_engine_pull_finish (fixture->engine, watch->result, error);
  g_clear_object (&watch->result);
  /* let the store's last "changed" arrive (and a second completion, if there were one) */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (fixture->engine, watch->progress_id);
  g_signal_handler_disconnect (fixture->engine, watch->finished_id);

  g_assert_false (rapport_sync_engine_get_syncing (fixture->engine));
  g_assert_cmpuint (watch->n_results, ==, 1);
  g_assert_cmpuint (watch->n_finished, ==, 1);
  return pages;
}

/* Runs one pull to its end; returns the pages applied (or -1 and @error). */
gint64
run_pull (Fixture       *fixture,
          GCancellable  *cancellable,
          PullWatch     *watch,
          GError       **error)
{
  start_pull (fixture, cancellable, watch);
  return wait_pull (fixture, watch, error);
}

void
pull_watch_clear (PullWatch *watch)
{
  g_clear_error (&watch->finished_error);
  memset (watch, 0, sizeof *watch);
}

/* ---------------------------------------------------------------------------------- */
/* What the store holds                                                                 */

gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  g_autofree char *uri = g_strdup_printf ("file:%s?mode=ro", fixture->path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

typedef struct
{
  guint64 open;
  guint64 my_open;
  guint64 unassigned;
  guint64 recently_solved;
} ViewTotals;

/* What the views should count for customers [0, to), from the generator itself.
 * "Recently solved" is relative to the newest ticket update of the account (the store's
 * rule, so an anchored demo workspace keeps its recent history). */
static void
expected_views (Fixture    *fixture,
                guint       n_customers,
                guint       to,
                ViewTotals *views)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                  fixture->anchor);
  g_autoptr(GArray) solved = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 newest = 0;

  memset (views, 0, sizeof *views);
  while (rapport_demo_get_position (demo) < to)
    {
      g_autoptr(RapportSyncPage) page = rapport_demo_next_page (demo, 1);

      for (guint i = 0; i < page->tickets->len; i++)
        {
          RapportTicket *ticket = g_ptr_array_index (page->tickets, i);
          const char *assignee = rapport_ticket_get_assignee_remote_id (ticket);
          gint64 solved_at = rapport_ticket_get_solved_at (ticket);

          newest = MAX (newest, rapport_ticket_get_updated_at (ticket));
          if (rapport_ticket_status_is_open (rapport_ticket_get_status (ticket)))
            {
              views->open++;
              if (assignee == NULL)
                views->unassigned++;
              else if (g_str_equal (assignee, RAPPORT_DEMO_AGENT_REMOTE_ID))
                views->my_open++;
            }
          else
            g_array_append_val (solved, solved_at);
        }
    }

  for (guint i = 0; i < solved->len; i++)
    views->recently_solved += g_array_index (solved, gint64, i) >= newest - 30 * DAY;
  g_assert_cmpuint (views->recently_solved, >, 0);
}

/* The store holds exactly customers [0, to) of the dataset. */
void
assert_store_holds (Fixture *fixture,
                    guint    n_customers,
                    guint    to)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                  fixture->anchor);
  g_autoptr(GError) error = NULL;
  RapportDemoTotals totals;
  ViewTotals views;
  guint counts[RAPPORT_N_VIEWS] = { 0, };

  rapport_demo_count (demo, 0, to, &totals);
  g_assert_cmpint (count_rows (fixture, "SELECT COUNT(*) FROM customers"), ==, totals.customers);
  g_assert_cmpint (count_rows (fixture, "SELECT COUNT(*) FROM tickets"), ==, totals.tickets);
  g_assert_cmpint (count_rows (fixture, "SELECT COUNT(*) FROM messages"), ==, totals.messages);

  expected_views (fixture, n_customers, to, &views);
  g_assert_cmpuint (views.open, ==, totals.open_tickets);
  g_assert_true (rapport_store_count_views (fixture->store,
                                            rapport_account_get_id (fixture->account),
                                            counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[RAPPORT_VIEW_ALL_OPEN], ==, views.open);
  g_assert_cmpuint (counts[RAPPORT_VIEW_MY_OPEN], ==, views.my_open);
  g_assert_cmpuint (counts[RAPPORT_VIEW_UNASSIGNED], ==, views.unassigned);
  g_assert_cmpuint (counts[RAPPORT_VIEW_RECENTLY_SOLVED], ==, views.recently_solved);
}

char *
stored_cursor (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *cursor;

  cursor = rapport_store_get_cursor (fixture->store, rapport_account_get_id (fixture->account),
                                     "demo", NULL, &error);
  g_assert_no_error (error);
  return cursor;
}
