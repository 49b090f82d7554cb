/* rapport-bench.c — ingest and query benchmark on the demo dataset, plus cold start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In a scratch directory (removed at exit unless --keep), creates the store where the app
 * looks for it ($XDG_DATA_HOME/rapport/rapport.sqlite), adds a demo account of --customers
 * customers and pulls the whole dataset through the real path (demo provider → sync
 * engine → store). Then it times the store queries the UI makes, runs the app and an empty
 * GTK window alternately to compare exec → first frame, and reads the app's memory once its
 * data is shown. Last, it writes a money ledger into the store (a customer with a long
 * history of refunds and credits, through the pull path) and times the policy and the
 * customer's money summary, and in a store of their own, suggestions for a ticket against a
 * large cache and the insertion of a template (rapport-bench-suggest.c). Prints a Markdown
 * table on stdout, progress on stderr.
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport-bench.h"
#include "rapport-demo.h"
#include "rapport-demo-provider.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"

#define APP_TIMEOUT_SECONDS 60
#define RSS_SETTLE_SECONDS  10

/* ---------------------------------------------------------------------------------- */
/* A provider that forwards to the demo provider and adds up the time spent pulling, so the
 * store's share of the ingest can be told apart. */

#define BENCH_TYPE_PROVIDER (bench_provider_get_type ())
G_DECLARE_FINAL_TYPE (BenchProvider, bench_provider, BENCH, PROVIDER, GObject)

struct _BenchProvider
{
  GObject          parent_instance;
  RapportProvider *inner;
  gint64           pull_us;
  guint64          n_messages;
};

static void bench_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchProvider, bench_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      bench_provider_iface_init))

static const char *
bench_provider_get_kind (RapportProvider *provider)
{
  return rapport_provider_get_kind (BENCH_PROVIDER (provider)->inner);
}

static RapportProviderCapabilities
bench_provider_get_capabilities (RapportProvider *provider)
{
  return rapport_provider_get_capabilities (BENCH_PROVIDER (provider)->inner);
}

static void
on_inner_whoami_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  RapportAccount *account = rapport_provider_whoami_finish (RAPPORT_PROVIDER (source), result,
                                                            &error);

  if (account == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, account, g_object_unref);
}

static void
bench_provider_whoami_async (RapportProvider     *provider,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  BenchProvider *self = BENCH_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  rapport_provider_whoami_async (self->inner, cancellable, on_inner_whoami_cb, task);
}

static RapportAccount *
bench_provider_whoami_finish (RapportProvider  *provider,
                              GAsyncResult     *result,
                              GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_inner_pull_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BenchProvider *self = g_task_get_source_object (task);
  gint64 started = GPOINTER_TO_SIZE (g_task_get_task_data (task));
  GError *error = NULL;
  RapportSyncPage *page = rapport_provider_pull_changes_finish (RAPPORT_PROVIDER (source),
                                                                result, &error);

  self->pull_us += g_get_monotonic_time () - started;
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->n_messages += page->messages->len;
  g_task_return_pointer (task, page, (GDestroyNotify) rapport_sync_page_free);
}

static void
bench_provider_pull_changes_async (RapportProvider     *provider,
                                   const char          *cursor,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BenchProvider *self = BENCH_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()), NULL);
  rapport_provider_pull_changes_async (self->inner, cursor, cancellable, on_inner_pull_cb, task);
}

static RapportSyncPage *
bench_provider_pull_changes_finish (RapportProvider  *provider,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_inner_history_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *messages = rapport_provider_fetch_ticket_history_finish (RAPPORT_PROVIDER (source),
                                                                      result, &error);

  if (messages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, messages, (GDestroyNotify) g_ptr_array_unref);
}

static void
bench_provider_fetch_ticket_history_async (RapportProvider     *provider,
                                           const char          *ticket_remote_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  BenchProvider *self = BENCH_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  rapport_provider_fetch_ticket_history_async (self->inner, ticket_remote_id, cancellable,
                                               on_inner_history_cb, task);
}

static GPtrArray *
bench_provider_fetch_ticket_history_finish (RapportProvider  *provider,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bench_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = bench_provider_get_kind;
  iface->get_capabilities = bench_provider_get_capabilities;
  iface->whoami_async = bench_provider_whoami_async;
  iface->whoami_finish = bench_provider_whoami_finish;
  iface->pull_changes_async = bench_provider_pull_changes_async;
  iface->pull_changes_finish = bench_provider_pull_changes_finish;
  iface->fetch_ticket_history_async = bench_provider_fetch_ticket_history_async;
  iface->fetch_ticket_history_finish = bench_provider_fetch_ticket_history_finish;
}

static void
bench_provider_finalize (GObject *object)
{
  g_clear_object (&BENCH_PROVIDER (object)->inner);
  G_OBJECT_CLASS (bench_provider_parent_class)->finalize (object);
}

static void
bench_provider_class_init (BenchProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_provider_finalize;
}

static void
bench_provider_init (BenchProvider *self)
{
}

/* ---------------------------------------------------------------------------------- */
/* Results                                                                               */

typedef enum
{
  LOWER_IS_BETTER,
  HIGHER_IS_BETTER,
} Direction;

typedef struct
{
  char      *metric;
  char      *median;
  char      *p95;
  char      *target;
  char      *verdict;
} Row;

static GPtrArray *rows;

static void
row_free (Row *row)
{
  g_free (row->metric);
  g_free (row->median);
  g_free (row->p95);
  g_free (row->target);
  g_free (row->verdict);
  g_free (row);
}

