/* fuzz-rt-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Backend JSON: the body of any RT answer goes through rapport_http_parse_json(), the one
 * gate every server body passes, and then through every RT parser — tickets, users, pages,
 * transactions, attachments, money records and history, article classes and articles — as
 * the root and as each item of its "items". The comment parsers of the money side read the
 * bodies the attachments carry.
 */
#define G_LOG_DOMAIN "rapport-fuzz-rt-json"

#include "config.h"

#include "rapport-fuzz.h"
#include "rapport-http.h"
#include "rapport-rt-articles-parser.h"
#include "rapport-rt-money-parser.h"
#include "rapport-rt-parser.h"

/* A parser that fails must say why. */
static void
check_failure (gboolean  ok,
               GError  **error)
{
  if (!ok && *error == NULL)
    g_error ("a parser failed without an error");
  if (ok && *error != NULL)
    g_error ("a parser succeeded with an error: %s", (*error)->message);
  g_clear_error (error);
}

static void
read_comment (const char *text)
{
  RapportVerdict verdict;
  RapportVerdictReason reason;
  g_autoptr(RapportRtDecisionRecord) record = NULL;

  rapport_rt_money_parse_verdict (text, &verdict, &reason);
  record = rapport_rt_money_parse_decision_record (text);
  rapport_rt_money_voids_approval (text, "1");
}

static void
parse_node (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requestors = NULL;
  g_auto(GStrv) values = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *name = NULL;
  g_autofree char *field = NULL;
  g_autofree char *version = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportRtUser) user = NULL;
  g_autoptr(RapportRtTransaction) txn = NULL;
  g_autoptr(RapportRtAttachment) attachment = NULL;
  g_autoptr(RapportRtMoneyRecord) record = NULL;
  RapportChannel channel;
  gboolean refers = FALSE;

  ticket = rapport_rt_parse_ticket (node, &requestors, &error);
  check_failure (ticket != NULL, &error);
  check_failure (rapport_rt_parse_channel (node, &channel, &error), &error);
  customer = rapport_rt_parse_customer (node, &error);
  check_failure (customer != NULL, &error);
  user = rapport_rt_parse_user (node, &error);
  check_failure (user != NULL, &error);
  ref = rapport_rt_parse_ref (node, NULL, &error);
  check_failure (ref != NULL, &error);
  name = rapport_rt_parse_name (node, "queue", &error);
  check_failure (name != NULL, &error);
  check_failure (rapport_rt_parse_custom_field (node, &field, &values, &error), &error);
  version = rapport_rt_parse_version (node, &error);
  check_failure (version != NULL, &error);
  txn = rapport_rt_parse_transaction (node, &error);
  check_failure (txn != NULL, &error);
  if (txn != NULL)
    rapport_rt_transaction_is_message (txn);

  attachment = rapport_rt_parse_attachment (node, &error);
  check_failure (attachment != NULL, &error);
  if (attachment != NULL)
    {
      g_autofree char *text = rapport_rt_attachment_body_text (attachment);

      rapport_fuzz_assert_utf8 (text, -1);
      rapport_rt_attachment_is_body (attachment);
      read_comment (text);
    }

  record = rapport_rt_money_parse_record (node, &error);
  check_failure (record != NULL, &error);
  if (record != NULL)
    {
      g_autoptr(RapportMoneyAction) action = NULL;

      rapport_rt_money_is_money_queue (record->queue);
      action = rapport_rt_money_build_action (record, NULL, NULL, &error);
      check_failure (action != NULL, &error);
    }

  uri = rapport_rt_parse_article_uri (node, &error);
  check_failure (uri != NULL, &error);
  check_failure (rapport_rt_ticket_refers_to_article (node, "1", &refers, &error), &error);
}

static void
parse_page (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_auto(RapportRtPageInfo) info = { 0 };
  g_autoptr(GPtrArray) ticket_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) money_txns = g_ptr_array_new_with_free_func (
    (GDestroyNotify) rapport_rt_money_txn_free);
  g_autoptr(GHashTable) bodies = rapport_rt_bodies_new ();
  g_autoptr(GHashTable) classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_free);
  g_autoptr(GPtrArray) messages = NULL;
  static const char * const customers[] = { "customer", "root", NULL };
  guint64 max_id = 0;
  guint n_items = 0;
  JsonArray *items;

  check_failure (rapport_rt_parse_page_info (root, &info, &error), &error);
  check_failure (rapport_rt_parse_transactions_page (root, FALSE, ticket_ids, &max_id, &n_items,
                                                     &error), &error);
  check_failure (rapport_rt_collect_bodies (root, bodies, &max_id, &n_items, &error), &error);
  check_failure (rapport_rt_money_parse_history (root, money_txns, &n_items, &error), &error);
  check_failure (rapport_rt_parse_article_classes (root, classes, &error), &error);

  messages = rapport_rt_parse_messages (root, root, "1", RAPPORT_CHANNEL_EMAIL, customers,
                                        &error);
  check_failure (messages != NULL, &error);

  items = rapport_rt_page_get_items (root, &error);
  check_failure (items != NULL, &error);
  if (items == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      g_autoptr(RapportCandidate) article = NULL;

      parse_node (item);
      article = rapport_rt_parse_article (item, classes, "https://rt.example.org", &error);
      g_clear_error (&error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = rapport_fuzz_strndup (data, size);

  read_comment (text);

  root = rapport_http_parse_json ((const char *) data, size, "fuzz input", &error);
  if (root == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  parse_node (root);
  parse_page (root);
  return 0;
}
