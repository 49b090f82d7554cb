/* test-sync-engine.c — pulling the demo helpdesk and a test-driven provider into a real store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-sync-engine"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-demo.h"
#include "rapport-demo-provider.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"

#define HOUR G_GINT64_CONSTANT (3600)
#define DAY  G_GINT64_CONSTANT (86400)

/* How long a test waits for a condition before it fails. */
#define WAIT_SECONDS 30

/* ---------------------------------------------------------------------------------- */
/* A provider under the test's control: it serves the demo dataset (cursor = next customer
 * index, as the demo provider), records every request, and answers either by itself (at the
 * next idle or after a delay) or only when the test tells it to, with the page, a page the
 * test changed, or an error. */

#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GObject)

typedef struct
{
  GTask *task;      /* owned */
  char  *cursor;
} Request;

struct _TestProvider
{
  GObject    parent_instance;

  guint32    seed;
  guint      n_customers;
  gint64     anchor;
  guint      page_size;

  gboolean   manual;             /* answers wait for test_provider_answer_page/error() */
  guint      delay_ms;           /* otherwise: answer after this long (0: at the next idle) */
  GQueue     pending;            /* (element-type Request) manual requests not answered yet */

  guint      n_requests;
  guint      n_finished;         /* answers the engine has taken (pull_changes_finish) */
  guint      in_flight;          /* requested, not finished yet */
  guint      max_in_flight;
  guint      n_applied;          /* "progress" emissions, counted by the test's handler */
  GPtrArray *cursors;            /* (element-type utf8) each request's cursor, "" for NULL */
  GArray    *applied_at_request; /* (element-type guint) n_applied when each request came */
  GPtrArray *page_cursors;       /* (element-type utf8) next_cursor of each page answered */
};

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

static RapportSyncPage *
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

static TestProvider *
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
static Request *
test_provider_peek (TestProvider *self)
{
  g_assert_true (self->manual);
  g_assert_false (g_queue_is_empty (&self->pending));
  return g_queue_peek_head (&self->pending);
}

/* Answers the oldest pending request with @page, or its own page when @page is NULL. */
static void
test_provider_answer_page (TestProvider    *self,
                           RapportSyncPage *page)
{
  Request *request = test_provider_peek (self);

  g_queue_pop_head (&self->pending);
  if (page == NULL)
    page = test_provider_build_page (self, request->cursor);
  request_answer (self, request, page, NULL);
}

static void
test_provider_answer_error (TestProvider *self,
                            GError       *error)
{
  Request *request = test_provider_peek (self);

  g_queue_pop_head (&self->pending);
  request_answer (self, request, NULL, error);
}

/* From now on answer by itself, the pending requests included. */
static void
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

static gboolean
on_heartbeat_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @cond holds; fails the test after WAIT_SECONDS. The
 * heartbeat only wakes the loop up so the deadline is checked; it synchronizes nothing. */
#define WAIT_UNTIL(cond)                                                                  \
  G_STMT_START {                                                                          \
    gint64 wait_deadline_ = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;      \
    guint wait_heartbeat_ = g_timeout_add (50, on_heartbeat_cb, NULL);                    \
    while (!(cond))                                                                       \
      {                                                                                   \
        if (g_get_monotonic_time () > wait_deadline_)                                     \
          g_error ("Timed out after %d s waiting for: %s", WAIT_SECONDS, #cond);          \
        g_main_context_iteration (NULL, TRUE);                                            \
      }                                                                                   \
    g_source_remove (wait_heartbeat_);                                                    \
  } G_STMT_END

typedef struct
{
  char              *dir;
  char              *path;
  gint64             anchor;
  RapportStore      *store;
  RapportAccount    *account;
  RapportProvider   *provider;
  RapportSyncEngine *engine;
  TestProvider      *test_provider; /* borrowed: fixture->provider when the test drives it */
  guint              n_changed;
} Fixture;

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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, GPOINTER_TO_UINT (data), 400, FALSE);
}

/* 60 customers (about 600 messages) from a provider the test drives, in pages of about 60
 * messages: ten pages or so. */
static void
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

static void
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

typedef struct
{
  GAsyncResult *result;
  guint         n_results;
  gulong        progress_id;
  gulong        finished_id;
  guint64       last_done;
  guint64       last_total;
  guint         n_progress;
  guint         n_finished;
  GError       *finished_error;
  GCancellable *cancel_at_progress;
  guint         cancel_after;
} PullWatch;

static void
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

static void
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
static gint64
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
static gint64
run_pull (Fixture       *fixture,
          GCancellable  *cancellable,
          PullWatch     *watch,
          GError       **error)
{
  start_pull (fixture, cancellable, watch);
  return wait_pull (fixture, watch, error);
}