static void
add_row (const char *metric,
         char       *median,   /* (transfer full) */
         char       *p95,      /* (transfer full) (nullable) */
         const char *target,
         const char *verdict)
{
  Row *row = g_new0 (Row, 1);

  row->metric = g_strdup (metric);
  row->median = median;
  row->p95 = p95 != NULL ? p95 : g_strdup ("–");
  row->target = g_strdup (target);
  row->verdict = g_strdup (verdict);
  g_ptr_array_add (rows, row);
  g_printerr ("  %s: %s (p95 %s) target %s → %s\n", row->metric, row->median, row->p95,
              row->target, row->verdict);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile of @samples (sorted in place). */
static double
percentile (GArray *samples,
            double  p)
{
  guint rank;

  g_assert (samples->len > 0);
  g_array_sort (samples, compare_doubles);
  rank = (guint) (p / 100.0 * samples->len + 0.999999);
  rank = CLAMP (rank, 1, samples->len);
  return g_array_index (samples, double, rank - 1);
}

/* A latency row in milliseconds with @decimals decimals: pass when median ≤ target_median
 * (unless it is negative: no median target) and p95 ≤ target_p95. */
void
rapport_bench_add_latency_row_precise (const char *metric,
                                       GArray     *samples_ms,
                                       double      target_median,
                                       double      target_p95,
                                       int         decimals)
{
  double median, p95;
  gboolean pass;

  if (samples_ms->len == 0)
    {
      add_row (metric, g_strdup ("not available"), NULL, "–", "not measured");
      return;
    }

  median = percentile (samples_ms, 50);
  p95 = percentile (samples_ms, 95);
  pass = (target_median < 0 || median <= target_median) && p95 <= target_p95;
  add_row (metric,
           g_strdup_printf ("%.*f ms", decimals, median),
           g_strdup_printf ("%.*f ms", decimals, p95),
           target_median < 0
             ? g_strdup_printf ("p95 ≤ %g ms", target_p95)
             : g_strdup_printf ("median ≤ %g ms, p95 ≤ %g ms", target_median, target_p95),
           pass ? "pass" : "**FAIL**");
}

void
rapport_bench_add_baseline_row (const char *metric,
                                GArray     *samples_ms)
{
  g_autofree char *name = g_strdup_printf ("%s (n = %u)", metric, samples_ms->len);

  if (samples_ms->len == 0)
    {
      add_row (name, g_strdup ("not available"), NULL, "–", "not measured");
      return;
    }
  add_row (name, g_strdup_printf ("%.1f ms", percentile (samples_ms, 50)),
           g_strdup_printf ("%.1f ms", percentile (samples_ms, 95)), "(baseline)", "–");
}

/* The same with two decimals. */
void
rapport_bench_add_latency_row (const char *metric,
                               GArray     *samples_ms,
                               double      target_median,
                               double      target_p95)
{
  rapport_bench_add_latency_row_precise (metric, samples_ms, target_median, target_p95, 2);
}

void
rapport_bench_add_text_row (const char *metric,
                            char       *median,
                            char       *p95,
                            const char *target,
                            const char *verdict)
{
  add_row (metric, median, p95, target, verdict);
}

void
rapport_bench_add_count_row (const char *metric,
                             GArray     *samples_ms,
                             double      target_median,
                             double      target_p95)
{
  g_autofree char *name = g_strdup_printf ("%s (n = %u)", metric, samples_ms->len);

  rapport_bench_add_latency_row_precise (name, samples_ms, target_median, target_p95, 1);
}

void
rapport_bench_add_seconds_row (const char *metric,
                               GArray     *samples_s,
                               double      target_median)
{
  g_autofree char *name = g_strdup_printf ("%s (n = %u)", metric, samples_s->len);
  double median = percentile (samples_s, 50);

  g_autofree char *target = g_strdup_printf ("median ≤ %.1f s", target_median);

  add_row (name, g_strdup_printf ("%.2f s", median),
           g_strdup_printf ("%.2f s", percentile (samples_s, 95)), target,
           median <= target_median ? "pass" : "**FAIL**");
}

void
rapport_bench_add_frames_row (const char *metric,
                              GArray     *frames_ms,
                              double      worst,
                              double      target_worst)
{
  g_autofree char *name = g_strdup_printf ("%s (%u frames)", metric, frames_ms->len);
  g_autofree char *target = g_strdup_printf ("no frame over %.0f ms", target_worst);

  add_row (name,
           g_strdup_printf ("%.1f ms (worst %.1f ms)", percentile (frames_ms, 50), worst),
           g_strdup_printf ("%.1f ms", percentile (frames_ms, 95)), target,
           worst <= target_worst ? "pass" : "**FAIL**");
}

/* ---------------------------------------------------------------------------------- */
/* Helpers                                                                               */

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  gboolean ok = TRUE;

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          ok &= remove_tree (child);
        }
    }
  if (g_remove (path) != 0)
    {
      g_warning ("Could not remove %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  return ok;
}

static gint64
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, &error))
    {
      g_warning ("Could not read /proc/self/status: %s", error->message);
      return -1;
    }
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

static char *
cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown");
  line = strstr (cpuinfo, "model name");
  if (line == NULL)
    return g_strdup ("unknown");
  line = strchr (line, ':');
  if (line == NULL)
    return g_strdup ("unknown");
  line++;
  while (*line == ' ')
    line++;
  return g_strndup (line, strcspn (line, "\n"));
}

