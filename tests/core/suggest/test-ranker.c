/* test-ranker.c — the ranker of suggested replies: relevance, votes of similar past tickets,
 * boosts, the floor, the gate, determinism, explanations, hostile input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-ranker"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-ranker-private.h"
#include "rapport-store-suggest.h"
#include "rapport-template.h"
#include "rapport-test-data.h"

typedef struct
{
  char         *dir;
  RapportStore *store;
} Fixture;

typedef struct
{
  const char           *key;
  RapportCandidateKind  kind;
  const char           *title;
  const char           *tags;
  guint                 channels;
  const char           *body;
} Content;

/* The team's content: one candidate per common problem. */
static const Content content[] = {
  { "refund-policy", RAPPORT_CANDIDATE_CANNED, "Refund for a double charge", "billing refund", 0,
    "Hi {{customer.first_name}},\n\nI'm sorry you were charged twice. I have refunded the "
    "duplicate payment for order {{order_number|Order number}}; it shows on your statement "
    "within 5 business days." },
  { "password-reset", RAPPORT_CANDIDATE_CANNED, "Reset your password", "account login", 0,
    "You can reset your password from the sign-in page: choose Forgot password and follow the "
    "link we email you." },
  { "shipping-delay", RAPPORT_CANDIDATE_CANNED, "Where is my parcel", "shipping delivery", 0,
    "Your parcel is on its way; carriers are running a little late this week. Track it with "
    "the link in your confirmation email." },
  { "cancel-subscription", RAPPORT_CANDIDATE_CANNED, "Cancel a subscription", "subscription", 0,
    "You can cancel your subscription at any time from Settings, Billing. You keep access "
    "until the end of the period." },
  { "invoice-copy", RAPPORT_CANDIDATE_ARTICLE, "Download an invoice", "billing invoice", 0,
    "Every invoice is in Settings, Billing, Invoices, as a PDF you can download." },
  { "two-factor", RAPPORT_CANDIDATE_ARTICLE, "Set up two-factor authentication", "security", 0,
    "Turn on two-factor authentication in Settings, Security, and scan the code with an "
    "authenticator app." },
  { "card-declined", RAPPORT_CANDIDATE_CANNED, "Card payment declined", "billing card", 0,
    "A declined card payment means the card was refused: check the card number, the expiry "
    "date and the security code." },
  { "bank-approval", RAPPORT_CANDIDATE_CANNED, "Ask the bank to approve", "billing", 0,
    "Your bank blocked the purchase as a precaution. Call them and ask them to approve "
    "transactions from our shop, then try once more." },
};

