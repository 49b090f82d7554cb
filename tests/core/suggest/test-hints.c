/* test-hints.c: the clarity and empathy hints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-hints"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rapport-enums.h"
#include "rapport-hints.h"

/* The table of replies (tests/data/hints/replies.json), read strictly: an unknown or
 * missing key, or a value of the wrong type, fails the test rather than being skipped. */

static const char *const row_keys[] = {
  "id", "channel", "language", "customer", "jargon", "draft", "upset", "expect", NULL
};
static const char *const expect_keys[] = { "kind", "text", "rewrite", "words", NULL };

static void
assert_keys (JsonObject        *object,
             const char *const *allowed,
             const char        *where)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      g_error ("%s: unknown key \"%s\"", where, (const char *) l->data);
}

static const char *
get_string (JsonObject *object,
            const char *name,
            gboolean    required,
            const char *where)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      if (required)
        g_error ("%s: missing \"%s\"", where, name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("%s: \"%s\" is not a string", where, name);

  return json_node_get_string (node);
}

/* A NULL-terminated copy of an array of strings, or NULL when the key is absent. */
static GStrv
get_strv (JsonObject *object,
          const char *name,
          const char *where)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;
  GStrvBuilder *builder;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    g_error ("%s: \"%s\" is not an array", where, name);

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        g_error ("%s: \"%s\"[%u] is not a string", where, name, i);
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  {
    GStrv strv = g_strv_builder_end (builder);

    g_strv_builder_unref (builder);
    return strv;
  }
}

static RapportHintKind
kind_from_nick (const char *nick,
                const char *where)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RAPPORT_TYPE_HINT_KIND);
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  if (value == NULL)
    g_error ("%s: unknown hint kind \"%s\"", where, nick);

  return value->value;
}

static const char *
kind_to_nick (RapportHintKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RAPPORT_TYPE_HINT_KIND);

  return g_enum_get_value (klass, kind)->value_nick;
}

/* One line per hint: kind, span text, rewrite, words; sorted, so that a row compares as a
 * set (with repetitions), and a failure prints both sides in full. */