static gint64
query_max_customer_id (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("Could not open %s: %s", path, sqlite3_errmsg (db));
  if (sqlite3_prepare_v2 (db, "SELECT MAX(id) FROM customers", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Could not query %s: %s", path, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* ---------------------------------------------------------------------------------- */
/* Ingest                                                                                */

typedef struct
{
  GAsyncResult *result;
  guint64       total;
  guint64       last_reported;
} IngestWatch;

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
on_progress_cb (RapportSyncEngine *engine,
                guint64            done,
                guint64            total,
                IngestWatch       *watch)
{
  if (total > 0 && done * 20 / total != watch->last_reported * 20 / total)
    g_printerr ("  ingest %3u %%\n", (guint) (done * 100 / total));
  watch->last_reported = done;
}

static void
run_ingest (RapportStore   *store,
            RapportAccount *account,
            guint           n_customers,
            gboolean        with_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportProvider) inner = NULL;
  g_autoptr(BenchProvider) provider = NULL;
  g_autoptr(RapportSyncEngine) engine = NULL;
  g_autoptr(RapportDemo) demo = NULL;
  IngestWatch watch = { 0, };
  RapportDemoTotals totals;
  gint64 started, elapsed, pages;
  double seconds, generate_seconds;

  inner = rapport_demo_provider_new_for_account (account, &error);
  if (inner == NULL)
    g_error ("%s", error->message);
  provider = g_object_new (BENCH_TYPE_PROVIDER, NULL);
  provider->inner = g_steal_pointer (&inner);

  engine = rapport_sync_engine_new (store, RAPPORT_PROVIDER (provider),
                                    rapport_account_get_id (account));
  g_signal_connect (engine, "progress", G_CALLBACK (on_progress_cb), &watch);

  g_printerr ("Ingesting %u customers through demo provider → sync engine → store…\n",
              n_customers);
  started = g_get_monotonic_time ();
  rapport_sync_engine_pull_async (engine, NULL, on_result_cb, &watch.result);
  while (watch.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pages = rapport_sync_engine_pull_finish (engine, watch.result, &error);
  elapsed = g_get_monotonic_time () - started;
  g_clear_object (&watch.result);
  if (pages < 0)
    g_error ("Ingest failed: %s", error->message);

  demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers, 0);
  rapport_demo_set_heavy_shapes (demo, TRUE);
  rapport_demo_count (demo, 0, n_customers, &totals);
  if (totals.messages != provider->n_messages)
    g_error ("Pulled %" G_GUINT64_FORMAT " messages, the dataset has %" G_GUINT64_FORMAT,
             provider->n_messages, totals.messages);

  seconds = elapsed / 1e6;
  generate_seconds = provider->pull_us / 1e6;
  g_printerr ("  %" G_GINT64_FORMAT " pages, %" G_GUINT64_FORMAT " tickets, %" G_GUINT64_FORMAT
              " messages in %.1f s (provider busy %.1f s of it, overlapping the store)\n",
              pages, totals.tickets, totals.messages, seconds, generate_seconds);
  if (!with_rows)
    return;

  add_row ("Dataset",
           g_strdup_printf ("%u customers (%" G_GUINT64_FORMAT " records), %" G_GUINT64_FORMAT
                            " tickets, %" G_GUINT64_FORMAT " messages",
                            n_customers, totals.remote_customers, totals.tickets,
                            totals.messages),
           NULL, "≈ 250 000 tickets, ≈ 1 000 000 messages at 100 000 customers, with the "
           "heavy shapes",
           (n_customers != 100000 ||
            (totals.messages >= 900000 && totals.messages <= 1100000)) ? "pass" : "**FAIL**");
  add_row ("Full pull: provider → sync → store",
           g_strdup_printf ("%.0f messages/s (%.1f s)", totals.messages / seconds, seconds),
           NULL, "≥ 100 000 messages/s",
           totals.messages / seconds >= 100000 ? "pass" : "**FAIL**");
  add_row ("Provider alone: generation in a worker + hand-off (overlaps the store since the pull is pipelined)",
           g_strdup_printf ("%.0f messages/s (%.1f s)", totals.messages / generate_seconds,
                            generate_seconds),
           NULL, "–", "–");
}

/* The generator alone, on this thread, pages of 2000 messages as the provider makes them. */
static void
run_generation (guint n_customers)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                  g_get_real_time () / G_USEC_PER_SEC);
  guint64 messages = 0;

  rapport_demo_set_heavy_shapes (demo, TRUE);
  RapportSyncPage *page;
  gint64 started = g_get_monotonic_time ();
  double seconds;

  g_printerr ("Generating the dataset once without storing it…\n");
  while ((page = rapport_demo_next_page (demo, 2000)) != NULL)
    {
      messages += page->messages->len;
      rapport_sync_page_free (page);
    }
  seconds = (g_get_monotonic_time () - started) / 1e6;

  add_row ("Demo generation alone, with the heavy shapes (rapport_demo_next_page, one thread)",
           g_strdup_printf ("%.0f messages/s (%.1f s)", messages / seconds, seconds),
           NULL, "≥ 300 000 messages/s", messages / seconds >= 300000 ? "pass" : "**FAIL**");
}

/* ---------------------------------------------------------------------------------- */
/* Queries                                                                               */

static const char * const search_queries[] = {
  "refund", "invoice", "password reset", "charged twice", "parcel", "tracking number",
  "dark mode", "two-factor", "cancel subscription", "delivery", "gift card balance",
  "app crashes export", "wrong address", "espresso machine", "sourdough starter",
  "Müller", "García", "late delivery credit", "VAT", "account locked", "webhook",
  "promo code", "warranty", "sync",
};

