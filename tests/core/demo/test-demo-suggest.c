/* test-demo-suggest.c — the demo workspace's canned responses and articles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-demo-suggest"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-demo-suggest.h"
#include "rapport-demo.h"
#include "rapport-hints.h"
#include "rapport-template.h"

#define ANCHOR G_GINT64_CONSTANT (1795392000)

/* A value for every placeholder a demo body uses: variables as the composer fills them,
 * required fields as an agent would. */
static GHashTable *
make_values (const RapportTemplate *template)
{
  static const char * const variables[][2] = {
    { RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME, "Chloé" },
    { RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME, "Chloé Silva" },
    { RAPPORT_TEMPLATE_VAR_TICKET_ID, "4821" },
    { RAPPORT_TEMPLATE_VAR_AGENT_FIRST_NAME, "Sam" },
    { RAPPORT_TEMPLATE_VAR_LAST_CONTACT,
      "I see you contacted us on 3 November about your order." },
  };
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    g_hash_table_insert (values, (gpointer) variables[i][0], (gpointer) variables[i][1]);
  for (guint i = 0; i < rapport_template_get_n_segments (template); i++)
    {
      const RapportTemplateSegment *segment = rapport_template_get_segment (template, i);

      if (segment->kind == RAPPORT_TEMPLATE_SEGMENT_FIELD)
        g_hash_table_insert (values, (gpointer) segment->name, (gpointer) "NW-20418");
    }
  return values;
}

static guint
count_fields (const RapportTemplate *template,
              const char            *name)
{
  guint n = 0;

  for (guint i = 0; i < rapport_template_get_n_segments (template); i++)
    {
      const RapportTemplateSegment *segment = rapport_template_get_segment (template, i);

      if (segment->kind == RAPPORT_TEMPLATE_SEGMENT_FIELD &&
          (name == NULL || strcmp (segment->name, name) == 0))
        n++;
    }
  return n;
}

/* Parses @text, fills every placeholder in and returns what an agent would send. */
static char *
render_filled (const char *key,
               const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTemplate) template = rapport_template_parse (text, &error);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) holes = NULL;
  char *rendered;

  if (template == NULL)
    g_error ("%s: %s", key, error->message);
  values = make_values (template);
  rendered = rapport_template_render (template, values, &holes);
  g_assert_cmpuint (holes->len, ==, 0);
  return rendered;
}

/* The hints on @text once filled in, each reported; returns how many. */
static guint
count_hints (const char     *key,
                 const char     *text,
                 RapportChannel  channel)
{
  g_autofree char *rendered = render_filled (key, text);
  RapportHintsInput input = { .draft = rendered, .channel = channel, .language = "en" };
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportHints) hints = rapport_hints_check (&input, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (hints->language, ==, "en");
  for (guint i = 0; i < hints->hints->len; i++)
    {
      const RapportHint *hint = g_ptr_array_index (hints->hints, i);

      g_test_message ("%s (channel %d): hint %d at [%.*s]", key, channel, hint->kind,
                      (int) (hint->end - hint->start), rendered + hint->start);
    }
  return hints->hints->len;
}

static void
test_content (void)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_canned = 0, n_articles = 0, n_short = 0, n_email_only = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);
      const char *key = rapport_candidate_get_key (candidate);
      g_autofree char *remote_id = NULL;

      g_assert_true (g_hash_table_add (keys, (gpointer) key));
      g_assert_cmpint (rapport_candidate_get_account_id (candidate), ==, 0);
      g_assert_cmpuint (g_strv_length ((GStrv) rapport_candidate_get_tags (candidate)), >, 0);
      g_assert_cmpuint (strlen (rapport_candidate_get_title (candidate)), >, 0);

      if (rapport_candidate_get_kind (candidate) == RAPPORT_CANDIDATE_CANNED)
        {
          n_canned++;
          remote_id = g_strconcat ("demo-canned-", key, NULL);
          g_assert_null (rapport_candidate_get_url (candidate));
          n_short += rapport_candidate_get_short_body (candidate) != NULL;
          if (rapport_candidate_get_channels (candidate) ==
              RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_EMAIL))
            {
              n_email_only++;
              g_assert_null (rapport_candidate_get_short_body (candidate));
            }
          /* A canned response greets the customer and is signed by the agent. */
          g_assert_true (g_str_has_prefix (rapport_candidate_get_body (candidate),
                                           "Hi {{customer.first_name}},\n\n"));
          g_assert_true (g_str_has_suffix (rapport_candidate_get_body (candidate),
                                           "\n{{agent.first_name}}"));
        }
      else
        {
          g_autofree char *url = NULL;

          g_assert_cmpint (rapport_candidate_get_kind (candidate), ==,
                           RAPPORT_CANDIDATE_ARTICLE);
          n_articles++;
          remote_id = g_strconcat ("demo-article-", key, NULL);
          url = g_strconcat ("https://help.example.com/articles/", key, NULL);
          g_assert_cmpstr (rapport_candidate_get_url (candidate), ==, url);
          g_assert_null (rapport_candidate_get_short_body (candidate));
          g_assert_cmpuint (rapport_candidate_get_channels (candidate), ==, 0);
          /* The first paragraph stands alone as an excerpt. */
          g_assert_nonnull (strstr (rapport_candidate_get_body (candidate), ".\n\n"));
        }
      g_assert_cmpstr (rapport_candidate_get_remote_id (candidate), ==, remote_id);
    }

  g_assert_cmpuint (n_canned, >=, 30);
  g_assert_cmpuint (n_articles, >=, 15);
  g_assert_cmpuint (n_short, >=, 25);
  g_assert_cmpuint (n_email_only, >=, 3);
  g_assert_true (g_hash_table_contains (keys, "refund-policy"));
  g_assert_true (g_hash_table_contains (keys, "password-reset"));
}