static char *
describe (const char *kind,
          const char *text,
          const char *rewrite,
          guint       words)
{
  return g_strdup_printf ("%s [%s] -> [%s] %u", kind, text != NULL ? text : "",
                          rewrite != NULL ? rewrite : "", words);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
join_sorted (GPtrArray *lines)
{
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* Checks what every hint must satisfy whatever the row. */
static void
assert_hint_consistent (const char        *draft,
                        const RapportHints *hints,
                        const RapportHint  *hint)
{
  if (hint->kind == RAPPORT_HINT_NO_NEXT_STEP)
    {
      g_assert_false (hint->has_span);
      g_assert_cmpuint (hint->start, ==, 0);
      g_assert_cmpuint (hint->end, ==, 0);
    }
  else
    {
      g_assert_true (hint->has_span);
      g_assert_cmpuint (hint->start, <, hint->end);
      g_assert_cmpuint (hint->end, <=, hints->checked_bytes);
      g_assert_cmpint (hint->char_start, ==, g_utf8_pointer_to_offset (draft,
                                                                       draft + hint->start));
      g_assert_cmpint (hint->char_end, ==, g_utf8_pointer_to_offset (draft, draft + hint->end));
    }

  g_assert_true ((hint->rewrite != NULL) == (hint->kind == RAPPORT_HINT_NEGATIVE_PHRASING));
  g_assert_true ((hint->term != NULL) == (hint->kind == RAPPORT_HINT_JARGON));
  g_assert_true ((hint->words > 0) == (hint->kind == RAPPORT_HINT_LONG_SENTENCE));
  if (hint->rewrite_slot_start >= 0)
    {
      g_assert_nonnull (hint->rewrite);
      g_assert_cmpint (hint->rewrite_slot_end, >, hint->rewrite_slot_start);
      g_assert_cmpint (hint->rewrite_slot_end, <=, (gssize) strlen (hint->rewrite));
      g_assert_true (strncmp (hint->rewrite + hint->rewrite_slot_start, "\u2026",
                              hint->rewrite_slot_end - hint->rewrite_slot_start) == 0);
    }
  else
    {
      g_assert_cmpint (hint->rewrite_slot_end, ==, -1);
    }
}

static void
test_reply_row (gconstpointer data)
{
  JsonObject *row = (JsonObject *) data;
  const char *id = get_string (row, "id", TRUE, "row");
  const char *channel_name = get_string (row, "channel", TRUE, id);
  const char *language = get_string (row, "language", FALSE, id);
  g_auto(GStrv) customer = get_strv (row, "customer", id);
  g_auto(GStrv) jargon = get_strv (row, "jargon", id);
  RapportHintsInput input = { 0 };
  g_autoptr(RapportHints) hints = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) actual = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected_text = NULL;
  g_autofree char *actual_text = NULL;
  JsonNode *expect_node;
  JsonArray *expect;

  assert_keys (row, row_keys, id);
  input.draft = get_string (row, "draft", TRUE, id);
  g_assert_true (rapport_channel_from_string (channel_name, &input.channel));
  input.language = language != NULL ? language : "en";
  input.customer_messages = (const char *const *) customer;
  input.jargon = (const char *const *) jargon;

  expect_node = json_object_get_member (row, "expect");
  if (expect_node == NULL || !JSON_NODE_HOLDS_ARRAY (expect_node))
    g_error ("%s: \"expect\" is missing or not an array", id);
  expect = json_node_get_array (expect_node);
  for (guint i = 0; i < json_array_get_length (expect); i++)
    {
      JsonNode *node = json_array_get_element (expect, i);
      JsonObject *item;
      const char *kind;
      RapportHintKind kind_value;
      const char *text;
      const char *rewrite;
      gint64 words = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        g_error ("%s: expect[%u] is not an object", id, i);
      item = json_node_get_object (node);
      assert_keys (item, expect_keys, id);
      kind = get_string (item, "kind", TRUE, id);
      kind_value = kind_from_nick (kind, id);
      text = get_string (item, "text", kind_value != RAPPORT_HINT_NO_NEXT_STEP, id);
      rewrite = get_string (item, "rewrite", kind_value == RAPPORT_HINT_NEGATIVE_PHRASING, id);
      if (kind_value == RAPPORT_HINT_NO_NEXT_STEP && text != NULL)
        g_error ("%s: a no-next-step hint has no text", id);
      if (kind_value != RAPPORT_HINT_NEGATIVE_PHRASING && rewrite != NULL)
        g_error ("%s: only negative-phrasing has a rewrite", id);
      if (json_object_has_member (item, "words"))
        {
          JsonNode *w = json_object_get_member (item, "words");

          if (!JSON_NODE_HOLDS_VALUE (w) || json_node_get_value_type (w) != G_TYPE_INT64)
            g_error ("%s: \"words\" is not an integer", id);
          words = json_node_get_int (w);
        }
      if ((words > 0) != (kind_value == RAPPORT_HINT_LONG_SENTENCE))
        g_error ("%s: \"words\" goes with long-sentence, and only there", id);
      g_ptr_array_add (expected, describe (kind, text, rewrite, (guint) words));
    }

  hints = rapport_hints_check (&input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hints);
  g_assert_false (hints->truncated);

  if (json_object_has_member (row, "upset"))
    {
      JsonNode *upset = json_object_get_member (row, "upset");

      if (!JSON_NODE_HOLDS_VALUE (upset) || json_node_get_value_type (upset) != G_TYPE_BOOLEAN)
        g_error ("%s: \"upset\" is not a boolean", id);
      g_assert_cmpint (hints->customer_upset, ==, json_node_get_boolean (upset));
    }

  for (guint i = 0; i < hints->hints->len; i++)
    {
      const RapportHint *hint = g_ptr_array_index (hints->hints, i);
      g_autofree char *text = NULL;

      assert_hint_consistent (input.draft, hints, hint);
      if (hint->has_span)
        text = g_strndup (input.draft + hint->start, hint->end - hint->start);
      g_ptr_array_add (actual, describe (kind_to_nick (hint->kind), text, hint->rewrite,
                                         hint->words));
    }

  expected_text = join_sorted (expected);
  actual_text = join_sorted (actual);
  g_assert_cmpstr (actual_text, ==, expected_text);
}

static JsonArray *
load_rows (JsonParser *parser)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "hints", "replies.json",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  static const char *const root_keys[] = { "format", "rows", NULL };
  JsonObject *root;
  JsonNode *rows;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  assert_keys (root, root_keys, "replies.json");
  g_assert_cmpint (json_object_get_int_member (root, "format"), ==, 1);
  rows = json_object_get_member (root, "rows");
  g_assert_nonnull (rows);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (rows));

  return json_node_get_array (rows);
}

/* The table covers both directions: at least 40 rows, at least 12 that trigger nothing, and
 * every kind expected on at least three rows. */
