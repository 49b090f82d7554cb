/* rapport-suggest-eval.c: measures the ranker of suggested replies on a labelled set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-suggest-eval"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rapport-demo-suggest.h"
#include "rapport-demo.h"
#include "rapport-ranker-private.h"
#include "rapport-store-suggest.h"
#include "rapport-store.h"
#include "rapport-template.h"

/* Reads a labelled set (docs/suggestions.md, "Evaluating the ranker"), loads its candidates
 * and history into a throwaway store through the store's own functions, ranks each test
 * ticket with rapport_store_suggest() and prints how often the expected answer came first,
 * came in the first three, and was among what was shown, and how long each ranking took.
 * It knows nothing of where the set came from. With --write-demo-set it writes the labelled
 * set made from the demo generator instead. */

/* Bounds on what a file may hold; a file past them is refused, not truncated. */
#define MAX_FILE_BYTES  (64 * 1024 * 1024)
#define MAX_CANDIDATES  20000
#define MAX_HISTORY     200000
#define MAX_TESTS       20000
#define MAX_MESSAGES    50
#define MAX_TAGS        32
#define MAX_ID_BYTES    200
#define MAX_TAG_BYTES   200
#define MAX_TEXT_BYTES  RAPPORT_TEMPLATE_MAX_SIZE

/* Exit statuses: 2 for a file or a command line that cannot be used, 1 for a failure of
 * the run itself. */
#define EXIT_BAD_INPUT 2
#define EXIT_FAILED    1

/* The demo set: its sizes, seeds and anchor (tools/suggest-eval --write-demo-set). */
#define DEMO_SET_HISTORY 400
#define DEMO_SET_TESTS   200
#define DEMO_SET_ANCHOR  G_GINT64_CONSTANT (1795392000)

/* Floors of the sweep: from the ranker's own floor up, in these steps. */
#define SWEEP_STEP 0.05
#define SWEEP_MAX  1.50

typedef struct
{
  char           *id;
  char           *subject;
  RapportChannel  channel;
  GStrv           tags;
  GStrv           messages;
  char           *answer;       /* history: the candidate used (may be NULL); tests: expected */
  char           *reply;        /* history only, may be NULL */
  gint64          answered_at;  /* history only */
} Ticket;

static void
ticket_free (Ticket *ticket)
{
  g_free (ticket->id);
  g_free (ticket->subject);
  g_strfreev (ticket->tags);
  g_strfreev (ticket->messages);
  g_free (ticket->answer);
  g_free (ticket->reply);
  g_free (ticket);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ticket, ticket_free)

typedef struct
{
  GPtrArray  *candidates;     /* RapportCandidate */
  GPtrArray  *history;        /* Ticket */
  GPtrArray  *tests;          /* Ticket */
  GHashTable *history_answer; /* history id → its answer (or NULL) */
} LabelledSet;

static void
labelled_set_free (LabelledSet *set)
{
  g_clear_pointer (&set->candidates, g_ptr_array_unref);
  g_clear_pointer (&set->history, g_ptr_array_unref);
  g_clear_pointer (&set->tests, g_ptr_array_unref);
  g_clear_pointer (&set->history_answer, g_hash_table_unref);
  g_free (set);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabelledSet, labelled_set_free)

/* ------------------------------------------------------------------------------------ */
/* Reading a labelled set                                                                */

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError     **error,
      const char  *where,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", where, message);
  return FALSE;
}