static void
add_content (Fixture       *fixture,
             const Content *item)
{
  g_autoptr(RapportCandidate) candidate = rapport_candidate_new (item->kind, item->key,
                                                                 item->title, item->body);
  g_auto(GStrv) tags = g_strsplit (item->tags, " ", -1);
  g_autoptr(GError) error = NULL;

  rapport_candidate_set_tags (candidate, (const char * const *) tags);
  rapport_candidate_set_channels (candidate, item->channels);
  rapport_candidate_set_updated_at (candidate, TEST_ANCHOR - 90 * TEST_DAY);
  g_assert_true (rapport_store_save_candidate (fixture->store, candidate, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = test_make_tmp_dir ();
  fixture->store = test_open_store (fixture->dir, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (content); i++)
    add_content (fixture, &content[i]);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rapport_store_close (fixture->store);
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static GPtrArray *
suggest (Fixture        *fixture,
         const char     *subject,
         RapportChannel  channel,
         const char     *message)
{
  const char *messages[] = { message, NULL };
  RapportSuggestQuery query = {
    .subject = subject, .channel = channel, .messages = messages, .now = TEST_ANCHOR,
  };
  g_autoptr(GError) error = NULL;
  GPtrArray *suggestions = rapport_store_suggest (fixture->store, &query, RAPPORT_SUGGEST_MAX,
                                                  &error);

  g_assert_no_error (error);
  g_assert_nonnull (suggestions);
  g_assert_cmpuint (suggestions->len, <=, RAPPORT_SUGGEST_MAX);

  return suggestions;
}

static const char *
key_at (GPtrArray *suggestions,
        guint      index)
{
  g_assert_cmpuint (index, <, suggestions->len);

  return rapport_candidate_get_key (
    rapport_suggestion_get_candidate (g_ptr_array_index (suggestions, index)));
}

static gint64
candidate_id_of (Fixture    *fixture,
                 const char *key)
{
  g_autoptr(GPtrArray) candidates = rapport_store_list_candidates (fixture->store, NULL);

  g_assert_nonnull (candidates);
  for (guint i = 0; i < candidates->len; i++)
    {
      if (g_str_equal (rapport_candidate_get_key (candidates->pdata[i]), key))
        return rapport_candidate_get_id (candidates->pdata[i]);
    }
  g_assert_not_reached ();
}

static void
add_past (Fixture    *fixture,
          const char *key,
          const char *subject,
          const char *message,
          const char *answer_key,
          const char *reply)
{
  const char *messages[] = { message, NULL };
  RapportPastAnswer answer = {
    .key = key, .subject = subject, .channel = RAPPORT_CHANNEL_EMAIL, .messages = messages,
    .answer_key = answer_key, .reply = reply, .answered_at = TEST_ANCHOR - 200 * TEST_DAY,
  };
  const RapportPastAnswer *answers[] = { &answer };
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_add_past_answers (fixture->store, answers, 1, &error));
  g_assert_no_error (error);
}

/* Past tickets about other problems, answered otherwise. */
static void
add_background_past (Fixture *fixture)
{
  add_past (fixture, "o1", "Refund please", "I was charged twice for my order, refund one "
            "payment please.", "refund-policy", NULL);
  add_past (fixture, "o2", "Login trouble", "I forgot my password.", "password-reset", NULL);
  add_past (fixture, "o3", "Late parcel", "My parcel has not arrived.", "shipping-delay", NULL);
  add_past (fixture, "o4", "Invoice", "I need the invoice of my last order.", "invoice-copy",
            NULL);
  add_past (fixture, "o5", "Stop my plan", "Please cancel my subscription.",
            "cancel-subscription", NULL);
  add_past (fixture, "o6", "Security", "How do I turn on two-factor login?", "two-factor", NULL);
}

static void
test_bm25_relevance (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) refund = NULL;
  g_autoptr(GPtrArray) password = NULL;
  g_autoptr(GPtrArray) parcel = NULL;

  refund = suggest (fixture, "Charged twice for my order", RAPPORT_CHANNEL_EMAIL,
                    "Hello, my card was charged twice for the same order yesterday. "
                    "Could you refund the duplicate payment?");
  g_assert_cmpuint (refund->len, >=, 1);
  g_assert_cmpstr (key_at (refund, 0), ==, "refund-policy");
  g_assert_true (rapport_suggestion_get_reasons (refund->pdata[0]) &
                 RAPPORT_SUGGEST_REASON_TERMS);

  password = suggest (fixture, "Cannot log in", RAPPORT_CHANNEL_CHAT,
                      "I forgot my password and the sign-in page will not let me in.");
  g_assert_cmpuint (password->len, >=, 1);
  g_assert_cmpstr (key_at (password, 0), ==, "password-reset");

  parcel = suggest (fixture, "Parcel not delivered", RAPPORT_CHANNEL_EMAIL,
                    "My parcel should have arrived on Monday, where is it? The tracking "
                    "shows nothing.");
  g_assert_cmpuint (parcel->len, >=, 1);
  g_assert_cmpstr (key_at (parcel, 0), ==, "shipping-delay");

  /* Scores are ordered. */
  for (guint i = 1; i < refund->len; i++)
    g_assert_cmpfloat (rapport_suggestion_get_score (refund->pdata[i - 1]), >=,
                       rapport_suggestion_get_score (refund->pdata[i]));
}

static guint
index_of (GPtrArray  *suggestions,
          const char *key)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      if (g_str_equal (key_at (suggestions, i), key))
        return i;
    }
  g_assert_not_reached ();
}

/* Two candidates with the same words: the one that writes two of the ticket's terms next to
 * each other, as the ticket does, ranks first (without the phrase, the tie goes by key). */