static void
test_table_coverage (gconstpointer data)
{
  JsonArray *rows = (JsonArray *) data;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint per_kind[RAPPORT_HINT_JARGON + 1] = { 0 };
  guint silent = 0;

  g_assert_cmpuint (json_array_get_length (rows), >=, 40);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *id = get_string (row, "id", TRUE, "row");
      JsonArray *expect = json_object_get_array_member (row, "expect");
      gboolean seen[RAPPORT_HINT_JARGON + 1] = { FALSE };

      g_assert_true (g_hash_table_add (ids, (gpointer) id));
      for (const char *p = id; *p != '\0'; p++)
        g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-');
      if (json_array_get_length (expect) == 0)
        silent++;
      for (guint e = 0; e < json_array_get_length (expect); e++)
        {
          JsonObject *item = json_array_get_object_element (expect, e);

          seen[kind_from_nick (get_string (item, "kind", TRUE, id), id)] = TRUE;
        }
      for (guint k = 0; k < G_N_ELEMENTS (seen); k++)
        per_kind[k] += seen[k];
    }

  g_test_message ("%u rows, %u silent", json_array_get_length (rows), silent);
  g_assert_cmpuint (silent, >=, 12);
  for (guint k = 0; k < G_N_ELEMENTS (per_kind); k++)
    {
      g_test_message ("%s: %u rows", kind_to_nick (k), per_kind[k]);
      g_assert_cmpuint (per_kind[k], >=, 3);
    }
}

/* The sentence splitter */

static void
assert_sentences (const char        *text,
                  const char *const *expected)
{
  g_autoptr(GArray) spans = rapport_hints_split_sentences (text, -1);
  guint n = g_strv_length ((char **) expected);

  g_test_message ("%s", text);
  for (guint i = 0; i < spans->len / 2; i++)
    {
      gsize start = g_array_index (spans, gsize, 2 * i);
      gsize end = g_array_index (spans, gsize, 2 * i + 1);
      g_autofree char *sentence = g_strndup (text + start, end - start);

      g_assert_cmpuint (i, <, n);
      g_assert_cmpstr (sentence, ==, expected[i]);
    }
  g_assert_cmpuint (spans->len / 2, ==, n);
}

static void
test_sentences (void)
{
  assert_sentences ("Hi Mr. Smith, the price is 3.5 EUR. Visit https://example.com/a.b?x=1 or "
                    "write to sam.agent@example.com. Thanks!",
                    (const char *const[]) {
                      "Hi Mr. Smith, the price is 3.5 EUR.",
                      "Visit https://example.com/a.b?x=1 or write to sam.agent@example.com.",
                      "Thanks!", NULL });
  assert_sentences ("Bring ID, e.g. a passport. We open at 9 a.m. on weekdays, i.e. Monday to "
                    "Friday. J. Smith will help you.",
                    (const char *const[]) {
                      "Bring ID, e.g. a passport.",
                      "We open at 9 a.m. on weekdays, i.e. Monday to Friday.",
                      "J. Smith will help you.", NULL });
  assert_sentences ("Apples, pears etc. are in stock. We also sell jam etc. Ask us!",
                    (const char *const[]) {
                      "Apples, pears etc. are in stock.", "We also sell jam etc.", "Ask us!",
                      NULL });
  assert_sentences ("See No. 5 on the list. The answer is no. Sorry!",
                    (const char *const[]) {
                      "See No. 5 on the list.", "The answer is no.", "Sorry!", NULL });
  assert_sentences ("Hi Chloé,\n\nSteps:\n1. Open Settings.\n2. Tap Security\n- then confirm\n\n"
                    "Best regards,\nSam",
                    (const char *const[]) {
                      "Hi Chloé,", "Steps:", "1. Open Settings.", "2. Tap Security",
                      "- then confirm", "Best regards,", "Sam", NULL });
  assert_sentences ("Wait... What happened?! (It was fixed.) \"Great.\" Done",
                    (const char *const[]) {
                      "Wait...", "What happened?!", "(It was fixed.)", "\"Great.\"", "Done",
                      NULL });
  assert_sentences ("We have checked your order and\nfound the problem, it is fixed.",
                    (const char *const[]) {
                      "We have checked your order and\nfound the problem, it is fixed.", NULL });
  assert_sentences ("Ça coûte 3,50 €. Très bien…  Merci !",
                    (const char *const[]) { "Ça coûte 3,50 €.", "Très bien…", "Merci !", NULL });
  assert_sentences ("Thanks, fixed.\n> We can't log in.\n>> Earlier text\nAnything else?",
                    (const char *const[]) { "Thanks, fixed.", "Anything else?", NULL });
  assert_sentences ("> Quoted only", (const char *const[]) { NULL });
  assert_sentences ("", (const char *const[]) { NULL });
  assert_sentences (" \n\t ", (const char *const[]) { NULL });
}

/* Jargon: case-insensitive, whole words and phrases, UTF-8 aware, outside links. */