/* The member @key of @object: NULL when absent or JSON null. */
static JsonNode *
member (JsonObject *object,
        const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A string member of at most @max_bytes, not empty when @required. *@out is left NULL when
 * the member is absent and not required. */
static gboolean
read_string (JsonObject  *object,
             const char  *key,
             gboolean     required,
             gsize        max_bytes,
             const char  *where,
             char       **out,
             GError     **error)
{
  JsonNode *node = member (object, key);
  const char *value;

  if (node == NULL)
    {
      if (required)
        return fail (error, where, "\"%s\" is missing", key);
      return TRUE;
    }
  if (!is_string (node))
    return fail (error, where, "\"%s\" must be a string", key);
  value = json_node_get_string (node);
  if (strlen (value) > max_bytes)
    return fail (error, where, "\"%s\" is longer than %" G_GSIZE_FORMAT " bytes", key,
                 max_bytes);
  if (required && value[0] == '\0')
    return fail (error, where, "\"%s\" is empty", key);

  *out = g_strdup (value);
  return TRUE;
}

/* An array of strings (at most @max_items of at most @max_bytes each, at least @min_items).
 * Absent: an empty list, unless @min_items > 0. */
static gboolean
read_strings (JsonObject  *object,
              const char  *key,
              guint        min_items,
              guint        max_items,
              gsize        max_bytes,
              const char  *where,
              GStrv       *out,
              GError     **error)
{
  JsonNode *node = member (object, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (node == NULL)
    {
      if (min_items > 0)
        return fail (error, where, "\"%s\" is missing", key);
      *out = g_strv_builder_end (builder);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, "\"%s\" must be an array of strings", key);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < min_items)
    return fail (error, where, "\"%s\" must hold at least %u string%s", key, min_items,
                 min_items == 1 ? "" : "s");
  if (n > max_items)
    return fail (error, where, "\"%s\" holds more than %u strings", key, max_items);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_string (element))
        return fail (error, where, "\"%s\"[%u] must be a string", key, i);
      if (strlen (json_node_get_string (element)) > max_bytes)
        return fail (error, where, "\"%s\"[%u] is longer than %" G_GSIZE_FORMAT " bytes", key,
                     i, max_bytes);
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_channel (JsonObject     *object,
              const char     *where,
              RapportChannel *channel,
              GError        **error)
{
  g_autofree char *name = NULL;

  *channel = RAPPORT_CHANNEL_EMAIL;
  if (!read_string (object, "channel", FALSE, MAX_ID_BYTES, where, &name, error))
    return FALSE;
  if (name != NULL && !rapport_channel_from_string (name, channel))
    return fail (error, where, "\"channel\" must be one of email, chat, phone, social, web "
                 "(not \"%s\")", name);
  return TRUE;
}

/* "where" of entry @index of @section: `candidates[3] ("refund-policy")`. */
static char *
describe_entry (const char *section,
                guint       index,
                JsonObject *object)
{
  JsonNode *id = object != NULL ? member (object, "id") : NULL;

  if (id != NULL && is_string (id) && strlen (json_node_get_string (id)) <= MAX_ID_BYTES)
    return g_strdup_printf ("%s[%u] (\"%s\")", section, index, json_node_get_string (id));
  return g_strdup_printf ("%s[%u]", section, index);
}

static JsonArray *
read_section (JsonObject  *root,
              const char  *section,
              gboolean     required,
              guint        max_entries,
              GError     **error)
{
  JsonNode *node = member (root, section);
  JsonArray *array;

  if (node == NULL)
    {
      if (required)
        {
          fail (error, "the file", "\"%s\" is missing", section);
          return NULL;
        }
      return json_array_new ();
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, "the file", "\"%s\" must be an array of objects", section);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_entries)
    {
      fail (error, "the file", "\"%s\" holds more than %u entries", section, max_entries);
      return NULL;
    }
  return json_array_ref (array);
}