static void
test_phrase (Fixture       *fixture,
             gconstpointer  data)
{
  const Content apart = { "a-store-credit", RAPPORT_CANDIDATE_CANNED, "Credit", "", 0,
                          "Gift, store credit, card." };
  const Content together = { "b-gift-card", RAPPORT_CANDIDATE_CANNED, "Credit", "", 0,
                             "Store credit, gift card." };
  g_autoptr(GPtrArray) suggestions = NULL;

  add_content (fixture, &apart);
  add_content (fixture, &together);
  suggestions = suggest (fixture, "Gift card", RAPPORT_CHANNEL_EMAIL,
                         "Where can I use a gift card?");
  g_assert_cmpuint (index_of (suggestions, "b-gift-card"), <,
                    index_of (suggestions, "a-store-credit"));
  g_assert_cmpfloat (rapport_suggestion_get_score (suggestions->pdata[index_of (suggestions,
                                                                              "b-gift-card")]),
                     >, rapport_suggestion_get_score (
                          suggestions->pdata[index_of (suggestions, "a-store-credit")]));
}

static void
test_votes_beat_terms (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *subject = "Card payment declined";
  const char *message = "My card payment was declined at checkout, twice now.";
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  RapportSuggestion *top;

  /* Words alone: the candidate that repeats the ticket's words. */
  before = suggest (fixture, subject, RAPPORT_CHANNEL_EMAIL, message);
  g_assert_cmpuint (before->len, >=, 1);
  g_assert_cmpstr (key_at (before, 0), ==, "card-declined");

  add_background_past (fixture);

  /* The team answered such tickets with the bank's approval, again and again. */
  add_past (fixture, "h1", "Payment declined", "The shop declined my card at checkout.",
            "bank-approval", NULL);
  add_past (fixture, "h2", "Card refused", "Checkout says my card payment is declined.",
            "bank-approval", NULL);
  add_past (fixture, "h3", "Cannot pay", "My card is declined whenever I pay at checkout.",
            "bank-approval", NULL);
  add_past (fixture, "h4", "Declined at checkout", "Card payment declined, what now?",
            "bank-approval", NULL);

  after = suggest (fixture, subject, RAPPORT_CHANNEL_EMAIL, message);
  g_assert_cmpuint (after->len, >=, 2);
  g_assert_cmpstr (key_at (after, 0), ==, "bank-approval");
  top = after->pdata[0];
  g_assert_true (rapport_suggestion_get_reasons (top) & RAPPORT_SUGGEST_REASON_SIMILAR_TICKETS);
  g_assert_cmpuint (rapport_suggestion_get_similar_uses (top), ==, 4);
  g_assert_cmpuint (rapport_suggestion_get_uses (top), ==, 4);
  g_assert_cmpint (rapport_suggestion_get_similar_ticket_id (top), ==, 0);
  g_assert_null (rapport_suggestion_get_similar_subject (top));
  /* The term match is still shown, below. */
  g_assert_cmpstr (key_at (after, 1), ==, "card-declined");
}

static void
test_past_reply (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) suggestions = NULL;
  RapportSuggestion *found = NULL;
  RapportCandidate *candidate;

  add_background_past (fixture);
  add_past (fixture, "h9", "Wholesale price list for the bakery",
            "Could you send me the wholesale price list for croissants and baguettes?", NULL,
            "Hi Chloé, here is our wholesale price list: croissants 0.60, baguettes 0.90 {{x}}.");
  add_past (fixture, "h10", "Wholesale croissants", "Do you sell croissants wholesale?", NULL,
            NULL);

  suggestions = suggest (fixture, "Wholesale prices", RAPPORT_CHANNEL_EMAIL,
                         "What are your wholesale prices for croissants?");
  for (guint i = 0; i < suggestions->len; i++)
    {
      RapportCandidate *c = rapport_suggestion_get_candidate (suggestions->pdata[i]);

      /* A past answer with neither candidate nor reply suggests nothing. */
      g_assert_cmpstr (rapport_candidate_get_key (c), !=, "h10");
      if (rapport_candidate_get_kind (c) == RAPPORT_CANDIDATE_PAST_REPLY)
        found = suggestions->pdata[i];
    }
  g_assert_nonnull (found);
  candidate = rapport_suggestion_get_candidate (found);
  g_assert_cmpstr (rapport_candidate_get_key (candidate), ==, "h9");
  g_assert_cmpstr (rapport_suggestion_get_similar_subject (found), ==,
                   "Wholesale price list for the bakery");
  g_assert_true (rapport_suggestion_get_reasons (found) & RAPPORT_SUGGEST_REASON_SIMILAR_TICKETS);
  /* Its body is the reply as a template that renders to the reply itself. */
  {
    g_autoptr(RapportTemplate) template = rapport_template_parse (
      rapport_candidate_get_body (candidate), NULL);
    g_autofree char *text = rapport_template_render (template, NULL, NULL);

    g_assert_cmpstr (text, ==, "Hi Chloé, here is our wholesale price list: croissants 0.60, "
                               "baguettes 0.90 {{x}}.");
  }
}