static void
run_queries (RapportStore *store,
             const char   *db_path,
             gint64        account_id,
             guint         n_samples)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autoptr(GArray) history_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) customer_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) count_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) load_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) messages_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 max_customer = query_max_customer_id (db_path);
  guint64 history_entries = 0, search_hits = 0;
  guint view_sizes[RAPPORT_N_VIEWS] = { 0, };

  g_printerr ("Timing store queries (%u samples each; %" G_GINT64_FORMAT " customers)…\n",
              n_samples, max_customer);
  if (max_customer <= 0)
    g_error ("The store has no customers");

  for (guint i = 0; i < n_samples; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) history = NULL;
      g_autoptr(RapportCustomer) customer = NULL;
      gint64 id = g_rand_int_range (rand, 1, (gint32) MIN (max_customer, G_MAXINT32 - 1) + 1);
      gint64 t0;
      double ms;

      t0 = g_get_monotonic_time ();
      customer = rapport_store_load_customer (store, id, NULL, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (customer == NULL)
        g_error ("load_customer %" G_GINT64_FORMAT ": %s", id, error->message);
      g_array_append_val (customer_ms, ms);

      t0 = g_get_monotonic_time ();
      history = rapport_store_customer_history (store, id, NULL, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (history == NULL)
        g_error ("customer_history %" G_GINT64_FORMAT ": %s", id, error->message);
      g_array_append_val (history_ms, ms);
      ms += g_array_index (customer_ms, double, customer_ms->len - 1);
      g_array_append_val (open_ms, ms);
      history_entries += history->len;
    }

  for (guint i = 0; i < n_samples; i++)
    {
      const char *query = search_queries[i % G_N_ELEMENTS (search_queries)];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      hits = rapport_store_search (store, account_id, query, 50, NULL, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (hits == NULL)
        g_error ("search “%s”: %s", query, error->message);
      g_array_append_val (search_ms, ms);
      search_hits += hits->len;
    }

  for (guint i = 0; i < MAX (n_samples / 4, 8); i++)
    {
      for (RapportView view = 0; view < RAPPORT_N_VIEWS; view++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) ids = NULL;
          g_autoptr(GPtrArray) tickets = NULL;
          guint counts[RAPPORT_N_VIEWS];
          gint64 t0 = g_get_monotonic_time ();
          double ms;

          ids = rapport_store_list_ticket_ids (store, account_id, view, NULL, &error);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          if (ids == NULL)
            g_error ("list_ticket_ids: %s", error->message);
          g_array_append_val (list_ms, ms);
          view_sizes[view] = ids->len;

          /* the first screenful of the list, as the lazy model fetches it */
          t0 = g_get_monotonic_time ();
          tickets = rapport_store_load_tickets (store, (const gint64 *) (gpointer) ids->data,
                                                MIN (ids->len, 50), NULL, &error);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          if (tickets == NULL)
            g_error ("load_tickets: %s", error->message);
          g_array_append_val (load_ms, ms);

          if (tickets->len > 0)
            {
              g_autoptr(GPtrArray) messages = NULL;

              t0 = g_get_monotonic_time ();
              messages = rapport_store_list_messages (store,
                                                      rapport_ticket_get_id (g_ptr_array_index (tickets, 0)),
                                                      NULL, &error);
              ms = (g_get_monotonic_time () - t0) / 1000.0;
              if (messages == NULL)
                g_error ("list_messages: %s", error->message);
              g_array_append_val (messages_ms, ms);
            }

          t0 = g_get_monotonic_time ();
          if (!rapport_store_count_views (store, account_id, counts, NULL, &error))
            g_error ("count_views: %s", error->message);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (count_ms, ms);
        }
    }

  g_printerr ("  history: %.1f entries on average; search: %.1f hits on average; views: "
              "my open %u, unassigned %u, all open %u, recently solved %u\n",
              (double) history_entries / n_samples, (double) search_hits / n_samples,
              view_sizes[RAPPORT_VIEW_MY_OPEN], view_sizes[RAPPORT_VIEW_UNASSIGNED],
              view_sizes[RAPPORT_VIEW_ALL_OPEN], view_sizes[RAPPORT_VIEW_RECENTLY_SOLVED]);

  /* The targets: history p95 ≤ 16 ms (one frame), search p95 ≤ 50 ms. The other
   * rows carry the project's own targets (see docs/performance.md). */
  rapport_bench_add_latency_row ("Open a customer: load_customer + full customer_history", open_ms, -1, 16);
  rapport_bench_add_latency_row ("customer_history alone (random customer)", history_ms, -1, 16);
  rapport_bench_add_latency_row ("load_customer alone (random customer)", customer_ms, 5, 16);
  rapport_bench_add_latency_row ("search, 1–3 words, limit 50", search_ms, -1, 50);
  rapport_bench_add_latency_row ("list_ticket_ids (each view)", list_ms, 50, 100);
  rapport_bench_add_latency_row ("load_tickets (first 50 of a view)", load_ms, 10, 30);
  rapport_bench_add_latency_row ("list_messages (one ticket)", messages_ms, 5, 20);
  rapport_bench_add_latency_row ("count_views", count_ms, 20, 50);
}

/* ---------------------------------------------------------------------------------- */
/* Cold start                                                                            */

typedef struct
{
  GSubprocess *process;
  char        *stdout_text;
  char        *stderr_text;
  GError      *error;
  gboolean     done;
  gboolean     timed_out;
} RunState;

static void
on_communicate_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RunState *state = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &state->stdout_text,
                                        &state->stderr_text, &state->error);
  state->done = TRUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  RunState *state = user_data;

  state->timed_out = TRUE;
  g_subprocess_force_exit (state->process);
  return G_SOURCE_REMOVE;
}

static gint64
find_value (const char *text,
            const char *key)
{
  const char *p = text != NULL ? strstr (text, key) : NULL;

  if (p == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (key), NULL, 10);
}