static void
pull_watch_clear (PullWatch *watch)
{
  g_clear_error (&watch->finished_error);
  memset (watch, 0, sizeof *watch);
}

/* ---------------------------------------------------------------------------------- */

static gint64
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
static void
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

static char *
stored_cursor (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *cursor;

  cursor = rapport_store_get_cursor (fixture->store, rapport_account_get_id (fixture->account),
                                     "demo", NULL, &error);
  g_assert_no_error (error);
  return cursor;
}

/* ---------------------------------------------------------------------------------- */

static void
test_new_destroy (void)
{
  g_autoptr(RapportStore) store = rapport_store_new (":memory:");
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (1, 5, 1);
  RapportSyncEngine *engine = rapport_sync_engine_new (store, provider, 3);
  g_autoptr(RapportStore) got_store = NULL;
  g_autoptr(RapportProvider) got_provider = NULL;
  gint64 account_id = 0;
  gboolean syncing = TRUE;

  g_object_get (engine,
                "store", &got_store,
                "provider", &got_provider,
                "account-id", &account_id,
                "syncing", &syncing,
                NULL);
  g_assert_true (got_store == store);
  g_assert_true (got_provider == provider);
  g_assert_cmpint (account_id, ==, 3);
  g_assert_false (syncing);
  g_assert_false (rapport_sync_engine_get_syncing (engine));

  g_assert_finalize_object (engine);
}

static void
test_full_pull (Fixture       *fixture,
                gconstpointer  data)
{
  guint n_customers = GPOINTER_TO_UINT (data);
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                  fixture->anchor);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  gint64 pages;

  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_no_error (watch.finished_error);
  g_assert_cmpint (pages, >, 1);
  g_assert_cmpuint (watch.n_progress, ==, pages);
  g_assert_cmpuint (fixture->n_changed, ==, pages);

  /* Progress ends at the total, in customer records. */
  g_assert_cmpuint (watch.last_done, ==, rapport_demo_count_remote_customers (demo, 0,
                                                                             n_customers));
  g_assert_cmpuint (watch.last_total, ==, watch.last_done);

  cursor = stored_cursor (fixture);
  g_assert_cmpuint (g_ascii_strtoull (cursor, NULL, 10), ==, n_customers);

  assert_store_holds (fixture, n_customers, n_customers);
  pull_watch_clear (&watch);
}

static RapportTicket *
load_ticket_by_remote_id (Fixture    *fixture,
                          RapportView view,
                          const char *remote_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  ids = rapport_store_list_ticket_ids (fixture->store, rapport_account_get_id (fixture->account),
                                       view, NULL, &error);
  g_assert_no_error (error);
  tickets = rapport_store_load_tickets (fixture->store, (const gint64 *) (gpointer) ids->data,
                                        ids->len, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (g_ptr_array_index (tickets, i)), remote_id) == 0)
      return g_object_ref (g_ptr_array_index (tickets, i));
  return NULL;
}