/* Same content, same order, on every call. */
static void
test_stable (void)
{
  g_autoptr(GPtrArray) a = rapport_demo_suggest_candidates ();
  g_autoptr(GPtrArray) b = rapport_demo_suggest_candidates ();

  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      RapportCandidate *x = g_ptr_array_index (a, i);
      RapportCandidate *y = g_ptr_array_index (b, i);

      g_assert_true (x != y);
      g_assert_cmpstr (rapport_candidate_get_key (x), ==, rapport_candidate_get_key (y));
      g_assert_cmpstr (rapport_candidate_get_body (x), ==, rapport_candidate_get_body (y));
    }
}

/* Every body and short form parses, and renders with no hole once filled in. The refund
 * answer asks the agent for the order number. */
static void
test_templates (void)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();
  guint n_with_fields = 0, n_last_contact = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);
      const char *key = rapport_candidate_get_key (candidate);
      const char *short_body = rapport_candidate_get_short_body (candidate);
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportTemplate) template = NULL;
      g_autofree char *rendered = NULL;

      template = rapport_template_parse (rapport_candidate_get_body (candidate), &error);
      g_assert_no_error (error);
      n_with_fields += count_fields (template, NULL) > 0;
      n_last_contact += strstr (rapport_candidate_get_body (candidate), "{{last_contact}}") != NULL;
      if (strcmp (key, "refund-policy") == 0)
        {
          g_assert_cmpuint (count_fields (template, "order_number"), ==, 1);
          g_assert_nonnull (strstr (rapport_candidate_get_body (candidate),
                                    "{{order_number|Order number}}"));
        }

      rendered = render_filled (key, rapport_candidate_get_body (candidate));
      g_assert_false (rapport_template_find_unresolved (rendered, 0, NULL));
      if (short_body != NULL)
        {
          g_autoptr(RapportTemplate) short_template = rapport_template_parse (short_body, &error);

          g_assert_no_error (error);
          /* The short form asks for what the full form asks for. */
          g_assert_cmpuint (count_fields (short_template, NULL), ==, count_fields (template, NULL));
        }
    }
  g_assert_cmpuint (n_with_fields, >=, 10);
  g_assert_cmpuint (n_last_contact, >=, 1);
}

/* Written as the team writes: the hints engine has nothing to say about any of them, on the
 * channels they are for. */
static void
test_no_hints (void)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();
  guint n_hints = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);
      const char *key = rapport_candidate_get_key (candidate);
      const RapportChannel channels[] = {
        RAPPORT_CHANNEL_EMAIL, RAPPORT_CHANNEL_CHAT, RAPPORT_CHANNEL_SOCIAL, RAPPORT_CHANNEL_WEB,
      };

      for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
        {
          if (!rapport_candidate_fits_channel (candidate, channels[c]))
            continue;
          n_hints += count_hints (key,
                                  rapport_candidate_get_body_for_channel (candidate, channels[c]),
                                  channels[c]);
        }
    }
  g_assert_cmpuint (n_hints, ==, 0);
}

/* The sentences of @text of at least @min_words words, as the hints engine splits them. */
static GPtrArray *
sentences_of (const char *text,
              guint       min_words)
{
  g_autoptr(GArray) spans = rapport_hints_split_sentences (text, -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i + 1 < spans->len; i += 2)
    {
      gsize start = g_array_index (spans, gsize, i);
      gsize end = g_array_index (spans, gsize, i + 1);
      char *sentence = g_strndup (text + start, end - start);
      g_auto(GStrv) words = g_strsplit_set (sentence, " \n", -1);

      if (g_strv_length (words) >= min_words)
        g_ptr_array_add (out, sentence);
      else
        g_free (sentence);
    }
  return out;
}