/* Runs @program with @env_extra set; returns its stdout, or NULL with a reason in @why. */
static char *
run_program (const char  *program,
             const char  *data_dir,
             const char  *hook,
             gint64      *started_us,
             char       **why)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  RunState state = { 0, };
  const char *argv[] = { program, NULL };
  guint timeout_id;
  char *out;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "RAPPORT_EXIT_AFTER_FIRST_FRAME");
  g_subprocess_launcher_unsetenv (launcher, "RAPPORT_EXIT_AFTER_LOAD");
  g_subprocess_launcher_setenv (launcher, hook, "1", TRUE);

  *started_us = g_get_real_time ();
  state.process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (state.process == NULL)
    {
      *why = g_strdup_printf ("could not start %s: %s", program, error->message);
      return NULL;
    }

  g_subprocess_communicate_utf8_async (state.process, NULL, NULL, on_communicate_cb, &state);
  timeout_id = g_timeout_add_seconds (APP_TIMEOUT_SECONDS, on_timeout_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  if (!state.timed_out)
    g_source_remove (timeout_id);
  g_subprocess_wait (state.process, NULL, NULL);

  if (state.error != NULL || state.timed_out ||
      !g_subprocess_get_if_exited (state.process) ||
      g_subprocess_get_exit_status (state.process) != 0)
    {
      g_autofree char *tail = NULL;

      if (state.stderr_text != NULL)
        {
          gsize len = strlen (state.stderr_text);

          tail = g_strdup (state.stderr_text + (len > 400 ? len - 400 : 0));
        }
      *why = g_strdup_printf ("%s %s%s%s", program,
                              state.timed_out ? "timed out" :
                              state.error != NULL ? state.error->message : "failed",
                              tail != NULL && *tail != '\0' ? ": " : "",
                              tail != NULL ? g_strstrip (tail) : "");
      g_clear_error (&state.error);
      g_free (state.stdout_text);
      g_free (state.stderr_text);
      g_object_unref (state.process);
      return NULL;
    }

  out = state.stdout_text;
  g_free (state.stderr_text);
  g_object_unref (state.process);
  return out;
}

/* Starts @program with no test hook, lets it run @seconds, and reads its VmRSS and VmHWM
 * from /proc. Used when the app's RAPPORT_EXIT_AFTER_LOAD hook gives no answer. */
static gboolean
sample_rss (const char  *program,
            const char  *data_dir,
            guint        seconds,
            gint64      *rss_kb,
            gint64      *hwm_kb,
            char       **why)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status_path = NULL;
  g_autofree char *status = NULL;
  const char *argv[] = { program, NULL };
  const char *line;
  gint64 until;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "RAPPORT_EXIT_AFTER_FIRST_FRAME");
  g_subprocess_launcher_unsetenv (launcher, "RAPPORT_EXIT_AFTER_LOAD");

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    {
      *why = g_strdup_printf ("could not start %s: %s", program, error->message);
      return FALSE;
    }

  until = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_usleep (50000);

  status_path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (process));
  if (!g_file_get_contents (status_path, &status, NULL, &error))
    {
      *why = g_strdup_printf ("%s exited early (%s)", program, error->message);
      return FALSE;
    }
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);

  line = strstr (status, "VmRSS:");
  *rss_kb = line != NULL ? g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10) : -1;
  line = strstr (status, "VmHWM:");
  *hwm_kb = line != NULL ? g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10) : -1;
  if (*rss_kb <= 0)
    {
      *why = g_strdup_printf ("no VmRSS in %s", status_path);
      return FALSE;
    }
  return TRUE;
}