static RapportHints *
check_draft (const char        *draft,
             RapportChannel     channel,
             const char        *language,
             const char *const *customer,
             const char *const *jargon)
{
  RapportHintsInput input = { draft, channel, language, customer, jargon };
  g_autoptr(GError) error = NULL;
  RapportHints *hints = rapport_hints_check (&input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hints);

  return hints;
}

static guint
count_kind (const RapportHints *hints,
            RapportHintKind     kind)
{
  guint n = 0;

  for (guint i = 0; i < hints->hints->len; i++)
    n += ((RapportHint *) g_ptr_array_index (hints->hints, i))->kind == kind;

  return n;
}

static void
test_jargon (void)
{
  static const char *const terms[] = {
    "Crème brûlée", "API", "root cause", "ÉTÉ", "tier 2", "\u00e9t\u00e9 pass", NULL
  };
  const char *draft = "Our CRÈME BRÛLÉE oven is back, and so is the cre\u0300me bru\u0302le\u0301e "
                      "one. The rapid apis and the api. "
                      "We found the root\ncause. Tier 2 will call you today. "
                      "Your été pass is ready. Open https://api.example.com/root/cause now, "
                      "or write to api@example.com.";
  g_autoptr(RapportHints) hints = check_draft (draft, RAPPORT_CHANNEL_EMAIL, "en", NULL, terms);
  g_autoptr(RapportHints) none = NULL;
  g_autoptr(RapportHints) defaults = NULL;
  static const char *const empty[] = { NULL };
  const char *expected[][2] = {
    { "CRÈME BRÛLÉE", "Crème brûlée" }, { "cre\u0300me bru\u0302le\u0301e", "Crème brûlée" },
    { "api", "API" }, { "root\ncause", "root cause" },
    { "Tier 2", "tier 2" }, { "été pass", "\u00e9t\u00e9 pass" },
  };
  guint j = 0;

  for (guint i = 0; i < hints->hints->len; i++)
    {
      const RapportHint *hint = g_ptr_array_index (hints->hints, i);
      g_autofree char *text = NULL;

      if (hint->kind != RAPPORT_HINT_JARGON)
        continue;
      text = g_strndup (draft + hint->start, hint->end - hint->start);
      g_assert_cmpuint (j, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (text, ==, expected[j][0]);
      g_assert_cmpstr (hint->term, ==, expected[j][1]);
      g_assert_cmpint (hint->char_start, ==, g_utf8_pointer_to_offset (draft,
                                                                       draft + hint->start));
      j++;
    }
  g_assert_cmpuint (j, ==, G_N_ELEMENTS (expected));

  none = check_draft (draft, RAPPORT_CHANNEL_EMAIL, "en", NULL, empty);
  g_assert_cmpuint (count_kind (none, RAPPORT_HINT_JARGON), ==, 0);

  /* NULL: the language's default list. */
  defaults = check_draft ("Our API had a DNS issue, the backend is fine now.",
                          RAPPORT_CHANNEL_EMAIL, "en", NULL, NULL);
  g_assert_cmpuint (count_kind (defaults, RAPPORT_HINT_JARGON), ==, 3);
  g_assert_true (g_strv_contains ((const char *const *) rapport_hints_default_jargon ("en-GB"),
                                  "SLA"));
  g_assert_null (rapport_hints_default_jargon ("fr"));
}

/* Languages: rules are English only; other languages get nothing, not wrong hints. */

static void
test_language (void)
{
  const char *english = "Unfortunately we can't refund opened items, and I know how annoying "
                        "that is for you.";
  const char *french = "Malheureusement, nous ne pouvons pas rembourser les articles ouverts "
                       "après trente jours, conformément à nos conditions générales de vente "
                       "que vous avez acceptées lors de votre commande sur notre site.";
  static const char *const tags[] = { "en", "EN", "en-GB", "en_US.UTF-8", "en@euro", NULL };
  g_autoptr(RapportHints) fr_declared = NULL;
  g_autoptr(RapportHints) fr_detected = NULL;
  g_autoptr(RapportHints) en_detected = NULL;
  g_autoptr(RapportHints) c_locale = NULL;
  g_autoptr(RapportHints) en_text_declared_de = NULL;

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autoptr(RapportHints) hints = check_draft (english, RAPPORT_CHANNEL_EMAIL, tags[i],
                                                   NULL, NULL);

      g_assert_cmpstr (hints->language, ==, "en");
      g_assert_cmpuint (count_kind (hints, RAPPORT_HINT_NEGATIVE_PHRASING), ==, 1);
    }

  fr_declared = check_draft (french, RAPPORT_CHANNEL_EMAIL, "fr", NULL, NULL);
  g_assert_null (fr_declared->language);
  g_assert_cmpuint (fr_declared->hints->len, ==, 0);

  fr_detected = check_draft (french, RAPPORT_CHANNEL_EMAIL, NULL, NULL, NULL);
  g_assert_null (fr_detected->language);
  g_assert_cmpuint (fr_detected->hints->len, ==, 0);

  en_detected = check_draft (english, RAPPORT_CHANNEL_EMAIL, NULL, NULL, NULL);
  g_assert_cmpstr (en_detected->language, ==, "en");
  g_assert_cmpuint (count_kind (en_detected, RAPPORT_HINT_NEGATIVE_PHRASING), ==, 1);

  c_locale = check_draft (english, RAPPORT_CHANNEL_EMAIL, "C.UTF-8", NULL, NULL);
  g_assert_cmpstr (c_locale->language, ==, "en");

  /* What the caller declares wins over the text. */
  en_text_declared_de = check_draft (english, RAPPORT_CHANNEL_EMAIL, "de", NULL, NULL);
  g_assert_null (en_text_declared_de->language);
  g_assert_cmpuint (en_text_declared_de->hints->len, ==, 0);
}