/* What identifies each demo candidate in a reply: its sentences without placeholders
 * (full and short form), mapped to its key. */
static GHashTable *
candidate_fragments (void)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();
  GHashTable *fragments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);
      const char *forms[] = { rapport_candidate_get_body (candidate),
                              rapport_candidate_get_short_body (candidate) };

      for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
        {
          g_autoptr(GPtrArray) sentences = NULL;

          if (forms[f] == NULL)
            continue;
          sentences = sentences_of (forms[f], 5);
          for (guint j = 0; j < sentences->len; j++)
            if (strstr (sentences->pdata[j], "{{") == NULL)
              g_hash_table_replace (fragments, g_strdup (sentences->pdata[j]),
                                    g_strdup (rapport_candidate_get_key (candidate)));
        }
    }
  return fragments;
}

/* The key of the candidate whose sentence @text holds, or NULL. */
static const char *
find_fragment (GHashTable *fragments,
               const char *text)
{
  GHashTableIter iter;
  gpointer fragment, key;

  g_hash_table_iter_init (&iter, fragments);
  while (g_hash_table_iter_next (&iter, &fragment, &key))
    if (strstr (text, fragment) != NULL)
      return key;
  return NULL;
}

static void
assert_same_tickets (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      RapportDemoSuggestTicket *x = g_ptr_array_index (a, i);
      RapportDemoSuggestTicket *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->subject, ==, y->subject);
      g_assert_cmpint (x->channel, ==, y->channel);
      g_assert_true (g_strv_equal ((const char * const *) x->tags,
                                   (const char * const *) y->tags));
      g_assert_true (g_strv_equal ((const char * const *) x->messages,
                                   (const char * const *) y->messages));
      g_assert_cmpstr (x->expected, ==, y->expected);
      g_assert_cmpstr (x->reply, ==, y->reply);
      g_assert_cmpint (x->answered_at, ==, y->answered_at);
    }
}

/* Labelled sets are a pure function of their arguments. */
static void
test_labelled_deterministic (void)
{
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  guint differing = 0;

  a = rapport_demo_suggest_tickets (11, 60, RAPPORT_DEMO_SUGGEST_WORDING_HISTORY, ANCHOR);
  b = rapport_demo_suggest_tickets (11, 60, RAPPORT_DEMO_SUGGEST_WORDING_HISTORY, ANCHOR);
  c = rapport_demo_suggest_tickets (12, 60, RAPPORT_DEMO_SUGGEST_WORDING_HISTORY, ANCHOR);
  assert_same_tickets (a, b);
  for (guint i = 0; i < a->len; i++)
    differing += g_strcmp0 (((RapportDemoSuggestTicket *) a->pdata[i])->subject,
                            ((RapportDemoSuggestTicket *) c->pdata[i])->subject) != 0;
  g_assert_cmpuint (differing, >, 30);
}

/* Each labelled ticket is answered by a demo candidate that fits its channel, filled in with
 * no hole; the customer never writes a sentence of that answer; the test wording shares no
 * sentence of a topic with the history wording. */