static void
run_cold_start (const char *app,
                const char *empty_window,
                const char *data_dir,
                guint       n_runs)
{
  g_autoptr(GArray) app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loaded_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rss_kb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_rss_kb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *app_problem = NULL;
  g_autofree char *empty_problem = NULL;
  g_autofree char *load_problem = NULL;

  if (!g_file_test (app, G_FILE_TEST_IS_EXECUTABLE))
    app_problem = g_strdup_printf ("%s does not exist", app);
  if (!g_file_test (empty_window, G_FILE_TEST_IS_EXECUTABLE))
    empty_problem = g_strdup_printf ("%s does not exist", empty_window);

  g_printerr ("Cold start: %u runs each of %s and %s, alternating…\n", n_runs, app,
              empty_window);

  for (guint i = 0; i < n_runs && (app_problem == NULL || empty_problem == NULL); i++)
    {
      for (guint which = 0; which < 2; which++)
        {
          const char *program = which == 0 ? app : empty_window;
          char **problem = which == 0 ? &app_problem : &empty_problem;
          GArray *samples = which == 0 ? app_ms : empty_ms;
          g_autofree char *out = NULL;
          g_autofree char *why = NULL;
          gint64 started, frame;
          double ms;

          if (*problem != NULL)
            continue;
          out = run_program (program, data_dir, "RAPPORT_EXIT_AFTER_FIRST_FRAME", &started, &why);
          frame = find_value (out, "first-frame-us=");
          if (out != NULL && frame < 0)
            why = g_strdup_printf ("%s printed no first-frame-us line", program);
          if (why != NULL)
            {
              *problem = g_steal_pointer (&why);
              g_printerr ("  not available: %s\n", *problem);
              continue;
            }
          ms = (frame - started) / 1000.0;
          g_array_append_val (samples, ms);
          if (which == 1 && find_value (out, "rss-kb=") > 0)
            {
              double kb = find_value (out, "rss-kb=");

              g_array_append_val (empty_rss_kb, kb);
            }
          g_printerr ("  %s: %.0f ms\n", which == 0 ? "app" : "empty window", ms);
        }
    }

  for (guint i = 0; i < MIN (n_runs, 3u) && app_problem == NULL && load_problem == NULL; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *why = NULL;
      gint64 started, loaded, kb;
      double ms, kbd;

      out = run_program (app, data_dir, "RAPPORT_EXIT_AFTER_LOAD", &started, &why);
      loaded = find_value (out, "loaded-us=");
      kb = find_value (out, "rss-kb=");
      if (out != NULL && (loaded < 0 || kb <= 0))
        why = g_strdup_printf ("%s printed no loaded-us/rss-kb lines", app);
      if (why != NULL)
        {
          load_problem = g_steal_pointer (&why);
          g_printerr ("  not available: %s\n", load_problem);
          break;
        }
      ms = (loaded - started) / 1000.0;
      kbd = kb;
      g_array_append_val (loaded_ms, ms);
      g_array_append_val (rss_kb, kbd);
      g_printerr ("  app loaded: %.0f ms, %" G_GINT64_FORMAT " kB\n", ms, kb);
    }

  if (app_problem == NULL && empty_problem == NULL)
    {
      double app_median = percentile (app_ms, 50);
      double empty_median = percentile (empty_ms, 50);
      double ratio = app_median / empty_median;

      add_row ("Cold start, exec → first frame: app",
               g_strdup_printf ("%.0f ms", app_median),
               g_strdup_printf ("%.0f ms", percentile (app_ms, 95)),
               "≤ 1.3 × empty window", ratio <= 1.3 ? "pass" : "**FAIL**");
      add_row ("Cold start, exec → first frame: empty GTK window",
               g_strdup_printf ("%.0f ms", empty_median),
               g_strdup_printf ("%.0f ms", percentile (empty_ms, 95)),
               "(baseline)", "–");
      add_row ("Cold start ratio app / empty window (medians)",
               g_strdup_printf ("%.2f", ratio), NULL, "≤ 1.30",
               ratio <= 1.3 ? "pass" : "**FAIL**");
    }
  else
    {
      add_row ("Cold start, exec → first frame",
               g_strdup_printf ("not available (%s)",
                                app_problem != NULL ? app_problem : empty_problem),
               NULL, "≤ 1.3 × empty window", "not measured");
    }

  if (load_problem == NULL && loaded_ms->len > 0)
    {
      double rss_mb = percentile (rss_kb, 50) / 1024.0;

      add_row ("App exec → first view, ticket and customer history shown",
               g_strdup_printf ("%.0f ms", percentile (loaded_ms, 50)),
               g_strdup_printf ("%.0f ms", percentile (loaded_ms, 95)),
               "≤ 700 ms", percentile (loaded_ms, 50) <= 700 ? "pass" : "**FAIL**");
      add_row ("App RSS once loaded (VmRSS)",
               g_strdup_printf ("%.0f MB", rss_mb), NULL, "≤ 150 MB",
               rss_mb <= 150 ? "pass" : "**FAIL**");
    }
  else
    {
      gint64 rss = -1, hwm = -1;
      g_autofree char *why = NULL;

      add_row ("App exec → first view, ticket and customer history shown "
               "(RAPPORT_EXIT_AFTER_LOAD)",
               g_strdup_printf ("not available (%s)",
                                load_problem != NULL ? load_problem : app_problem),
               NULL, "≤ 700 ms", "not measured");

      if (app_problem == NULL &&
          sample_rss (app, data_dir, RSS_SETTLE_SECONDS, &rss, &hwm, &why))
        {
          g_autofree char *metric =
            g_strdup_printf ("App RSS %u s after start, read from /proc/PID/status "
                             "(the load hook gave no answer)", RSS_SETTLE_SECONDS);

          g_printerr ("  app after %u s: VmRSS %" G_GINT64_FORMAT " kB, VmHWM %"
                      G_GINT64_FORMAT " kB\n", RSS_SETTLE_SECONDS, rss, hwm);
          add_row (metric,
                   g_strdup_printf ("%.0f MB (peak %.0f MB)", rss / 1024.0, hwm / 1024.0),
                   NULL, "≤ 150 MB", rss / 1024.0 <= 150 ? "pass" : "**FAIL**");
        }
      else
        add_row ("App RSS", g_strdup_printf ("not available (%s)",
                                             why != NULL ? why : app_problem),
                 NULL, "≤ 150 MB", "not measured");
    }

  if (empty_rss_kb->len > 0)
    add_row ("Empty GTK window RSS after first frame (VmRSS)",
             g_strdup_printf ("%.0f MB", percentile (empty_rss_kb, 50) / 1024.0), NULL,
             "(baseline)", "–");
}

/* ---------------------------------------------------------------------------------- */
/* The UI rows' workspaces                                                               */

static char *
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("unknown");
  /* the 1, 5 and 15 minute averages */
  text[strcspn (text, " ")] = ' ';
  return g_strndup (text, 14);
}

static guint
count_my_open (RapportStore *store,
               gint64        account_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = rapport_store_list_ticket_ids (store, account_id,
                                                         RAPPORT_VIEW_MY_OPEN, NULL, &error);

  if (ids == NULL)
    g_error ("list_ticket_ids: %s", error->message);
  return ids->len;
}

/* A second, smaller workspace (with the heavy shapes, through the same pull path) in
 * @work_dir/ui-N, so the UI rows show how each cost grows. Returns its data directory. */
