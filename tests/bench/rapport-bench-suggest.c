/* rapport-bench-suggest.c — the suggestion rows of the benchmark: ranking a ticket against a
 * large cache, and inserting a template with its placeholders filled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In a store of its own (a file in the bench's scratch directory, so that no other row sees
 * it), writes 1 000 canned responses, 5 000 articles and 100 000 past answers made of a
 * generated vocabulary (topics of rare words over a pool of common ones, so that term
 * frequencies look like real text), then times rapport_store_suggest () for tickets on random
 * topics, and rapport_template_parse () + rapport_template_render () of a canned response with
 * its values.
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include "rapport-bench.h"
#include "rapport-store-suggest.h"
#include "rapport-template.h"

#define SUGGEST_CANNED     1000
#define SUGGEST_ARTICLES   5000
#define SUGGEST_PAST       100000
#define SUGGEST_TOPICS     400
#define SUGGEST_TOPIC_WORDS 12
#define SUGGEST_COMMON     600
#define SUGGEST_BATCH      5000

static const char * const syllables[] = {
  "ba", "ke", "lo", "mi", "nu", "ra", "si", "to", "ve", "za", "dor", "pel", "quin", "str",
  "var", "lek", "mon", "tis", "gar", "bru",
};

/* A made-up word, distinct for each @n. */
static char *
make_word (guint n)
{
  GString *word = g_string_new (NULL);

  do
    {
      g_string_append (word, syllables[n % G_N_ELEMENTS (syllables)]);
      n /= G_N_ELEMENTS (syllables);
    }
  while (n > 0);
  g_string_append (word, "x");

  return g_string_free (word, FALSE);
}

typedef struct
{
  GRand  *rand;
  char  **common;  /* SUGGEST_COMMON words every text uses */
  char  **topical; /* SUGGEST_TOPICS × SUGGEST_TOPIC_WORDS words, rare */
} Vocabulary;

static void
vocabulary_init (Vocabulary *vocabulary)
{
  vocabulary->rand = g_rand_new_with_seed (909);
  vocabulary->common = g_new0 (char *, SUGGEST_COMMON + 1);
  vocabulary->topical = g_new0 (char *, SUGGEST_TOPICS * SUGGEST_TOPIC_WORDS + 1);
  for (guint i = 0; i < SUGGEST_COMMON; i++)
    vocabulary->common[i] = make_word (i);
  for (guint i = 0; i < SUGGEST_TOPICS * SUGGEST_TOPIC_WORDS; i++)
    vocabulary->topical[i] = make_word (SUGGEST_COMMON + i);
}

static void
vocabulary_clear (Vocabulary *vocabulary)
{
  g_rand_free (vocabulary->rand);
  g_strfreev (vocabulary->common);
  g_strfreev (vocabulary->topical);
}

/* @n_words words: about one in four from @topic, the others common (the first ones more
 * often, as in real text). */
static char *
make_text (Vocabulary *vocabulary,
           guint       topic,
           guint       n_words)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      const char *word;

      if (g_rand_int_range (vocabulary->rand, 0, 4) == 0)
        {
          word = vocabulary->topical[topic * SUGGEST_TOPIC_WORDS +
                                     g_rand_int_range (vocabulary->rand, 0, SUGGEST_TOPIC_WORDS)];
        }
      else
        {
          guint a = g_rand_int_range (vocabulary->rand, 0, SUGGEST_COMMON);
          guint b = g_rand_int_range (vocabulary->rand, 0, SUGGEST_COMMON);

          word = vocabulary->common[MIN (a, b)];
        }
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, word);
    }

  return g_string_free (text, FALSE);
}

static void
add_candidates (RapportStore *store,
                Vocabulary   *vocabulary)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < SUGGEST_CANNED + SUGGEST_ARTICLES; i++)
    {
      gboolean canned = i < SUGGEST_CANNED;
      guint topic = i % SUGGEST_TOPICS;
      g_autofree char *key = g_strdup_printf ("%s-%u", canned ? "canned" : "article", i);
      g_autofree char *title = make_text (vocabulary, topic, 4);
      g_autofree char *text = make_text (vocabulary, topic, canned ? 60 : 250);
      g_autofree char *body = g_strdup_printf ("Hi {{customer.first_name}},\n\n%s\n\n"
                                               "{{agent.first_name}}", text);
      g_autoptr(RapportCandidate) candidate = rapport_candidate_new (
        canned ? RAPPORT_CANDIDATE_CANNED : RAPPORT_CANDIDATE_ARTICLE, key, title, body);
      const char *tags[] = { vocabulary->topical[topic * SUGGEST_TOPIC_WORDS], NULL };

      rapport_candidate_set_tags (candidate, tags);
      rapport_candidate_set_channels (candidate, i % 3 == 0 ? 0 : 1u << (i % 5));
      if (!rapport_store_save_candidate (store, candidate, &error))
        g_error ("Saving a candidate: %s", error->message);
    }
}

