/* sync-engine-test-fixture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "../../rapport-test-time.h"
#include "rapport-demo.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"

G_BEGIN_DECLS

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

/* A provider in manual mode. */
TestProvider    *test_provider_new          (guint32          seed,
                                             guint            n_customers,
                                             gint64           anchor,
                                             guint            page_size);
/* The page the provider serves for @cursor. */
RapportSyncPage *test_provider_build_page   (TestProvider    *self,
                                             const char      *cursor);
/* The oldest request not answered yet (manual mode). */
Request         *test_provider_peek         (TestProvider    *self);
/* Answers the oldest pending request with @page, or its own page when @page is NULL. */
void             test_provider_answer_page  (TestProvider    *self,
                                             RapportSyncPage *page);
void             test_provider_answer_error (TestProvider    *self,
                                             GError          *error);
/* From now on answer by itself, the pending requests included. */
void             test_provider_go_auto      (TestProvider    *self,
                                             guint            delay_ms);

/* ---------------------------------------------------------------------------------- */

gboolean on_heartbeat_cb (gpointer user_data);

/* Iterates the main context until @cond holds; fails the test after WAIT_SECONDS. The
 * heartbeat only wakes the loop up so the deadline is checked; it synchronizes nothing. */
#define WAIT_UNTIL(cond)                                                                  \
  G_STMT_START {                                                                          \
    guint wait_seconds_ = WAIT_SECONDS * rapport_test_time_scale ();                      \
    gint64 wait_deadline_ = g_get_monotonic_time () + (gint64) wait_seconds_ * 1000000;  \
    guint wait_heartbeat_ = g_timeout_add (50, on_heartbeat_cb, NULL);                    \
    while (!(cond))                                                                       \
      {                                                                                   \
        if (g_get_monotonic_time () > wait_deadline_)                                     \
          g_error ("Timed out after %u s waiting for: %s", wait_seconds_, #cond);         \
        g_main_context_iteration (NULL, TRUE);                                            \
      }                                                                                   \
    g_source_remove (wait_heartbeat_);                                                    \
  } G_STMT_END

/* A fresh store in a temporary folder with the demo account, and an engine pulling into it
 * from the demo provider or from a TestProvider; counts the store's "changed" signals. */
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

/* The demo provider with GPOINTER_TO_UINT (@data) customers, in pages of about 400
 * messages. */
void fixture_set_up               (Fixture       *fixture,
                                   gconstpointer  data);
/* 60 customers (about 600 messages) from a provider the test drives, in pages of about 60
 * messages: ten pages or so. */
void fixture_set_up_test_provider (Fixture       *fixture,
                                   gconstpointer  data);
void fixture_tear_down            (Fixture       *fixture,
                                   gconstpointer  data);

/* ---------------------------------------------------------------------------------- */
/* Pulls                                                                                */

/* What a pull reported: its result, its "progress" and "sync-finished" signals; cancels
 * @cancel_at_progress at the @cancel_after-th progress when set. */
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

/* Stores a reference to @result in the GAsyncResult * @user_data points to. */
void     on_result_cb     (GObject       *source,
                           GAsyncResult  *result,
                           gpointer       user_data);
void     start_pull       (Fixture       *fixture,
                           GCancellable  *cancellable,
                           PullWatch     *watch);
/* Waits for the pull start_pull() began; returns the pages applied (or -1 and @error). */
gint64   wait_pull        (Fixture       *fixture,
                           PullWatch     *watch,
                           GError       **error);
/* Runs one pull to its end; returns the pages applied (or -1 and @error). */
gint64   run_pull         (Fixture       *fixture,
                           GCancellable  *cancellable,
                           PullWatch     *watch,
                           GError       **error);
void     pull_watch_clear (PullWatch     *watch);

/* ---------------------------------------------------------------------------------- */
/* What the store holds                                                                 */

/* The single value @sql selects, read through a connection of the test's own. */
gint64   count_rows         (Fixture    *fixture,
                             const char *sql);
/* The store holds exactly customers [0, to) of the dataset. */
void     assert_store_holds (Fixture    *fixture,
                             guint       n_customers,
                             guint       to);
/* The cursor stored for the account's "demo" resource. */
char    *stored_cursor      (Fixture    *fixture);

G_END_DECLS