/* Thresholds depend on the channel: the same sentence is long in a chat, fine in an email. */

static void
test_channels (void)
{
  /* 26 words. */
  const char *draft = "Your replacement card is on its way and should reach you within three "
                      "working days, after which you can activate it in the app under Cards.";
  g_autoptr(RapportHints) email = check_draft (draft, RAPPORT_CHANNEL_EMAIL, "en", NULL, NULL);
  g_autoptr(RapportHints) chat = check_draft (draft, RAPPORT_CHANNEL_CHAT, "en", NULL, NULL);

  g_assert_cmpuint (rapport_hints_max_sentence_words (RAPPORT_CHANNEL_EMAIL), ==, 30);
  g_assert_cmpuint (rapport_hints_max_sentence_words (RAPPORT_CHANNEL_WEB), ==, 30);
  g_assert_cmpuint (rapport_hints_max_sentence_words (RAPPORT_CHANNEL_CHAT), ==, 20);
  g_assert_cmpuint (rapport_hints_max_sentence_words (RAPPORT_CHANNEL_SOCIAL), ==, 20);
  g_assert_cmpuint (rapport_hints_max_sentence_words (RAPPORT_CHANNEL_PHONE), ==, 20);

  g_assert_cmpuint (email->hints->len, ==, 0);
  g_assert_cmpuint (chat->hints->len, ==, 1);
  g_assert_cmpuint (((RapportHint *) g_ptr_array_index (chat->hints, 0))->words, ==, 26);

  /* At the limit: fine; one word more: long. */
  for (RapportChannel channel = RAPPORT_CHANNEL_EMAIL; channel <= RAPPORT_CHANNEL_WEB; channel++)
    {
      guint limit = rapport_hints_max_sentence_words (channel);

      for (guint words = limit; words <= limit + 1; words++)
        {
          g_autoptr(GString) sentence = g_string_new ("Please");
          g_autoptr(RapportHints) hints = NULL;

          for (guint i = 2; i < words; i++)
            g_string_append (sentence, i % 7 == 0 ? " the" : " check");
          g_string_append (sentence, " today.");
          hints = check_draft (sentence->str, channel, "en", NULL, NULL);
          g_assert_cmpuint (count_kind (hints, RAPPORT_HINT_LONG_SENTENCE), ==, words - limit);
          g_assert_cmpuint (hints->hints->len, ==, words - limit);
        }
    }
}

/* Hostile input is normal input. */

static void
test_invalid_utf8 (void)
{
  static const char *const bad_customer[] = { "Fine.", "Where is my \xc3\x28 order", NULL };
  static const char *const good_customer[] = { "Fine.", NULL };
  static const char *const bad_jargon[] = { "SLA", "\xed\xa0\x80", NULL };
  const char *drafts[] = { "Hi \xff there.", "Cut at the end \xc3", "\xc0\xaf", "Nul\xe2\x82" };

  for (guint i = 0; i < G_N_ELEMENTS (drafts); i++)
    {
      RapportHintsInput input = { drafts[i], RAPPORT_CHANNEL_EMAIL, "en", NULL, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportHints) hints = rapport_hints_check (&input, &error);

      g_assert_error (error, RAPPORT_HINTS_ERROR, RAPPORT_HINTS_ERROR_INVALID_UTF8);
      g_assert_null (hints);
    }

  {
    RapportHintsInput input = { "Fine.", RAPPORT_CHANNEL_CHAT, "en", bad_customer, NULL };
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportHints) hints = rapport_hints_check (&input, &error);

    g_assert_error (error, RAPPORT_HINTS_ERROR, RAPPORT_HINTS_ERROR_INVALID_UTF8);
    g_assert_null (hints);
  }
  {
    RapportHintsInput input = { "Fine.", RAPPORT_CHANNEL_CHAT, "en", good_customer, bad_jargon };
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportHints) hints = rapport_hints_check (&input, &error);

    g_assert_error (error, RAPPORT_HINTS_ERROR, RAPPORT_HINTS_ERROR_INVALID_UTF8);
    g_assert_null (hints);
  }
}

