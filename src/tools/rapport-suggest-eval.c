/* rapport-suggest-eval.c: measures the ranker of suggested replies on a labelled set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-suggest-eval"

#include "config.h"

#include "rapport-suggest-eval-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rapport-ranker-private.h"
#include "rapport-store-suggest.h"
#include "rapport-store.h"

/* Reads a labelled set (docs/suggestions.md, "Evaluating the ranker"), loads its candidates
 * and history into a throwaway store through the store's own functions, ranks each test
 * ticket with rapport_store_suggest() and prints how often the expected answer came first,
 * came in the first three, and was among what was shown, and how long each ranking took.
 * It knows nothing of where the set came from. With --write-demo-set it writes the labelled
 * set made from the demo generator instead (rapport-suggest-eval-set.c). */

/* Exit statuses: 2 for a file or a command line that cannot be used, 1 for a failure of
 * the run itself. */
#define EXIT_BAD_INPUT 2
#define EXIT_FAILED    1

/* The demo set's default sizes. */
#define DEMO_SET_HISTORY 400
#define DEMO_SET_TESTS   200

/* Floors of the sweep: from the ranker's own floor up, in these steps. */
#define SWEEP_STEP 0.05
#define SWEEP_MAX  1.50

/* ------------------------------------------------------------------------------------ */
/* Loading and ranking                                                                   */

/* A temporary directory and everything in it. */
static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      if (g_rmdir (path) != 0)
        g_warning ("Could not remove %s: %s", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0)
    g_warning ("Could not remove %s: %s", path, g_strerror (errno));
}

static gboolean
load_store (RapportStore  *store,
            SuggestEvalSet   *set,
            gint64        *now,
            GError       **error)
{
  g_autofree RapportPastAnswer *answers = g_new0 (RapportPastAnswer, set->history->len);
  g_autofree const RapportPastAnswer **pointers = g_new0 (const RapportPastAnswer *,
                                                          set->history->len);

  for (guint i = 0; i < set->candidates->len; i++)
    if (!rapport_store_save_candidate (store, g_ptr_array_index (set->candidates, i), error))
      return FALSE;

  *now = 0;
  for (guint i = 0; i < set->history->len; i++)
    {
      const SuggestEvalTicket *ticket = g_ptr_array_index (set->history, i);
      RapportPastAnswer *answer = &answers[i];

      answer->key = ticket->id;
      answer->subject = ticket->subject != NULL ? ticket->subject : "";
      answer->channel = ticket->channel;
      answer->tags = (const char * const *) ticket->tags;
      answer->messages = (const char * const *) ticket->messages;
      answer->answer_key = ticket->answer != NULL && ticket->answer[0] != '\0' ? ticket->answer
                                                                               : NULL;
      answer->reply = ticket->reply != NULL && ticket->reply[0] != '\0' ? ticket->reply : NULL;
      answer->answered_at = ticket->answered_at;
      pointers[i] = answer;
      *now = MAX (*now, ticket->answered_at);
    }
  return rapport_store_add_past_answers (store, pointers, set->history->len, error);
}

/* What the ranker showed for one test ticket. */
typedef struct
{
  guint   n;
  double  scores[RAPPORT_SUGGEST_MAX];
  char   *keys[RAPPORT_SUGGEST_MAX];
  gboolean hits[RAPPORT_SUGGEST_MAX];  /* the expected answer */
  double  ms;
} Ranked;

static void
ranked_clear (Ranked *ranked)
{
  for (guint i = 0; i < ranked->n; i++)
    g_free (ranked->keys[i]);
}

/* Whether @suggestion is the expected answer: that candidate, or a past reply of a history
 * ticket answered with it. */