static char *
make_ui_workspace (const char *work_dir,
                   guint       n_customers,
                   guint      *n_my_open)
{
  g_autofree char *dir = g_strdup_printf ("%s/ui-%u", work_dir, n_customers);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *db_path = g_build_filename (data_dir, "rapport", "rapport.sqlite", NULL);
  g_autofree char *rapport_dir = g_path_get_dirname (db_path);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (rapport_dir, G_FILE_TEST_EXISTS))
    remove_tree (rapport_dir);
  g_printerr ("A %u-customer workspace for the UI rows in %s…\n", n_customers, dir);
  store = rapport_store_new (db_path);
  if (!rapport_store_open (store, NULL, &error))
    g_error ("Could not open %s: %s", db_path, error->message);
  account = rapport_demo_provider_new_heavy_account (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                     g_get_real_time () / G_USEC_PER_SEC);
  if (!rapport_store_add_account (store, account, NULL, &error))
    g_error ("Could not add the demo account: %s", error->message);
  run_ingest (store, account, n_customers, FALSE);
  *n_my_open = count_my_open (store, rapport_account_get_id (account));
  rapport_store_close (store);
  return g_steal_pointer (&data_dir);
}

static char *
customers_label (guint n_customers)
{
  g_autofree char *digits = g_strdup_printf ("%u", n_customers);
  GString *label = g_string_new (NULL);
  gsize len = strlen (digits);

  /* 100 000: thousands apart, as the rest of the table writes them */
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (label, ' ');
      g_string_append_c (label, digits[i]);
    }
  g_string_append (label, " customers");
  return g_string_free (label, FALSE);
}

/* ---------------------------------------------------------------------------------- */