static double
time_check_us (const char *draft,
               guint       rounds)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(RapportHints) hints = check_draft (draft, RAPPORT_CHANNEL_EMAIL, "en", NULL,
                                                   NULL);
    }

  return (double) (g_get_monotonic_time () - start) / rounds;
}

/* One sentence of 100 000 characters: only the first RAPPORT_HINTS_MAX_CHARS are checked, and
 * the result says so. */
static void
test_bounds_one_sentence (void)
{
  g_autoptr(GString) draft = g_string_new (NULL);
  g_autoptr(GString) accents = g_string_new (NULL);
  g_autoptr(RapportHints) hints = NULL;
  g_autoptr(RapportHints) accented = NULL;
  const RapportHint *hint;

  while (draft->len < 100000)
    g_string_append (draft, "word ");
  hints = check_draft (draft->str, RAPPORT_CHANNEL_EMAIL, "en", NULL, NULL);
  g_assert_true (hints->truncated);
  g_assert_cmpint (hints->checked_chars, ==, RAPPORT_HINTS_MAX_CHARS);
  g_assert_cmpuint (hints->checked_bytes, ==, RAPPORT_HINTS_MAX_CHARS);
  g_assert_cmpuint (count_kind (hints, RAPPORT_HINT_LONG_SENTENCE), ==, 1);
  hint = g_ptr_array_index (hints->hints, 0);
  g_assert_cmpuint (hint->kind, ==, RAPPORT_HINT_LONG_SENTENCE);
  g_assert_cmpuint (hint->start, ==, 0);
  g_assert_cmpuint (hint->end, <=, hints->checked_bytes);
  g_assert_cmpuint (hint->words, ==, RAPPORT_HINTS_MAX_CHARS / 5);
  g_test_message ("one sentence of 100000 characters: %.0f us per check",
                  time_check_us (draft->str, 5));

  /* The cut falls on a character boundary. */
  for (guint i = 0; i < 30000; i++)
    g_string_append (accents, i % 10 == 9 ? " " : "é");
  accented = check_draft (accents->str, RAPPORT_CHANNEL_EMAIL, NULL, NULL, NULL);
  g_assert_true (accented->truncated);
  g_assert_cmpint (accented->checked_chars, ==, RAPPORT_HINTS_MAX_CHARS);
  g_assert_cmpuint (accented->checked_bytes, ==, RAPPORT_HINTS_MAX_CHARS / 10 * 19);
  g_assert_null (accented->language); /* no English word: not checked */
}

/* 10 000 short sentences, and as many as fit in the limit. */
static void
test_bounds_many_sentences (void)
{
  g_autoptr(GString) draft = g_string_new (NULL);
  g_autoptr(GString) full = g_string_new (NULL);
  g_autoptr(RapportHints) hints = NULL;
  g_autoptr(RapportHints) full_hints = NULL;
  g_autoptr(GArray) spans = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append (draft, "We can't. ");
  hints = check_draft (draft->str, RAPPORT_CHANNEL_CHAT, "en", NULL, NULL);
  g_assert_true (hints->truncated);
  g_assert_cmpuint (count_kind (hints, RAPPORT_HINT_NEGATIVE_PHRASING), ==,
                    RAPPORT_HINTS_MAX_CHARS / 10);
  g_test_message ("10000 short sentences: %.0f us per check", time_check_us (draft->str, 5));

  while (full->len + 4 <= RAPPORT_HINTS_MAX_CHARS)
    g_string_append (full, "Ok. ");
  full_hints = check_draft (full->str, RAPPORT_CHANNEL_CHAT, "en", NULL, NULL);
  g_assert_false (full_hints->truncated);
  spans = rapport_hints_split_sentences (full->str, -1);
  g_assert_cmpuint (spans->len / 2, ==, RAPPORT_HINTS_MAX_CHARS / 4);
  g_test_message ("%u short sentences (the limit): %.0f us per check", spans->len / 2,
                  time_check_us (full->str, 5));
}