static void
test_channel_fit (Fixture       *fixture,
                  gconstpointer  data)
{
  const Content chat = { "refund-chat", RAPPORT_CANDIDATE_CANNED, "Moving house address change",
                         "address", RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_CHAT),
                         "Update the delivery address in your profile before you move." };
  const Content email = { "refund-email", RAPPORT_CANDIDATE_CANNED,
                          "Moving house address change", "address",
                          RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_EMAIL),
                          "Update the delivery address in your profile before you move." };
  const char *message = "I am moving house next month, how do I change my address?";
  g_autoptr(GPtrArray) by_chat = NULL;
  g_autoptr(GPtrArray) by_email = NULL;

  add_content (fixture, &chat);
  add_content (fixture, &email);

  by_chat = suggest (fixture, "Address change", RAPPORT_CHANNEL_CHAT, message);
  g_assert_cmpuint (by_chat->len, >=, 2);
  g_assert_cmpstr (key_at (by_chat, 0), ==, "refund-chat");
  g_assert_cmpstr (key_at (by_chat, 1), ==, "refund-email");
  g_assert_true (rapport_suggestion_get_reasons (by_chat->pdata[0]) &
                 RAPPORT_SUGGEST_REASON_CHANNEL_FIT);
  g_assert_false (rapport_suggestion_get_reasons (by_chat->pdata[1]) &
                  RAPPORT_SUGGEST_REASON_CHANNEL_FIT);

  by_email = suggest (fixture, "Address change", RAPPORT_CHANNEL_EMAIL, message);
  g_assert_cmpuint (by_email->len, >=, 2);
  g_assert_cmpstr (key_at (by_email, 0), ==, "refund-email");
  g_assert_cmpstr (key_at (by_email, 1), ==, "refund-chat");
}

static void
test_use_boost (Fixture       *fixture,
                gconstpointer  data)
{
  const Content a = { "gift-a", RAPPORT_CANDIDATE_CANNED, "Gift wrapping", "gift", 0,
                      "We wrap any order as a gift; tick Gift wrapping at checkout." };
  const Content b = { "gift-b", RAPPORT_CANDIDATE_CANNED, "Gift wrapping", "gift", 0,
                      "We wrap any order as a gift; tick Gift wrapping at checkout." };
  const char *message = "Can you gift wrap my order? It is a birthday present.";
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 b_id;

  add_content (fixture, &a);
  add_content (fixture, &b);

  /* Equal scores: the key breaks the tie. */
  before = suggest (fixture, "Gift wrapping", RAPPORT_CHANNEL_EMAIL, message);
  g_assert_cmpuint (before->len, >=, 2);
  g_assert_cmpstr (key_at (before, 0), ==, "gift-a");
  g_assert_cmpstr (key_at (before, 1), ==, "gift-b");
  g_assert_cmpfloat (rapport_suggestion_get_score (before->pdata[0]), ==,
                     rapport_suggestion_get_score (before->pdata[1]));
  g_assert_cmpuint (rapport_suggestion_get_uses (before->pdata[1]), ==, 0);

  /* The team uses b, lately. */
  b_id = candidate_id_of (fixture, "gift-b");
  for (guint i = 0; i < 6; i++)
    {
      g_assert_true (rapport_store_record_use (fixture->store, b_id, 100 + i,
                                               TEST_ANCHOR - (gint64) i * TEST_DAY, &error));
      g_assert_no_error (error);
    }

  after = suggest (fixture, "Gift wrapping", RAPPORT_CHANNEL_EMAIL, message);
  g_assert_cmpuint (after->len, >=, 2);
  g_assert_cmpstr (key_at (after, 0), ==, "gift-b");
  g_assert_cmpuint (rapport_suggestion_get_uses (after->pdata[0]), ==, 6);
  g_assert_true (rapport_suggestion_get_reasons (after->pdata[0]) &
                 RAPPORT_SUGGEST_REASON_TEAM_USE);
  g_assert_true (rapport_suggestion_get_reasons (after->pdata[0]) &
                 RAPPORT_SUGGEST_REASON_RECENT);
  g_assert_false (rapport_suggestion_get_reasons (after->pdata[1]) &
                  RAPPORT_SUGGEST_REASON_RECENT);
  g_assert_cmpfloat (rapport_suggestion_get_score (after->pdata[0]), >,
                     rapport_suggestion_get_score (after->pdata[1]));
}