static gboolean
is_expected (SuggestEvalSet       *set,
             RapportSuggestion *suggestion,
             const char        *expected)
{
  RapportCandidate *candidate = rapport_suggestion_get_candidate (suggestion);
  const char *key = rapport_candidate_get_key (candidate);

  if (expected == NULL)
    return FALSE;
  if (rapport_candidate_get_kind (candidate) == RAPPORT_CANDIDATE_PAST_REPLY)
    return g_strcmp0 (g_hash_table_lookup (set->history_answer, key), expected) == 0;
  return g_str_equal (key, expected);
}

static gboolean
rank_tests (RapportStore  *store,
            SuggestEvalSet   *set,
            gint64         now,
            Ranked        *ranked,
            GError       **error)
{
  for (guint i = 0; i < set->tests->len; i++)
    {
      const SuggestEvalTicket *ticket = g_ptr_array_index (set->tests, i);
      RapportSuggestQuery query = {
        .subject = ticket->subject != NULL ? ticket->subject : "",
        .channel = ticket->channel,
        .tags = (const char * const *) ticket->tags,
        .messages = (const char * const *) ticket->messages,
        .ticket_id = 0,
        .now = now,
      };
      g_autoptr(GPtrArray) suggestions = NULL;
      gint64 start = g_get_monotonic_time ();

      suggestions = rapport_store_suggest (store, &query, RAPPORT_SUGGEST_MAX, error);
      ranked[i].ms = (double) (g_get_monotonic_time () - start) / 1000.0;
      if (suggestions == NULL)
        {
          g_prefix_error (error, "tests[%u] (\"%s\"): ", i, ticket->id);
          return FALSE;
        }
      for (guint j = 0; j < MIN (suggestions->len, RAPPORT_SUGGEST_MAX); j++)
        {
          RapportSuggestion *suggestion = g_ptr_array_index (suggestions, j);

          ranked[i].scores[j] = rapport_suggestion_get_score (suggestion);
          ranked[i].keys[j] = g_strdup (rapport_candidate_get_key (
                                          rapport_suggestion_get_candidate (suggestion)));
          ranked[i].hits[j] = is_expected (set, suggestion, ticket->answer);
          ranked[i].n = j + 1;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Figures                                                                               */

/* Of the tests with an expected answer (n_expected): how often it came first, in the first
 * three, anything was shown, it was shown; of those expecting nothing (n_nothing): how often
 * nothing was shown. */
typedef struct
{
  guint n_expected;
  guint top1;
  guint top3;
  guint shown;
  guint shown_hit;
  guint n_nothing;
  guint silent;
} Counts;

/* The counts when only suggestions scoring @floor or more are shown. */
static void
count_at_floor (SuggestEvalSet *set,
                const Ranked   *ranked,
                double          floor_score,
                Counts         *counts)
{
  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < set->tests->len; i++)
    {
      const SuggestEvalTicket *ticket = g_ptr_array_index (set->tests, i);
      guint rank = 0;
      gboolean hit = FALSE;

      if (ticket->answer == NULL)
        {
          gboolean shown = FALSE;

          for (guint j = 0; j < ranked[i].n; j++)
            shown |= ranked[i].scores[j] >= floor_score;
          counts->n_nothing++;
          counts->silent += !shown;
          continue;
        }
      counts->n_expected++;

      for (guint j = 0; j < ranked[i].n; j++)
        {
          if (ranked[i].scores[j] < floor_score)
            continue;
          if (ranked[i].hits[j])
            {
              counts->top1 += rank == 0;
              counts->top3 += rank < 3;
              hit = TRUE;
            }
          rank++;
        }
      counts->shown += rank > 0;
      counts->shown_hit += hit;
    }
}

static double
percent (guint part,
         guint whole)
{
  return whole > 0 ? 100.0 * part / whole : 0.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The nearest-rank percentile @p of the sorted @values. */
static double
percentile (const double *sorted,
            guint         n,
            double        p)
{
  guint rank = (guint) ceil (p / 100.0 * n);

  return sorted[CLAMP (rank, 1, n) - 1];
}

/* The figures; "silent" only when some test expects nothing. */
static void
print_figures (SuggestEvalSet *set,
               const Ranked   *ranked)
{
  guint n_tests = set->tests->len;
  g_autofree double *times = g_new (double, n_tests);
  Counts counts;

  count_at_floor (set, ranked, -G_MAXDOUBLE, &counts);
  for (guint i = 0; i < n_tests; i++)
    times[i] = ranked[i].ms;
  qsort (times, n_tests, sizeof (double), compare_doubles);

  g_print ("top-1: %.1f %%\n", percent (counts.top1, counts.n_expected));
  g_print ("top-3: %.1f %%\n", percent (counts.top3, counts.n_expected));
  g_print ("shown: %.1f %%\n", percent (counts.shown, counts.n_expected));
  g_print ("precision: %.1f %%\n", percent (counts.shown_hit, counts.shown));
  if (counts.n_nothing > 0)
    g_print ("silent: %.1f %%\n", percent (counts.silent, counts.n_nothing));
  g_print ("p50: %.2f ms\n", percentile (times, n_tests, 50));
  g_print ("p95: %.2f ms\n", percentile (times, n_tests, 95));
}

/* Prints @line followed by what was shown (key and score of each). */
static void
print_shown (GString      *line,
              const Ranked *ranked)
{
  for (guint j = 0; j < ranked->n; j++)
    g_string_append_printf (line, "%s %s %.3f", j > 0 ? "," : "", ranked->keys[j],
                            ranked->scores[j]);
  g_print ("%s\n", line->str);
}

static void
print_misses (SuggestEvalSet  *set,
              const Ranked *ranked)
{
  for (guint i = 0; i < set->tests->len; i++)
    {
      const SuggestEvalTicket *ticket = g_ptr_array_index (set->tests, i);
      g_autoptr(GString) line = g_string_new (NULL);
      guint rank = 0;

      if (ticket->answer == NULL)
        {
          if (ranked[i].n == 0)
            continue;
          g_string_append_printf (line, "miss %s: expected nothing, shown:", ticket->id);
          print_shown (line, &ranked[i]);
          continue;
        }
      if (ranked[i].n > 0 && ranked[i].hits[0])
        continue;
      for (guint j = 0; j < ranked[i].n && rank == 0; j++)
        if (ranked[i].hits[j])
          rank = j + 1;

      g_string_append_printf (line, "miss %s: expected %s, ", ticket->id, ticket->answer);
      if (rank > 0)
        g_string_append_printf (line, "shown at %u:", rank);
      else
        g_string_append (line, ranked[i].n > 0 ? "not shown:" : "nothing shown");
      print_shown (line, &ranked[i]);
    }
}

/* The figures at a range of score floors, computed from the suggestions the ranker returned
 * above its own floor (RAPPORT_RANKER_FLOOR): raising the floor only hides suggestions, so
 * every floor from the ranker's own up can be read off one run. */
static void
print_sweep (SuggestEvalSet *set,
             const Ranked   *ranked)
{
  Counts all;

  count_at_floor (set, ranked, -G_MAXDOUBLE, &all);
  g_print ("floor  shown    precision  top-1    top-3%s\n", all.n_nothing > 0 ? "    silent" : "");
  for (guint step = 0;; step++)
    {
      double floor_score = RAPPORT_RANKER_FLOOR + step * SWEEP_STEP;
      Counts counts;

      if (floor_score > SWEEP_MAX + 1e-9)
        break;
      count_at_floor (set, ranked, floor_score - 1e-9, &counts);
      g_print ("%.2f   %5.1f %%  %5.1f %%    %5.1f %%  %5.1f %%", floor_score,
               percent (counts.shown, counts.n_expected),
               percent (counts.shown_hit, counts.shown),
               percent (counts.top1, counts.n_expected), percent (counts.top3, counts.n_expected));
      if (counts.n_nothing > 0)
        g_print ("  %5.1f %%", percent (counts.silent, counts.n_nothing));
      g_print ("\n");
      if (counts.shown == 0 && counts.silent == counts.n_nothing)
        break;
    }
}

/* ------------------------------------------------------------------------------------ */

static int
evaluate (const char *path,
          gboolean    verbose,
          gboolean    sweep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SuggestEvalSet) set = _suggest_eval_read (path, &error);
  g_autoptr(RapportStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree Ranked *ranked = NULL;
  gboolean ok;
  gint64 now = 0;

  if (set == NULL)
    {
      g_printerr ("suggest-eval: %s: %s\n", path, error->message);
      return EXIT_BAD_INPUT;
    }

  dir = g_dir_make_tmp ("rapport-suggest-eval-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("suggest-eval: %s\n", error->message);
      return EXIT_FAILED;
    }
  db = g_build_filename (dir, "rapport.db", NULL);
  store = rapport_store_new (db);
  ranked = g_new0 (Ranked, set->tests->len);
  ok = rapport_store_open (store, NULL, &error) &&
       load_store (store, set, &now, &error) &&
       rank_tests (store, set, now, ranked, &error);
  rapport_store_close (store);
  g_clear_object (&store);
  remove_tree (dir);
  if (!ok)
    {
      g_printerr ("suggest-eval: %s: %s\n", path, error->message);
      for (guint i = 0; i < set->tests->len; i++)
        ranked_clear (&ranked[i]);
      return EXIT_FAILED;
    }

  if (verbose)
    print_misses (set, ranked);
  print_figures (set, ranked);
  if (sweep)
    print_sweep (set, ranked);

  for (guint i = 0; i < set->tests->len; i++)
    ranked_clear (&ranked[i]);
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  gboolean verbose = FALSE, sweep = FALSE;
  g_autofree char *demo_set = NULL;
  int n_history = DEMO_SET_HISTORY, n_tests = DEMO_SET_TESTS;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "List every test ticket whose expected answer did not come first", NULL },
    { "sweep", 's', 0, G_OPTION_ARG_NONE, &sweep,
      "Also print the figures at a range of score floors", NULL },
    { "write-demo-set", 0, 0, G_OPTION_ARG_FILENAME, &demo_set,
      "Write the labelled set made from the demo generator to FILE", "FILE" },
    { "history", 0, 0, G_OPTION_ARG_INT, &n_history,
      "History tickets of the demo set (default 400)", "N" },
    { "tests", 0, 0, G_OPTION_ARG_INT, &n_tests,
      "Test tickets of the demo set (default 200)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  /* Figures are printed with a decimal point whatever the locale. */
  setlocale (LC_NUMERIC, "C");

  g_option_context_set_summary (context,
                                "Measures the ranker of suggested replies on a labelled set "
                                "(docs/suggestions.md, \"Evaluating the ranker\").");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("suggest-eval: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }

  if (demo_set != NULL)
    {
      if (files != NULL || n_history < 0 || n_tests < 1 || n_history > SUGGEST_EVAL_MAX_HISTORY ||
          n_tests > SUGGEST_EVAL_MAX_TESTS)
        {
          g_printerr ("suggest-eval: --write-demo-set takes no other file, 0 to %d history "
                      "and 1 to %d test tickets\n", SUGGEST_EVAL_MAX_HISTORY, SUGGEST_EVAL_MAX_TESTS);
          return EXIT_BAD_INPUT;
        }
      if (!_suggest_eval_write_demo_set (demo_set, (guint) n_history, (guint) n_tests, &error))
        {
          g_printerr ("suggest-eval: %s\n", error->message);
          return EXIT_FAILED;
        }
      return EXIT_SUCCESS;
    }

  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("suggest-eval: give one labelled set\n\n%s", help);
      return EXIT_BAD_INPUT;
    }
  return evaluate (files[0], verbose, sweep);
}