/* Odd text: one huge word, nothing but line breaks, a letter under thousands of accents,
 * punctuation only, brackets only, a huge quoted line. Each is checked without a hint out
 * of its bounds, and quickly. */
static void
test_bounds_odd_text (void)
{
  static const char *const pieces[] = {
    "a", "\n", "\u0301", "!?", "(", ")", "...", "\u2026", "-", "1.", "'", "\u00A0"
  };

  for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
    {
      g_autoptr(GString) draft = g_string_new (p == 2 ? "e" : NULL);
      g_autoptr(GString) quoted = g_string_new ("Thanks, we can. Please wait.\n> ");
      g_autoptr(RapportHints) hints = NULL;
      g_autoptr(RapportHints) quoted_hints = NULL;
      glong chars = g_utf8_strlen (draft->str, -1);

      while (chars < RAPPORT_HINTS_MAX_CHARS + 10)
        {
          g_string_append (draft, pieces[p]);
          chars += g_utf8_strlen (pieces[p], -1);
        }
      g_string_append (quoted, draft->str);

      hints = check_draft (draft->str, RAPPORT_CHANNEL_CHAT, "en", NULL, NULL);
      g_assert_true (hints->truncated);
      for (guint i = 0; i < hints->hints->len; i++)
        assert_hint_consistent (draft->str, hints, g_ptr_array_index (hints->hints, i));
      g_test_message ("%u times \"%s\": %u hints, %.0f us per check",
                      RAPPORT_HINTS_MAX_CHARS, pieces[p], hints->hints->len,
                      time_check_us (draft->str, 3));

      quoted_hints = check_draft (quoted->str, RAPPORT_CHANNEL_CHAT, "en", NULL, NULL);
      g_assert_true (quoted_hints->truncated);
      g_assert_cmpuint (quoted_hints->hints->len, ==, 0);
    }
}

/* Rules that look at a whole sentence for each match (an offer beside a refusal, the
 * clause of a refusal) do so once: a sentence full of matches stays linear. */
static void
test_bounds_many_matches (void)
{
  g_autoptr(GString) offered = g_string_new ("Instead,");
  g_autoptr(GString) passive = g_string_new (NULL);
  g_autoptr(RapportHints) offered_hints = NULL;
  g_autoptr(RapportHints) passive_hints = NULL;

  while (offered->len < RAPPORT_HINTS_MAX_CHARS - 16)
    g_string_append (offered, " we can't, we won't;");
  offered_hints = check_draft (offered->str, RAPPORT_CHANNEL_EMAIL, "en", NULL, NULL);
  g_assert_cmpuint (count_kind (offered_hints, RAPPORT_HINT_NEGATIVE_PHRASING), ==, 0);
  g_test_message ("one sentence of %" G_GSIZE_FORMAT " refusals beside an offer: %.0f us per "
                  "check", offered->len / 10, time_check_us (offered->str, 5));

  while (passive->len < RAPPORT_HINTS_MAX_CHARS - 32)
    g_string_append (passive, "returns are not allowed, ");
  passive_hints = check_draft (passive->str, RAPPORT_CHANNEL_EMAIL, "en", NULL, NULL);
  g_assert_cmpuint (count_kind (passive_hints, RAPPORT_HINT_NEGATIVE_PHRASING), ==,
                    passive->len / strlen ("returns are not allowed, "));
  g_test_message ("one sentence of %" G_GSIZE_FORMAT " subjectless refusals: %.0f us per check",
                  passive->len / strlen ("returns are not allowed, "),
                  time_check_us (passive->str, 5));
}

/* A realistic 5 000-character draft: measured and printed, not asserted. */
static void
test_speed (void)
{
  const char *paragraph = "Hi Chloé, I'm sorry about the double charge on your card. I've "
                          "refunded 24.00 EUR today and it will show within 5 business days. "
                          "Unfortunately we can't reverse the bank's own fee, but we can add a "
                          "credit to your account. Please let me know if anything else looks "
                          "wrong, e.g. on the invoice at https://example.com/invoices/4471. ";
  static const char *const customer[] = {
    "This is the THIRD TIME I'm writing about this!! Unacceptable.", NULL
  };
  g_autoptr(GString) draft = g_string_new (NULL);
  RapportHintsInput input = { NULL, RAPPORT_CHANNEL_EMAIL, "en", customer, NULL };
  const guint rounds = 200;
  gint64 start;
  double per_check;

  while (g_utf8_strlen (draft->str, -1) < 5000)
    g_string_append (draft, paragraph);
  input.draft = draft->str;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportHints) hints = rapport_hints_check (&input, &error);

      g_assert_no_error (error);
      g_assert_true (hints->customer_upset);
    }
  per_check = (double) (g_get_monotonic_time () - start) / rounds;
  g_test_message ("draft of %ld characters: %.1f us per check (%u rounds)",
                  g_utf8_strlen (draft->str, -1), per_check, rounds);
}