static void
test_floor (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) unrelated = NULL;
  g_autoptr(GPtrArray) weak = NULL;
  g_autoptr(GPtrArray) none = NULL;

  /* No word in common. */
  unrelated = suggest (fixture, "Lovely weather", RAPPORT_CHANNEL_EMAIL,
                       "The garden looks wonderful after the rain, the roses are blooming.");
  g_assert_cmpuint (unrelated->len, ==, 0);

  /* One common word of the content ("settings") is not enough. */
  weak = suggest (fixture, "Photo album", RAPPORT_CHANNEL_EMAIL,
                  "My camera settings make the photos of the lake look blue.");
  g_assert_cmpuint (weak->len, ==, 0);

  /* Nothing at all: no subject, no message. */
  none = suggest (fixture, NULL, RAPPORT_CHANNEL_EMAIL, NULL);
  g_assert_cmpuint (none->len, ==, 0);
}

/* The gate: a ticket about something no candidate answers, sharing a telling word of the
 * content, gets nothing; the same word in a ticket about it does. */
static void
test_gate (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) related = NULL;
  g_autoptr(GPtrArray) unrelated = NULL;

  add_background_past (fixture);
  related = suggest (fixture, "Security", RAPPORT_CHANNEL_EMAIL,
                     "How do I make my account more secure with two-factor?");
  g_assert_cmpuint (related->len, >=, 1);
  g_assert_cmpstr (key_at (related, 0), ==, "two-factor");

  unrelated = suggest (fixture, "Summer internship", RAPPORT_CHANNEL_EMAIL,
                       "I am a student of marketing looking for a summer internship. My "
                       "professor recommended your security team; attached are my résumé and "
                       "references from the university orchestra.");
  g_assert_cmpuint (unrelated->len, ==, 0);
}

static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *subject = "Billing question";
  const char *message = "I need a copy of my invoice, and I think I was charged twice.";
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;

  add_past (fixture, "h1", "Invoice copy", "Where can I download my invoice?", "invoice-copy",
            NULL);
  first = suggest (fixture, subject, RAPPORT_CHANNEL_EMAIL, message);
  second = suggest (fixture, subject, RAPPORT_CHANNEL_EMAIL, message);

  g_assert_cmpuint (first->len, >=, 2);
  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    {
      const char * const *a = rapport_suggestion_get_terms (first->pdata[i]);
      const char * const *b = rapport_suggestion_get_terms (second->pdata[i]);

      g_assert_cmpstr (key_at (first, i), ==, key_at (second, i));
      g_assert_cmpfloat (rapport_suggestion_get_score (first->pdata[i]), ==,
                         rapport_suggestion_get_score (second->pdata[i]));
      g_assert_true (g_strv_equal (a, b));
    }
}

static void
test_explanation (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) suggestions = NULL;
  const char * const *terms;

  suggestions = suggest (fixture, "Charged TWICE", RAPPORT_CHANNEL_EMAIL,
                         "> Quoted refund text from an older mail, ignored\n"
                         "The duplicate payment is still on my statement.");
  g_assert_cmpuint (suggestions->len, >=, 1);
  g_assert_cmpstr (key_at (suggestions, 0), ==, "refund-policy");

  terms = rapport_suggestion_get_terms (suggestions->pdata[0]);
  g_assert_nonnull (terms);
  g_assert_cmpuint (g_strv_length ((char **) terms), <=, 5);
  /* As the ticket wrote them. */
  g_assert_true (g_strv_contains (terms, "TWICE"));
  g_assert_true (g_strv_contains (terms, "Charged"));
  g_assert_true (g_strv_contains (terms, "duplicate"));
  /* Never a stop word, never a quoted word. */
  g_assert_false (g_strv_contains (terms, "the"));
  g_assert_false (g_strv_contains (terms, "refund"));
}