/* The entry @index of @array as an object, or NULL with @error set. */
static JsonObject *
entry_object (JsonArray   *array,
              const char  *section,
              guint        index,
              GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *where = describe_entry (section, index, NULL);

      fail (error, where, "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

static RapportCandidate *
read_candidate (JsonObject  *object,
                const char  *where,
                GError     **error)
{
  g_autofree char *id = NULL, *kind_name = NULL, *title = NULL, *body = NULL;
  g_autofree char *short_body = NULL, *url = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) channel_names = NULL;
  RapportCandidateKind kind;
  RapportCandidate *candidate;
  guint channels = 0;

  if (!read_string (object, "id", TRUE, MAX_ID_BYTES, where, &id, error) ||
      !read_string (object, "kind", TRUE, MAX_ID_BYTES, where, &kind_name, error) ||
      !read_string (object, "title", FALSE, MAX_TEXT_BYTES, where, &title, error) ||
      !read_string (object, "body", TRUE, MAX_TEXT_BYTES, where, &body, error) ||
      !read_string (object, "short", FALSE, MAX_TEXT_BYTES, where, &short_body, error) ||
      !read_string (object, "url", FALSE, MAX_TEXT_BYTES, where, &url, error) ||
      !read_strings (object, "tags", 0, MAX_TAGS, MAX_TAG_BYTES, where, &tags, error) ||
      !read_strings (object, "channels", 0, 5, MAX_ID_BYTES, where, &channel_names, error))
    return NULL;

  if (!g_str_equal (kind_name, "canned") && !g_str_equal (kind_name, "article"))
    {
      fail (error, where, "\"kind\" must be \"canned\" or \"article\" (not \"%s\")", kind_name);
      return NULL;
    }
  rapport_candidate_kind_from_string (kind_name, &kind);
  for (guint i = 0; channel_names[i] != NULL; i++)
    {
      RapportChannel channel;

      if (!rapport_channel_from_string (channel_names[i], &channel))
        {
          fail (error, where, "\"channels\"[%u] must be one of email, chat, phone, social, web "
                "(not \"%s\")", i, channel_names[i]);
          return NULL;
        }
      channels |= RAPPORT_CHANNEL_MASK (channel);
    }

  candidate = rapport_candidate_new (kind, id, title != NULL ? title : id, body);
  if (short_body != NULL && short_body[0] != '\0')
    rapport_candidate_set_short_body (candidate, short_body);
  if (url != NULL && url[0] != '\0')
    rapport_candidate_set_url (candidate, url);
  rapport_candidate_set_tags (candidate, (const char * const *) tags);
  rapport_candidate_set_channels (candidate, channels);
  return candidate;
}

/* A history entry (@history) or a test. */
static Ticket *
read_ticket (JsonObject  *object,
             const char  *where,
             gboolean     history,
             GError     **error)
{
  g_autoptr(Ticket) ticket = g_new0 (Ticket, 1);
  JsonNode *answered_at;

  if (!read_string (object, "id", TRUE, MAX_ID_BYTES, where, &ticket->id, error) ||
      !read_string (object, "subject", FALSE, MAX_TEXT_BYTES, where, &ticket->subject, error) ||
      !read_channel (object, where, &ticket->channel, error) ||
      !read_strings (object, "tags", 0, MAX_TAGS, MAX_TAG_BYTES, where, &ticket->tags, error) ||
      !read_strings (object, "messages", 1, MAX_MESSAGES, MAX_TEXT_BYTES, where,
                     &ticket->messages, error))
    return NULL;

  if (!history)
    {
      if (!read_string (object, "expected", TRUE, MAX_ID_BYTES, where, &ticket->answer, error))
        return NULL;
      return g_steal_pointer (&ticket);
    }

  if (!read_string (object, "answer", FALSE, MAX_ID_BYTES, where, &ticket->answer, error) ||
      !read_string (object, "reply", FALSE, MAX_TEXT_BYTES, where, &ticket->reply, error))
    return NULL;
  if ((ticket->answer == NULL || ticket->answer[0] == '\0') &&
      (ticket->reply == NULL || ticket->reply[0] == '\0'))
    {
      fail (error, where, "needs \"answer\" or \"reply\"");
      return NULL;
    }
  answered_at = member (object, "answered_at");
  if (answered_at != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (answered_at) ||
          json_node_get_value_type (answered_at) != G_TYPE_INT64 ||
          json_node_get_int (answered_at) < 0)
        {
          fail (error, where, "\"answered_at\" must be a whole number of seconds (unix time)");
          return NULL;
        }
      ticket->answered_at = json_node_get_int (answered_at);
    }
  return g_steal_pointer (&ticket);
}