/* The same input gives the same hints, in the same order. */
static void
test_deterministic (void)
{
  const char *draft = "Hi,\n\nWe cannot refund opened orders as per our terms. Our dev team will "
                      "look at it again. Don't hesitate to ask.";
  static const char *const customer[] = { "Third time I ask. Ridiculous.", NULL };
  g_autoptr(RapportHints) a = check_draft (draft, RAPPORT_CHANNEL_EMAIL, "en", customer, NULL);
  g_autoptr(RapportHints) b = check_draft (draft, RAPPORT_CHANNEL_EMAIL, "en", customer, NULL);

  g_assert_cmpuint (a->hints->len, ==, b->hints->len);
  g_assert_cmpuint (a->hints->len, >=, 4);
  for (guint i = 0; i < a->hints->len; i++)
    {
      const RapportHint *ha = g_ptr_array_index (a->hints, i);
      const RapportHint *hb = g_ptr_array_index (b->hints, i);

      g_assert_cmpint (ha->kind, ==, hb->kind);
      g_assert_cmpuint (ha->start, ==, hb->start);
      g_assert_cmpuint (ha->end, ==, hb->end);
      g_assert_cmpstr (ha->rewrite, ==, hb->rewrite);
      if (i > 0)
        {
          const RapportHint *previous = g_ptr_array_index (a->hints, i - 1);

          g_assert_true (!previous->has_span || !ha->has_span || previous->start <= ha->start);
          g_assert_true (previous->has_span || !ha->has_span);
        }
    }
}

/* Only the last RAPPORT_HINTS_MAX_MESSAGES customer messages count. */
static void
test_customer_messages (void)
{
  const char *draft = "Your parcel will arrive tomorrow.";
  const char *angry_then_calm[RAPPORT_HINTS_MAX_MESSAGES + 2] = { "This is unacceptable!" };
  const char *calm_then_angry[] = { "Thanks.", "Ok.", "Still waiting. Still nothing!!", NULL };
  g_autoptr(RapportHints) old = NULL;
  g_autoptr(RapportHints) recent = NULL;
  g_autoptr(RapportHints) nobody = NULL;

  for (guint i = 1; i <= RAPPORT_HINTS_MAX_MESSAGES; i++)
    angry_then_calm[i] = "Thanks.";
  old = check_draft (draft, RAPPORT_CHANNEL_CHAT, "en", angry_then_calm, NULL);
  g_assert_false (old->customer_upset);

  recent = check_draft (draft, RAPPORT_CHANNEL_CHAT, "en", calm_then_angry, NULL);
  g_assert_true (recent->customer_upset);
  g_assert_cmpuint (count_kind (recent, RAPPORT_HINT_ACKNOWLEDGE_FIRST), ==, 1);

  nobody = check_draft (draft, RAPPORT_CHANNEL_CHAT, "en", NULL, NULL);
  g_assert_false (nobody->customer_upset);
  g_assert_cmpuint (nobody->hints->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rows;

  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  rows = load_rows (parser);
  g_test_add_data_func ("/rapport/hints/replies/coverage", rows, test_table_coverage);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      g_autofree char *path = NULL;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      path = g_strdup_printf ("/rapport/hints/replies/%s",
                              get_string (json_node_get_object (node), "id", TRUE, "row"));
      g_test_add_data_func (path, json_node_get_object (node), test_reply_row);
    }

  g_test_add_func ("/rapport/hints/sentences", test_sentences);
  g_test_add_func ("/rapport/hints/jargon", test_jargon);
  g_test_add_func ("/rapport/hints/language", test_language);
  g_test_add_func ("/rapport/hints/channels", test_channels);
  g_test_add_func ("/rapport/hints/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rapport/hints/bounds/one-sentence", test_bounds_one_sentence);
  g_test_add_func ("/rapport/hints/bounds/many-sentences", test_bounds_many_sentences);
  g_test_add_func ("/rapport/hints/bounds/many-matches", test_bounds_many_matches);
  g_test_add_func ("/rapport/hints/bounds/odd-text", test_bounds_odd_text);
  g_test_add_func ("/rapport/hints/speed", test_speed);
  g_test_add_func ("/rapport/hints/deterministic", test_deterministic);
  g_test_add_func ("/rapport/hints/customer-messages", test_customer_messages);

  return g_test_run ();
}