static void
test_labelled_words (void)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) history_sentences = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                   g_free, g_free);
  g_autoptr(GHashTable) keys_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  RapportDemoSuggestWording wordings[] = { RAPPORT_DEMO_SUGGEST_WORDING_HISTORY,
                                           RAPPORT_DEMO_SUGGEST_WORDING_TEST };

  for (guint i = 0; i < candidates->len; i++)
    g_hash_table_insert (by_key, (gpointer) rapport_candidate_get_key (candidates->pdata[i]),
                         candidates->pdata[i]);

  for (guint w = 0; w < G_N_ELEMENTS (wordings); w++)
    {
      gboolean test = wordings[w] == RAPPORT_DEMO_SUGGEST_WORDING_TEST;
      g_autoptr(GPtrArray) tickets = rapport_demo_suggest_tickets (3 + w, 400, wordings[w],
                                                                   ANCHOR);

      for (guint i = 0; i < tickets->len; i++)
        {
          RapportDemoSuggestTicket *ticket = g_ptr_array_index (tickets, i);
          RapportCandidate *candidate = g_hash_table_lookup (by_key, ticket->expected);
          g_autoptr(GPtrArray) answer = NULL;

          g_assert_nonnull (candidate);
          g_hash_table_add (keys_seen, g_strdup (ticket->expected));
          g_assert_true (rapport_candidate_fits_channel (candidate, ticket->channel));
          g_assert_cmpint (ticket->channel, !=, RAPPORT_CHANNEL_PHONE);
          g_assert_cmpuint (strlen (ticket->subject), >, 0);
          g_assert_cmpuint (g_strv_length (ticket->messages), >=, 1);
          /* A new ticket is not triaged yet; the past ones were filed. */
          if (test)
            g_assert_cmpuint (g_strv_length (ticket->tags), ==, 0);
          else
            g_assert_cmpuint (g_strv_length (ticket->tags), >, 0);
          g_assert_false (rapport_template_find_unresolved (ticket->reply, 0, NULL));
          g_assert_cmpint (ticket->answered_at, <, ANCHOR);
          g_assert_cmpint (ticket->answered_at, >, ANCHOR - 366 * 86400);

          answer = sentences_of (ticket->reply, 4);
          for (char **m = ticket->messages; *m != NULL; m++)
            {
              g_autoptr(GPtrArray) said = sentences_of (*m, 4);

              for (guint j = 0; j < answer->len; j++)
                if (strstr (*m, answer->pdata[j]) != NULL)
                  g_error ("%s: the customer writes \"%s\"", ticket->expected,
                           (char *) answer->pdata[j]);

              for (guint j = 0; j < said->len; j++)
                {
                  const char *sentence = said->pdata[j];
                  const char *history_key = g_hash_table_lookup (history_sentences, sentence);

                  if (!test)
                    {
                      /* A sentence written about two topics is no topic's wording. */
                      if (history_key != NULL && !g_str_equal (history_key, ticket->expected))
                        g_hash_table_replace (history_sentences, g_strdup (sentence),
                                              g_strdup (""));
                      else if (history_key == NULL)
                        g_hash_table_insert (history_sentences, g_strdup (sentence),
                                             g_strdup (ticket->expected));
                    }
                  else if (history_key != NULL && g_str_equal (history_key, ticket->expected))
                    g_error ("%s: \"%s\" is in both wordings", ticket->expected, sentence);
                }
            }
        }
    }
  /* Every canned response but the check-in, and the articles customers ask about. */
  g_assert_cmpuint (g_hash_table_size (keys_seen), >=, 34);
}

/* The demo workspace's solved tickets include answers with the team's content, so the
 * past-answers index has answers that vote; the customers wrote their own words. */
static void
test_workspace_answers (void)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED,
                                                  RAPPORT_DEMO_DEFAULT_CUSTOMERS, ANCHOR);
  g_autoptr(GHashTable) fragments = candidate_fragments ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  RapportSyncPage *raw;
  guint n_answered = 0;

  while ((raw = rapport_demo_next_page (demo, 5000)) != NULL)
    {
      g_autoptr(RapportSyncPage) page = raw;
      g_autoptr(GHashTable) solved = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < page->tickets->len; i++)
        {
          RapportTicket *ticket = g_ptr_array_index (page->tickets, i);

          if (rapport_ticket_get_status (ticket) == RAPPORT_TICKET_STATUS_SOLVED)
            g_hash_table_add (solved, (gpointer) rapport_ticket_get_remote_id (ticket));
        }
      for (guint i = 0; i < page->messages->len; i++)
        {
          RapportMessage *message = g_ptr_array_index (page->messages, i);
          const char *ticket_id = rapport_message_get_ticket_remote_id (message);
          const char *key = find_fragment (fragments, rapport_message_get_body (message));

          if (rapport_message_get_direction (message) == RAPPORT_DIRECTION_INBOUND)
            {
              g_assert_null (key);
              continue;
            }
          if (key == NULL || !g_hash_table_contains (solved, ticket_id) ||
              rapport_message_get_visibility (message) != RAPPORT_VISIBILITY_PUBLIC)
            continue;
          if (g_hash_table_insert (answered, g_strdup (ticket_id), NULL))
            n_answered++;
          g_hash_table_add (keys, (gpointer) key);
        }
    }

  g_test_message ("%u solved tickets answered with %u candidates", n_answered,
                  g_hash_table_size (keys));
  g_assert_cmpuint (n_answered, >=, 40);
  g_assert_cmpuint (g_hash_table_size (keys), >=, 20);
  g_assert_true (g_hash_table_contains (keys, "refund-policy"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/demo-suggest/content", test_content);
  g_test_add_func ("/rapport/demo-suggest/stable", test_stable);
  g_test_add_func ("/rapport/demo-suggest/templates", test_templates);
  g_test_add_func ("/rapport/demo-suggest/no-hints", test_no_hints);
  g_test_add_func ("/rapport/demo-suggest/labelled-deterministic", test_labelled_deterministic);
  g_test_add_func ("/rapport/demo-suggest/labelled-words", test_labelled_words);
  g_test_add_func ("/rapport/demo-suggest/workspace-answers", test_workspace_answers);

  return g_test_run ();
}