static void
test_story_customer (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct
  {
    const char        *ticket;
    RapportChannel     channel;
    RapportDirection   direction;
    RapportVisibility  visibility;
    const char        *summary_start;
  } expected[] = {
    { "1005", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Please cancel my subscription" },
    { "1004", RAPPORT_CHANNEL_SOCIAL, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hi Chloé, the carrier has your parcel" },
    { "1004", RAPPORT_CHANNEL_SOCIAL, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL,
      "Carrier says the parcel is stuck" },
    { "1004", RAPPORT_CHANNEL_SOCIAL, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "@Northwind the sourdough starter kit" },
    { "1003", RAPPORT_CHANNEL_CHAT, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "It works now, thanks." },
    { "1003", RAPPORT_CHANNEL_CHAT, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Sorry about that, Chloé!" },
    { "1003", RAPPORT_CHANNEL_CHAT, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hi, I reset my password" },
    { "1002", RAPPORT_CHANNEL_PHONE, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hi Chloé, I have refunded the duplicate charge" },
    { "1002", RAPPORT_CHANNEL_PHONE, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL,
      "Checked the payment log" },
    { "1002", RAPPORT_CHANNEL_PHONE, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Phone call: Chloé sees two charges" },
    { "1001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Perfect, thank you!" },
    { "1001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hi Chloé, here is the corrected invoice" },
    { "1001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hello, could you send me an invoice" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) newest = NULL;
  g_autoptr(RapportTicket) chat_ticket = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GArray) my_open = NULL;
  PullWatch watch = { 0, };
  gboolean channels[5] = { FALSE, };
  guint n_channels = 0;
  GListModel *identities;
  gint64 customer_id;

  run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  pull_watch_clear (&watch);

  /* 1005 (email record) and 1004 (chat record) belong to the same customer. */
  newest = load_ticket_by_remote_id (fixture, RAPPORT_VIEW_MY_OPEN, "1005");
  chat_ticket = load_ticket_by_remote_id (fixture, RAPPORT_VIEW_MY_OPEN, "1004");
  g_assert_nonnull (newest);
  g_assert_nonnull (chat_ticket);
  customer_id = rapport_ticket_get_customer_id (newest);
  g_assert_cmpint (customer_id, >, 0);
  g_assert_cmpint (rapport_ticket_get_customer_id (chat_ticket), ==, customer_id);
  g_assert_cmpstr (rapport_ticket_get_customer_name (newest), ==, "Chloé Silva");

  /* 1005 heads "My open". */
  my_open = rapport_store_list_ticket_ids (fixture->store,
                                           rapport_account_get_id (fixture->account),
                                           RAPPORT_VIEW_MY_OPEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (my_open->len, >, 1);
  g_assert_cmpint (g_array_index (my_open, gint64, 0), ==, rapport_ticket_get_id (newest));

  customer = rapport_store_load_customer (fixture->store, customer_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_customer_get_display_name (customer), ==, "Chloé Silva");
  g_assert_cmpuint (rapport_customer_get_ticket_count (customer), ==, 5);
  g_assert_cmpuint (rapport_customer_get_open_ticket_count (customer), ==, 2);
  g_assert_cmpint (rapport_customer_get_last_contact (customer), ==, fixture->anchor - 2 * HOUR);
  g_assert_cmpstr (rapport_customer_get_last_contact_subject (customer), ==,
                   "Cancel my subscription before renewal");

  identities = rapport_customer_get_identities (customer);
  for (guint i = 0; i < g_list_model_get_n_items (identities); i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);

      channels[rapport_identity_get_channel (identity)] = TRUE;
    }
  g_assert_true (channels[RAPPORT_CHANNEL_EMAIL]);
  g_assert_true (channels[RAPPORT_CHANNEL_PHONE]);
  g_assert_true (channels[RAPPORT_CHANNEL_CHAT]);
  g_assert_true (channels[RAPPORT_CHANNEL_SOCIAL]);

  history = rapport_store_customer_history (fixture->store, customer_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, G_N_ELEMENTS (expected));
  memset (channels, 0, sizeof channels);
  for (guint i = 0; i < history->len; i++)
    {
      RapportHistoryEntry *entry = g_ptr_array_index (history, i);

      g_assert_cmpstr (rapport_history_entry_get_ticket_remote_id (entry), ==, expected[i].ticket);
      g_assert_cmpint (rapport_history_entry_get_channel (entry), ==, expected[i].channel);
      g_assert_cmpint (rapport_history_entry_get_direction (entry), ==, expected[i].direction);
      g_assert_cmpint (rapport_history_entry_get_visibility (entry), ==, expected[i].visibility);
      if (!g_str_has_prefix (rapport_history_entry_get_summary (entry), expected[i].summary_start))
        g_error ("history entry %u: “%s” does not start with “%s”", i,
                 rapport_history_entry_get_summary (entry), expected[i].summary_start);
      if (!channels[expected[i].channel])
        n_channels++;
      channels[expected[i].channel] = TRUE;
    }
  g_assert_cmpuint (n_channels, ==, 4);
  g_assert_cmpstr (rapport_history_entry_get_ticket_subject (g_ptr_array_index (history, 0)), ==,
                   "Cancel my subscription before renewal");

  /* "sourdough starter" is only in ticket 1004 */
  {
    g_autoptr(GPtrArray) hits = rapport_store_search (fixture->store,
                                                      rapport_account_get_id (fixture->account),
                                                      "sourdough starter", 50, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >=, 1);
    for (guint i = 0; i < hits->len; i++)
      g_assert_cmpint (rapport_search_hit_get_ticket_id (g_ptr_array_index (hits, i)), ==,
                       rapport_ticket_get_id (chat_ticket));
  }
}

static void
test_idempotent (Fixture       *fixture,
                 gconstpointer  data)
{
  guint n_customers = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  PullWatch watch = { 0, };
  guint changed_after_first;
  gint64 pages;

  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pages, >, 0);
  pull_watch_clear (&watch);
  changed_after_first = fixture->n_changed;

  /* Nothing new: no page applied, nothing written, same totals. */
  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_no_error (watch.finished_error);
  g_assert_cmpint (pages, ==, 0);
  g_assert_cmpuint (watch.n_progress, ==, 0);
  g_assert_cmpuint (fixture->n_changed, ==, changed_after_first);
  pull_watch_clear (&watch);
  assert_store_holds (fixture, n_customers, n_customers);

  /* Applying every page once more (a crash after commit, before the cursor was seen) changes
   * nothing either: upserts by remote id. */
  {
    g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                    fixture->anchor);
    RapportSyncPage *raw;

    while ((raw = rapport_demo_next_page (demo, 400)) != NULL)
      {
        g_autoptr(RapportSyncPage) page = raw;

        g_assert_true (rapport_store_apply_page (fixture->store,
                                                 rapport_account_get_id (fixture->account),
                                                 page, NULL, &error));
        g_assert_no_error (error);
      }
  }
  assert_store_holds (fixture, n_customers, n_customers);
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pages;

  rapport_sync_engine_pull_async (fixture->engine, NULL, on_result_cb, &first);
  rapport_sync_engine_pull_async (fixture->engine, NULL, on_result_cb, &second);

  while (first == NULL || second == NULL)
    g_main_context_iteration (NULL, TRUE);

  pages = rapport_sync_engine_pull_finish (fixture->engine, second, &error);
  g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_BUSY);
  g_assert_cmpint (pages, ==, -1);
  g_clear_error (&error);

  pages = rapport_sync_engine_pull_finish (fixture->engine, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pages, >, 0);
  g_assert_false (rapport_sync_engine_get_syncing (fixture->engine));
}

static void
on_syncing_notify_cb (GObject    *object,
                      GParamSpec *pspec,
                      guint      *count)
{
  (*count)++;
}

static void
test_syncing_property (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PullWatch watch = { 0, };
  guint notifications = 0;

  g_signal_connect (fixture->engine, "notify::syncing", G_CALLBACK (on_syncing_notify_cb),
                    &notifications);
  run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notifications, ==, 2);
  pull_watch_clear (&watch);
}

static void
test_cancel_and_resume (Fixture       *fixture,
                        gconstpointer  data)
{
  guint n_customers = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  guint position;
  gint64 pages;

  /* Cancel from the third "progress": mid-pull. */
  watch.cancel_at_progress = cancellable;
  watch.cancel_after = 3;
  pages = run_pull (fixture, cancellable, &watch, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (pages, ==, -1);
  g_assert_error (watch.finished_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  pull_watch_clear (&watch);

  /* The store holds exactly the pages applied before the cancel, with their cursor. */
  cursor = stored_cursor (fixture);
  g_assert_nonnull (cursor);
  position = (guint) g_ascii_strtoull (cursor, NULL, 10);
  g_assert_cmpuint (position, >, 0);
  g_assert_cmpuint (position, <, n_customers);
  assert_store_holds (fixture, n_customers, position);

  /* A new pull resumes from there and completes. */
  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pages, >, 0);
  g_clear_pointer (&cursor, g_free);
  cursor = stored_cursor (fixture);
  g_assert_cmpuint (g_ascii_strtoull (cursor, NULL, 10), ==, n_customers);
  pull_watch_clear (&watch);
  assert_store_holds (fixture, n_customers, n_customers);
}

static void
test_cancel_before_start (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PullWatch watch = { 0, };

  g_cancellable_cancel (cancellable);
  g_assert_cmpint (run_pull (fixture, cancellable, &watch, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (stored_cursor (fixture));
  pull_watch_clear (&watch);
}


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

/* The page for @cursor plus, at its end, a message whose ticket is in no page: the store
 * rejects the whole page with RAPPORT_STORE_ERROR_INVALID. */
static RapportSyncPage *
build_page_with_dangling_message (TestProvider *provider,
                                  const char   *cursor)
{
  RapportSyncPage *page = test_provider_build_page (provider, cursor);
  RapportMessage *message = rapport_message_new ();

  g_assert_cmpuint (page->messages->len, >, 0);
  rapport_message_set_remote_id (message, "dangling-1");
  rapport_message_set_ticket_remote_id (message, "no-such-ticket");
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, "Sam Rivera");
  rapport_message_set_body (message, "A reply on a ticket that was never pulled.");
  rapport_message_set_created_at (message, provider->anchor);
  g_ptr_array_add (page->messages, message);
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

  g_test_add_func ("/rapport/sync-engine/new-destroy", test_new_destroy);
  g_test_add ("/rapport/sync-engine/full-pull", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_full_pull, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/full-pull-large", Fixture, GUINT_TO_POINTER (1500),
              fixture_set_up, test_full_pull, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/story-customer", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_story_customer, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/idempotent", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_idempotent, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/busy", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_busy, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/syncing-property", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_syncing_property, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/cancel-and-resume", Fixture, GUINT_TO_POINTER (200),
              fixture_set_up, test_cancel_and_resume, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/cancel-before-start", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_cancel_before_start, fixture_tear_down);
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