static void
test_hostile_input (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *bad[] = { "caf\xc3\x28 charged twice", NULL };
  RapportSuggestQuery query = {
    .subject = "Charged twice", .channel = RAPPORT_CHANNEL_EMAIL, .messages = bad,
    .now = TEST_ANCHOR,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GPtrArray) huge_result = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *read = NULL;
  const char *huge_messages[] = { NULL, NULL };

  result = rapport_store_suggest (fixture->store, &query, RAPPORT_SUGGEST_MAX, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_assert_null (result);
  g_clear_error (&error);

  query.subject = "\xff\xfe";
  query.messages = NULL;
  result = rapport_store_suggest (fixture->store, &query, RAPPORT_SUGGEST_MAX, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_assert_null (result);
  g_clear_error (&error);

  /* 4 MiB of distinct words: read up to the bound only, still answered. */
  for (guint i = 0; huge->len < 4 * 1024 * 1024; i++)
    g_string_append_printf (huge, "word%c%c%u ", 'a' + i % 26, 'a' + (i / 26) % 26, i);
  g_string_append (huge, "charged twice duplicate payment refund");
  huge_messages[0] = huge->str;
  read = _rapport_ranker_customer_text (huge_messages, RAPPORT_RANKER_MAX_INPUT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (read), <=, RAPPORT_RANKER_MAX_INPUT);

  query.subject = "Charged twice";
  query.messages = huge_messages;
  huge_result = rapport_store_suggest (fixture->store, &query, RAPPORT_SUGGEST_MAX, &error);
  g_assert_no_error (error);
  g_assert_nonnull (huge_result);
  g_assert_cmpuint (huge_result->len, >=, 1);
  g_assert_cmpstr (key_at (huge_result, 0), ==, "refund-policy");
}

static void
test_text_helpers (void)
{
  const char *messages[] = { "Hello\n> quoted line\n  >> deeper\nthere", "second", NULL };
  g_autofree char *text = _rapport_ranker_customer_text (messages, 1024, NULL);
  g_autofree char *cut = _rapport_ranker_customer_text ((const char *[]) { "aé", NULL }, 2,
                                                        NULL);
  g_autofree char *body = _rapport_ranker_body_text ("Hi {{customer.first_name}}, your "
                                                     "{{order_number|Order}} ships.");

  g_assert_cmpstr (text, ==, "Hello\nthere\n\nsecond");
  /* Cut at a character boundary, never inside "é". */
  g_assert_cmpstr (cut, ==, "a");
  g_assert_null (strstr (body, "customer"));
  g_assert_null (strstr (body, "order_number"));
  g_assert_nonnull (strstr (body, "ships."));

  g_assert_cmpfloat (_rapport_ranker_literal_coverage (
                       "Hi {{customer.first_name}},\nYour refund is on its way to your card.\n"
                       "It takes five business days to show.",
                       "Hi Chloé,\n\nYour refund is on its way   to your card.\n"
                       "It takes five business days to show.\nSam"), ==, 1.0);
  g_assert_cmpfloat (_rapport_ranker_literal_coverage (
                       "Your refund is on its way to your card.\n"
                       "It takes five business days to show.",
                       "Your refund is on its way to your card. Something else."), <, 0.7);
  g_assert_cmpfloat (_rapport_ranker_literal_coverage ("Short.", "Short."), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ranker/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("bm25-relevance", test_bm25_relevance);
  ADD ("phrase", test_phrase);
  ADD ("votes-beat-terms", test_votes_beat_terms);
  ADD ("past-reply", test_past_reply);
  ADD ("channel-fit", test_channel_fit);
  ADD ("use-boost", test_use_boost);
  ADD ("floor", test_floor);
  ADD ("gate", test_gate);
  ADD ("deterministic", test_deterministic);
  ADD ("explanation", test_explanation);
  ADD ("hostile-input", test_hostile_input);
  g_test_add_func ("/ranker/text-helpers", test_text_helpers);

#undef ADD

  return g_test_run ();
}