static void
add_past_answers (RapportStore *store,
                  Vocabulary   *vocabulary)
{
  for (guint start = 0; start < SUGGEST_PAST; start += SUGGEST_BATCH)
    {
      g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;

      for (guint i = start; i < start + SUGGEST_BATCH; i++)
        {
          RapportPastAnswer *answer = g_new0 (RapportPastAnswer, 1);
          guint topic = g_rand_int_range (vocabulary->rand, 0, SUGGEST_TOPICS);
          char **messages = g_new0 (char *, 2);
          char *subject = make_text (vocabulary, topic, 5);
          char *key = g_strdup_printf ("h%u", i);
          char *answer_key = NULL;
          char *reply = NULL;

          messages[0] = make_text (vocabulary, topic, 20 + g_rand_int_range (vocabulary->rand,
                                                                              0, 60));
          /* Most were answered with one of the topic's canned responses, the rest by hand. */
          if (g_rand_int_range (vocabulary->rand, 0, 10) < 7)
            answer_key = g_strdup_printf ("canned-%u",
                                          topic + SUGGEST_TOPICS *
                                          g_rand_int_range (vocabulary->rand, 0,
                                                            SUGGEST_CANNED / SUGGEST_TOPICS));
          else
            reply = make_text (vocabulary, topic, 40);

          answer->key = key;
          answer->subject = subject;
          answer->channel = (RapportChannel) (i % 5);
          answer->messages = (const char * const *) messages;
          answer->answer_key = answer_key;
          answer->reply = reply;
          answer->answered_at = 1700000000 + i * 60;
          g_ptr_array_add (answers, answer);
          g_ptr_array_add (strings, subject);
          g_ptr_array_add (strings, key);
          g_ptr_array_add (strings, answer_key);
          g_ptr_array_add (strings, reply);
          g_ptr_array_add (strings, messages[0]);
          g_ptr_array_add (strings, messages);
        }

      if (!rapport_store_add_past_answers (store, (const RapportPastAnswer * const *)
                                           answers->pdata, answers->len, &error))
        g_error ("Adding past answers: %s", error->message);
    }
}

static void
time_suggest (RapportStore *store,
              Vocabulary   *vocabulary,
              guint         n_samples,
              gboolean      record)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 shown = 0;

  for (guint i = 0; i < n_samples; i++)
    {
      guint topic = g_rand_int_range (vocabulary->rand, 0, SUGGEST_TOPICS);
      g_autofree char *subject = make_text (vocabulary, topic, 5);
      g_autofree char *first = make_text (vocabulary, topic, 80);
      g_autofree char *second = make_text (vocabulary, topic, 40);
      const char *messages[] = { first, second, NULL };
      RapportSuggestQuery query = {
        .subject = subject, .channel = (RapportChannel) (i % 5), .messages = messages,
        .now = 1700000000 + SUGGEST_PAST * 60,
      };
      g_autoptr(GPtrArray) suggestions = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      suggestions = rapport_store_suggest (store, &query, RAPPORT_SUGGEST_MAX, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (suggestions == NULL)
        g_error ("Suggesting: %s", error->message);
      shown += suggestions->len;
      g_array_append_val (samples, ms);
    }

  if (!record)
    return;
  g_printerr ("  (%.1f suggestions shown per ticket)\n", (double) shown / n_samples);
  rapport_bench_add_latency_row ("Suggest for a ticket (100k past answers, 1k canned, 5k "
                                 "articles)", samples, -1, 10);
}

/* What the composer has at insert time. */
static const char * const render_values[][2] = {
  { "customer.first_name", "Chloé" },
  { "customer.name", "Chloé Silva" },
  { "ticket.id", "48213" },
  { "agent.first_name", "Sam" },
  { "last_contact", "I see you contacted us on 3 November about your invoice." },
  { "order_number", "A-1029" },
};

static void
time_render (guint n_samples)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) text = g_string_new ("Hi {{customer.first_name}},\n\n{{last_contact}}\n\n");

  for (guint i = 0; i < 12; i++)
    g_string_append (text, "I'm sorry you were charged twice for the same order; I have "
                           "refunded the duplicate payment to your card. ");
  g_string_append (text, "\n\nYour order {{order_number|Order number}} and your ticket "
                         "{{ticket.id}} are noted.\n\n{{agent.first_name}}");

  for (guint i = 0; i < G_N_ELEMENTS (render_values); i++)
    g_hash_table_insert (values, (gpointer) render_values[i][0], (gpointer) render_values[i][1]);

  for (guint i = 0; i < n_samples; i++)
    {
      g_autoptr(RapportTemplate) template = NULL;
      g_autoptr(GPtrArray) holes = NULL;
      g_autofree char *rendered = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      template = rapport_template_parse (text->str, &error);
      if (template == NULL)
        g_error ("Parsing the bench template: %s", error->message);
      rendered = rapport_template_render (template, values, &holes);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (holes->len != 0)
        g_error ("The bench template kept %u holes", holes->len);
      g_array_append_val (samples, ms);
    }

  rapport_bench_add_latency_row_precise ("Insert a template with placeholders (parse + render "
                                         "with values)", samples, -1, 2, 3);
}

void
rapport_bench_run_suggest (const char *dir,
                           guint       n_samples)
{
  g_autofree char *path = g_build_filename (dir, "suggest.sqlite", NULL);
  g_autoptr(RapportStore) store = rapport_store_new (path);
  g_autoptr(GError) error = NULL;
  Vocabulary vocabulary;
  gint64 t0;

  if (!rapport_store_open (store, NULL, &error))
    g_error ("Could not open %s: %s", path, error->message);

  g_printerr ("Writing suggestion content (%u canned, %u articles, %u past answers)…\n",
              SUGGEST_CANNED, SUGGEST_ARTICLES, SUGGEST_PAST);
  vocabulary_init (&vocabulary);
  t0 = g_get_monotonic_time ();
  add_candidates (store, &vocabulary);
  add_past_answers (store, &vocabulary);
  g_printerr ("  written in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);

  /* A few untimed runs first, as the other rows' warm page cache. */
  time_suggest (store, &vocabulary, MIN (n_samples, 10), FALSE);
  time_suggest (store, &vocabulary, n_samples, TRUE);
  time_render (n_samples);

  vocabulary_clear (&vocabulary);
  rapport_store_close (store);
}