static LabelledSet *
read_labelled_set (const char  *path,
                   GError     **error)
{
  g_autoptr(LabelledSet) set = g_new0 (LabelledSet, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) candidate_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) test_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) candidates = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonArray) tests = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;

  /* Refuse a huge file before reading it. */
  {
    GStatBuf st;

    if (g_stat (path, &st) != 0)
      {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                     g_strerror (saved));
        return NULL;
      }
    if (st.st_size > MAX_FILE_BYTES)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s: larger than %d MiB", path, MAX_FILE_BYTES / (1024 * 1024));
        return NULL;
      }
  }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, contents, (gssize) length, error))
    {
      g_prefix_error (error, "%s: not JSON: ", path);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: must hold one JSON object with \"candidates\", \"history\" and "
                   "\"tests\"", path);
      return NULL;
    }

  candidates = read_section (json_node_get_object (root), "candidates", TRUE, MAX_CANDIDATES,
                             error);
  if (candidates == NULL)
    return NULL;
  history = read_section (json_node_get_object (root), "history", FALSE, MAX_HISTORY, error);
  if (history == NULL)
    return NULL;
  tests = read_section (json_node_get_object (root), "tests", TRUE, MAX_TESTS, error);
  if (tests == NULL)
    return NULL;
  if (json_array_get_length (tests) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the file: \"tests\" must hold at least one entry");
      return NULL;
    }

  set->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  set->history = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_free);
  set->tests = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_free);
  set->history_answer = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (candidates); i++)
    {
      JsonObject *object = entry_object (candidates, "candidates", i, error);
      g_autofree char *where = NULL;
      RapportCandidate *candidate;

      if (object == NULL)
        return NULL;
      where = describe_entry ("candidates", i, object);
      candidate = read_candidate (object, where, error);
      if (candidate == NULL)
        return NULL;
      g_ptr_array_add (set->candidates, candidate);
      if (!g_hash_table_add (candidate_ids, (gpointer) rapport_candidate_get_key (candidate)))
        {
          fail (error, where, "another candidate has the id \"%s\"",
                rapport_candidate_get_key (candidate));
          return NULL;
        }
    }

  for (guint s = 0; s < 2; s++)
    {
      gboolean is_history = s == 0;
      const char *section = is_history ? "history" : "tests";
      JsonArray *array = is_history ? history : tests;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = entry_object (array, section, i, error);
          g_autofree char *where = NULL;
          Ticket *ticket;

          if (object == NULL)
            return NULL;
          where = describe_entry (section, i, object);
          ticket = read_ticket (object, where, is_history, error);
          if (ticket == NULL)
            return NULL;
          g_ptr_array_add (is_history ? set->history : set->tests, ticket);

          if (ticket->answer != NULL && ticket->answer[0] != '\0' &&
              !g_hash_table_contains (candidate_ids, ticket->answer))
            {
              fail (error, where, "\"%s\" names no candidate (\"%s\")",
                    is_history ? "answer" : "expected", ticket->answer);
              return NULL;
            }
          if (!g_hash_table_insert (is_history ? set->history_answer : test_ids, ticket->id,
                                    ticket->answer))
            {
              fail (error, where, "another entry of \"%s\" has the id \"%s\"", section,
                    ticket->id);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&set);
}

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
            LabelledSet   *set,
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
      const Ticket *ticket = g_ptr_array_index (set->history, i);
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
is_expected (LabelledSet       *set,
             RapportSuggestion *suggestion,
             const char        *expected)
{
  RapportCandidate *candidate = rapport_suggestion_get_candidate (suggestion);
  const char *key = rapport_candidate_get_key (candidate);

  if (rapport_candidate_get_kind (candidate) == RAPPORT_CANDIDATE_PAST_REPLY)
    return g_strcmp0 (g_hash_table_lookup (set->history_answer, key), expected) == 0;
  return g_str_equal (key, expected);
}