static char *
sibling_path (const char *relative)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;

  if (exe == NULL)
    return g_strdup (relative);
  dir = g_path_get_dirname (exe);
  return g_canonicalize_filename (relative, dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *cpu = NULL;
  g_autofree char *app = NULL;
  g_autofree char *empty_window = NULL;
  g_autofree char *frame_floor = NULL;
  g_autofree char *schema_dir = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *load_start = load_average ();
  g_autofree char *load_end = NULL;
  int customers = 100000;
  int ui_customers = -1;
  int ui_switches = 100;
  int switches = 10000;
  gboolean skip_ui = FALSE;
  guint n_my_open = 0;
  int samples = 200;
  int runs = 7;
  char *keep = NULL;
  char *app_option = NULL;
  char *empty_option = NULL;
  char *floor_option = NULL;
  gboolean skip_app = FALSE;
  gboolean reuse = FALSE;
  gint64 t0, open_us;
  gint64 anchor;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "Dataset size (default 100000)", "N" },
    { "samples", 0, 0, G_OPTION_ARG_INT, &samples, "Samples per query (default 200)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Cold-start runs of each program (default 7)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Work in DIR and keep it", "DIR" },
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app_option, "The rapport executable", "PATH" },
    { "empty-window", 0, 0, G_OPTION_ARG_FILENAME, &empty_option,
      "The rapport-empty-window executable", "PATH" },
    { "frame-floor", 0, 0, G_OPTION_ARG_FILENAME, &floor_option,
      "The rapport-frame-floor executable", "PATH" },
    { "skip-app", 0, 0, G_OPTION_ARG_NONE, &skip_app, "Do not run the app", NULL },
    { "skip-ui", 0, 0, G_OPTION_ARG_NONE, &skip_ui, "Do not drive the app with keys", NULL },
    { "ui-customers", 0, 0, G_OPTION_ARG_INT, &ui_customers,
      "The second workspace of the UI rows (default a tenth of --customers; 0: none)", "N" },
    { "ui-switches", 0, 0, G_OPTION_ARG_INT, &ui_switches,
      "Ticket switches timed (default 100)", "N" },
    { "switches", 0, 0, G_OPTION_ARG_INT, &switches,
      "Ticket switches of the memory row (default 10000)", "N" },
    { "reuse", 0, 0, G_OPTION_ARG_NONE, &reuse,
      "With --keep: reuse the database already there (skip the ingest)", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_log_set_writer_func (rapport_bench_log_writer, NULL, NULL);
  context = g_option_context_new ("— Rapport benchmark on the demo dataset");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (customers < 1 || samples < 1 || runs < 1 || ui_switches < 1 || switches < 1)
    {
      g_printerr ("--customers, --samples, --runs, --ui-switches and --switches must be "
                  "positive\n");
      return 2;
    }
  if (ui_customers < 0)
    ui_customers = customers / 10;
  if (reuse && keep == NULL)
    {
      g_printerr ("--reuse needs --keep DIR\n");
      return 2;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  app = app_option != NULL ? g_strdup (app_option) : sibling_path ("../../src/rapport");
  empty_window = empty_option != NULL ? g_strdup (empty_option)
                                      : sibling_path ("rapport-empty-window");
  frame_floor = floor_option != NULL ? g_strdup (floor_option)
                                     : sibling_path ("rapport-frame-floor");

  /* The app reads its GSettings schema from the build tree when not installed. */
  schema_dir = sibling_path ("../../data");
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_autofree char *compiled = g_build_filename (schema_dir, "gschemas.compiled", NULL);

      if (g_file_test (compiled, G_FILE_TEST_EXISTS))
        g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
    }

  if (keep != NULL)
    {
      work_dir = g_canonicalize_filename (keep, NULL);
      if (g_mkdir_with_parents (work_dir, 0700) != 0)
        g_error ("Could not create %s: %s", work_dir, g_strerror (errno));
    }
  else
    {
      work_dir = g_dir_make_tmp ("rapport-bench-XXXXXX", &error);
      if (work_dir == NULL)
        g_error ("%s", error->message);
    }
  data_dir = g_build_filename (work_dir, "data", NULL);
  db_path = g_build_filename (data_dir, "rapport", "rapport.sqlite", NULL);
  if (g_file_test (db_path, G_FILE_TEST_EXISTS) && !reuse)
    {
      g_autofree char *rapport_dir = g_path_get_dirname (db_path);

      g_printerr ("Removing the previous store in %s\n", rapport_dir);
      remove_tree (rapport_dir);
    }

  g_printerr ("Work directory: %s\n", work_dir);

  store = rapport_store_new (db_path);
  if (!rapport_store_open (store, NULL, &error))
    g_error ("Could not open %s: %s", db_path, error->message);

  if (reuse && g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GPtrArray) accounts = rapport_store_list_accounts (store, NULL, &error);
      g_autoptr(RapportProvider) provider = NULL;
      guint n = 0;

      if (accounts == NULL)
        g_error ("Could not list the accounts of %s: %s", db_path, error->message);
      if (accounts->len != 1)
        g_error ("%s has %u accounts, expected the benchmark's one", db_path, accounts->len);
      account = g_object_ref (g_ptr_array_index (accounts, 0));
      provider = rapport_demo_provider_new_for_account (account, &error);
      if (provider == NULL)
        g_error ("%s", error->message);
      g_object_get (provider, "n-customers", &n, NULL);
      customers = (int) n;
      g_printerr ("Reusing the %d-customer store (no ingest)\n", customers);
      add_row ("Full pull", g_strdup ("not measured (--reuse)"), NULL, "–", "–");
    }
  else
    {
      anchor = g_get_real_time () / G_USEC_PER_SEC;
      account = rapport_demo_provider_new_heavy_account (RAPPORT_DEMO_DEFAULT_SEED,
                                                         (guint) customers, anchor);
      if (!rapport_store_add_account (store, account, NULL, &error))
        g_error ("Could not add the demo account: %s", error->message);

      run_generation ((guint) customers);
      run_ingest (store, account, (guint) customers, TRUE);
    }

  /* Reopen, as the app does at start. */
  rapport_store_close (store);
  g_clear_object (&store);
  t0 = g_get_monotonic_time ();
  store = rapport_store_new (db_path);
  if (!rapport_store_open (store, NULL, &error))
    g_error ("Could not reopen %s: %s", db_path, error->message);
  open_us = g_get_monotonic_time () - t0;
  add_row ("Store open (existing database, warm page cache)",
           g_strdup_printf ("%.1f ms", open_us / 1000.0), NULL, "≤ 100 ms",
           open_us <= 100000 ? "pass" : "**FAIL**");
  {
    g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);

    add_row ("Database size on disk",
             g_strdup_printf ("%.0f MB (+ %.0f MB WAL)", file_size (db_path) / 1048576.0,
                              file_size (wal_path) / 1048576.0),
             NULL, "–", "–");
  }

  run_queries (store, db_path, rapport_account_get_id (account), (guint) samples);
  n_my_open = count_my_open (store, rapport_account_get_id (account));

  {
    gint64 rss = read_status_kb ("VmRSS:");
    gint64 hwm = read_status_kb ("VmHWM:");

    add_row ("Bench process RSS with the store open, after the queries (not the app)",
             g_strdup_printf ("%.0f MB (peak %.0f MB)", rss / 1024.0,
                              hwm / 1024.0),
             NULL, "–", "–");
  }

  rapport_store_close (store);
  g_clear_object (&store);

  if (skip_app)
    add_row ("Cold start and app RSS", g_strdup ("not available (--skip-app)"), NULL,
             "≤ 1.3 × empty window; ≤ 150 MB", "not measured");
  else
    run_cold_start (app, empty_window, data_dir, (guint) runs);

  /* The UI rows, on this workspace and on a smaller one. */
  if (!skip_app && !skip_ui)
    {
      g_autofree char *label = customers_label ((guint) customers);

      rapport_bench_run_frame_floor (frame_floor, data_dir, (guint) ui_switches);
      rapport_bench_run_ui (app, data_dir, label, n_my_open, (guint) ui_switches,
                            (guint) switches);
      if (ui_customers > 0)
        {
          guint small_my_open = 0;
          g_autofree char *small_dir = make_ui_workspace (work_dir, (guint) ui_customers,
                                                          &small_my_open);
          g_autofree char *small_label = customers_label ((guint) ui_customers);

          rapport_bench_run_ui (app, small_dir, small_label, small_my_open,
                                (guint) ui_switches, (guint) switches);
        }
    }

  /* The money rows come last: their ledger is written into the store, which none of the rows
   * above may see. */
  store = rapport_store_new (db_path);
  if (!rapport_store_open (store, NULL, &error))
    g_error ("Could not reopen %s: %s", db_path, error->message);
  rapport_bench_run_money (store, db_path, rapport_account_get_id (account), (guint) samples);
  rapport_store_close (store);
  g_clear_object (&store);

  /* The suggestion rows, in a store of their own. */
  rapport_bench_run_suggest (work_dir, (guint) samples);

  now = g_date_time_new_now_utc ();
  date = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  cpu = cpu_model ();

  load_end = load_average ();
  g_print ("Rapport benchmark, %s — %u CPUs (%s), GLib %u.%u.%u, SQLite %s\n", date,
           g_get_num_processors (), cpu, glib_major_version, glib_minor_version,
           glib_micro_version, sqlite3_libversion ());
  g_print ("Load average (1, 5, 15 min) at start %s, at end %s\n\n", load_start, load_end);
  g_print ("| metric | median | p95 | target | pass/fail |\n");
  g_print ("|---|---|---|---|---|\n");
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);

      g_print ("| %s | %s | %s | %s | %s |\n", row->metric, row->median, row->p95, row->target,
               row->verdict);
    }

  if (keep == NULL)
    remove_tree (work_dir);
  else
    g_printerr ("Kept %s\n", work_dir);

  g_ptr_array_unref (rows);
  g_free (keep);
  g_free (app_option);
  g_free (empty_option);
  g_free (floor_option);
  return 0;
}