static gboolean
rank_tests (RapportStore  *store,
            LabelledSet   *set,
            gint64         now,
            Ranked        *ranked,
            GError       **error)
{
  for (guint i = 0; i < set->tests->len; i++)
    {
      const Ticket *ticket = g_ptr_array_index (set->tests, i);
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

typedef struct
{
  guint top1;
  guint top3;
  guint shown;
  guint shown_hit;
} Counts;

/* The counts when only suggestions scoring @floor or more are shown. */
static void
count_at_floor (const Ranked *ranked,
                guint         n_tests,
                double        floor_score,
                Counts       *counts)
{
  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < n_tests; i++)
    {
      guint rank = 0;
      gboolean hit = FALSE;

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

static void
print_figures (const Ranked *ranked,
               guint         n_tests)
{
  g_autofree double *times = g_new (double, n_tests);
  Counts counts;

  count_at_floor (ranked, n_tests, -G_MAXDOUBLE, &counts);
  for (guint i = 0; i < n_tests; i++)
    times[i] = ranked[i].ms;
  qsort (times, n_tests, sizeof (double), compare_doubles);

  g_print ("top-1: %.1f %%\n", percent (counts.top1, n_tests));
  g_print ("top-3: %.1f %%\n", percent (counts.top3, n_tests));
  g_print ("shown: %.1f %%\n", percent (counts.shown, n_tests));
  g_print ("precision: %.1f %%\n", percent (counts.shown_hit, counts.shown));
  g_print ("p50: %.2f ms\n", percentile (times, n_tests, 50));
  g_print ("p95: %.2f ms\n", percentile (times, n_tests, 95));
}

static void
print_misses (LabelledSet  *set,
              const Ranked *ranked)
{
  for (guint i = 0; i < set->tests->len; i++)
    {
      const Ticket *ticket = g_ptr_array_index (set->tests, i);
      g_autoptr(GString) line = g_string_new (NULL);
      guint rank = 0;

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
      for (guint j = 0; j < ranked[i].n; j++)
        g_string_append_printf (line, "%s %s %.3f", j > 0 ? "," : "", ranked[i].keys[j],
                                ranked[i].scores[j]);
      g_print ("%s\n", line->str);
    }
}

/* The figures at a range of score floors, computed from the suggestions the ranker returned
 * above its own floor (RAPPORT_RANKER_FLOOR): raising the floor only hides suggestions, so
 * every floor from the ranker's own up can be read off one run. */
static void
print_sweep (const Ranked *ranked,
             guint         n_tests)
{
  g_print ("floor  shown    precision  top-1    top-3\n");
  for (guint step = 0;; step++)
    {
      double floor_score = RAPPORT_RANKER_FLOOR + step * SWEEP_STEP;
      Counts counts;

      if (floor_score > SWEEP_MAX + 1e-9)
        break;
      count_at_floor (ranked, n_tests, floor_score - 1e-9, &counts);
      g_print ("%.2f   %5.1f %%  %5.1f %%    %5.1f %%  %5.1f %%\n", floor_score,
               percent (counts.shown, n_tests), percent (counts.shown_hit, counts.shown),
               percent (counts.top1, n_tests), percent (counts.top3, n_tests));
      if (counts.shown == 0)
        break;
    }
}

/* ------------------------------------------------------------------------------------ */
/* The demo set                                                                          */

static void
add_strings (JsonBuilder        *builder,
             const char         *key,
             const char * const *strings)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
add_demo_tickets (JsonBuilder *builder,
                  const char  *section,
                  const char  *prefix,
                  GPtrArray   *tickets,
                  gboolean     history)
{
  json_builder_set_member_name (builder, section);
  json_builder_begin_array (builder);
  for (guint i = 0; i < tickets->len; i++)
    {
      RapportDemoSuggestTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *id = g_strdup_printf ("%s%u", prefix, i + 1);

      json_builder_begin_object (builder);
      add_string (builder, "id", id);
      add_string (builder, "subject", ticket->subject);
      add_string (builder, "channel", rapport_channel_to_string (ticket->channel));
      add_strings (builder, "tags", (const char * const *) ticket->tags);
      add_strings (builder, "messages", (const char * const *) ticket->messages);
      if (history)
        {
          add_string (builder, "answer", ticket->expected);
          add_string (builder, "reply", ticket->reply);
          json_builder_set_member_name (builder, "answered_at");
          json_builder_add_int_value (builder, ticket->answered_at);
        }
      else
        add_string (builder, "expected", ticket->expected);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
write_demo_set (const char  *path,
                guint        n_history,
                guint        n_tests,
                GError     **error)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize length;

  history = rapport_demo_suggest_tickets (RAPPORT_DEMO_DEFAULT_SEED, n_history,
                                          RAPPORT_DEMO_SUGGEST_WORDING_HISTORY,
                                          DEMO_SET_ANCHOR);
  tests = rapport_demo_suggest_tickets (RAPPORT_DEMO_DEFAULT_SEED + 1, n_tests,
                                        RAPPORT_DEMO_SUGGEST_WORDING_TEST, DEMO_SET_ANCHOR);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);
      guint channels = rapport_candidate_get_channels (candidate);

      json_builder_begin_object (builder);
      add_string (builder, "id", rapport_candidate_get_key (candidate));
      add_string (builder, "kind",
                  rapport_candidate_kind_to_string (rapport_candidate_get_kind (candidate)));
      add_string (builder, "title", rapport_candidate_get_title (candidate));
      add_string (builder, "body", rapport_candidate_get_body (candidate));
      if (rapport_candidate_get_short_body (candidate) != NULL)
        add_string (builder, "short", rapport_candidate_get_short_body (candidate));
      add_strings (builder, "tags", rapport_candidate_get_tags (candidate));
      if (channels != 0)
        {
          json_builder_set_member_name (builder, "channels");
          json_builder_begin_array (builder);
          for (RapportChannel c = RAPPORT_CHANNEL_EMAIL; c <= RAPPORT_CHANNEL_WEB; c++)
            if ((channels & RAPPORT_CHANNEL_MASK (c)) != 0)
              json_builder_add_string_value (builder, rapport_channel_to_string (c));
          json_builder_end_array (builder);
        }
      if (rapport_candidate_get_url (candidate) != NULL)
        add_string (builder, "url", rapport_candidate_get_url (candidate));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_demo_tickets (builder, "history", "h", history, TRUE);
  add_demo_tickets (builder, "tests", "t", tests, FALSE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  text = g_realloc (text, length + 2);
  text[length++] = '\n';
  text[length] = '\0';
  return g_file_set_contents (path, text, (gssize) length, error);
}

/* ------------------------------------------------------------------------------------ */

static int
evaluate (const char *path,
          gboolean    verbose,
          gboolean    sweep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabelledSet) set = read_labelled_set (path, &error);
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
  print_figures (ranked, set->tests->len);
  if (sweep)
    print_sweep (ranked, set->tests->len);

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
      if (files != NULL || n_history < 0 || n_tests < 1 || n_history > MAX_HISTORY ||
          n_tests > MAX_TESTS)
        {
          g_printerr ("suggest-eval: --write-demo-set takes no other file, 0 to %d history "
                      "and 1 to %d test tickets\n", MAX_HISTORY, MAX_TESTS);
          return EXIT_BAD_INPUT;
        }
      if (!write_demo_set (demo_set, (guint) n_history, (guint) n_tests, &error))
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
