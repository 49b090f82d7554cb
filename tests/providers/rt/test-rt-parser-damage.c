/* test-rt-parser-damage.c
 *
 * Every fixture of tests/data/rt (real Request Tracker 5.0.3 answers, read field by field in
 * test-rt-parser.c) damaged in every way the fuzz pass below can think of: each value
 * removed, nulled and swapped for another JSON type, and the text cut at many points. Damage
 * must give RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE or a harmless result, never a crash or a
 * warning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-parser-damage"

#include "config.h"

#include "rapport-http.h"
#include "rapport-rt-parser.h"
#include "rt-parser-fixture.h"

#include <string.h>

/* ------------------------------------------------------------------------------------ */
/* Damage                                                                                */

typedef enum
{
  PARSE_TICKET,
  PARSE_SEARCH,
  PARSE_PAGE,
  PARSE_HISTORY,
  PARSE_ATTACHMENTS,
  PARSE_ATTACHMENT,
  PARSE_TRANSACTION,
  PARSE_TRANSACTIONS,
  PARSE_CURSOR,
  PARSE_USER,
  PARSE_NAME,
  PARSE_CUSTOM_FIELD,
  PARSE_VERSION,
  PARSE_REF,
} ParseKind;

static const struct
{
  const char *name;
  ParseKind   kind;
} parsed_fixtures[] = {
  { "ticket.json", PARSE_TICKET },
  { "ticket-stalled-attachment.json", PARSE_TICKET },
  { "ticket-merged.json", PARSE_TICKET },
  { "search-page-1.json", PARSE_SEARCH },
  { "search-page-2.json", PARSE_SEARCH },
  { "search-past-end.json", PARSE_SEARCH },
  { "search-empty.json", PARSE_SEARCH },
  { "search-channel.json", PARSE_PAGE },
  { "ticket-history.json", PARSE_HISTORY },
  { "ticket-history-expanded.json", PARSE_HISTORY },
  { "ticket-history-bare.json", PARSE_HISTORY },
  { "ticket-attachments.json", PARSE_ATTACHMENTS },
  { "ticket-attachments-binary.json", PARSE_ATTACHMENTS },
  { "transaction-attachments.json", PARSE_ATTACHMENTS },
  { "attachment-png.json", PARSE_ATTACHMENT },
  { "transaction-html-reply.json", PARSE_TRANSACTION },
  { "transactions.json", PARSE_TRANSACTIONS },
  { "transactions-short-page.json", PARSE_TRANSACTIONS },
  { "transactions-root.json", PARSE_TRANSACTIONS },
  { "transactions-cursor.json", PARSE_CURSOR },
  { "user-customer.json", PARSE_USER },
  { "user-customer-accents.json", PARSE_USER },
  { "user-agent.json", PARSE_USER },
  { "queue-support.json", PARSE_NAME },
  { "customfield-channel.json", PARSE_CUSTOM_FIELD },
  { "rt.json", PARSE_VERSION },
  { "ticket-create-201.json", PARSE_REF },
};

static gboolean
run_parser (ParseKind   kind,
            JsonNode   *root,
            GError    **error)
{
  switch (kind)
    {
    case PARSE_TICKET:
      {
        g_auto(GStrv) requestors = NULL;
        g_autoptr(RapportTicket) ticket = rapport_rt_parse_ticket (root, &requestors, error);
        return ticket != NULL;
      }

    case PARSE_SEARCH:
    case PARSE_PAGE:
      {
        g_auto(RapportRtPageInfo) info = { 0 };
        JsonArray *items;

        if (!rapport_rt_parse_page_info (root, &info, error) ||
            (items = rapport_rt_page_get_items (root, error)) == NULL)
          return FALSE;
        for (guint i = 0; kind == PARSE_SEARCH && i < json_array_get_length (items); i++)
          {
            g_autoptr(RapportTicket) ticket =
              rapport_rt_parse_ticket (json_array_get_element (items, i), NULL, error);
            if (ticket == NULL)
              return FALSE;
          }
        return TRUE;
      }

    case PARSE_HISTORY:
      {
        const char * const customers[] = { CHLOE, NULL };
        g_auto(RapportRtPageInfo) info = { 0 };
        g_autoptr(GPtrArray) messages = NULL;

        if (!rapport_rt_parse_page_info (root, &info, error))
          return FALSE;
        messages = rapport_rt_parse_messages (root, NULL, "1", RAPPORT_CHANNEL_EMAIL, customers,
                                              error);
        return messages != NULL;
      }

    case PARSE_ATTACHMENTS:
      {
        g_autoptr(GHashTable) bodies = rapport_rt_bodies_new ();
        GHashTableIter iter;
        gpointer value;
        guint64 max_txn = 0;

        if (!rapport_rt_collect_bodies (root, bodies, &max_txn, NULL, error))
          return FALSE;
        g_hash_table_iter_init (&iter, bodies);
        while (g_hash_table_iter_next (&iter, NULL, &value))
          {
            g_autofree char *text = rapport_rt_attachment_body_text (value);
            g_assert_true (g_utf8_validate (text, -1, NULL));
          }
        return TRUE;
      }

    case PARSE_ATTACHMENT:
      {
        g_autoptr(RapportRtAttachment) attachment = rapport_rt_parse_attachment (root, error);
        return attachment != NULL;
      }

    case PARSE_TRANSACTION:
      {
        g_autoptr(RapportRtTransaction) txn = rapport_rt_parse_transaction (root, error);
        return txn != NULL;
      }

    case PARSE_TRANSACTIONS:
    case PARSE_CURSOR:
      {
        g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
        guint64 max_id = 0;

        return rapport_rt_parse_transactions_page (root, kind == PARSE_TRANSACTIONS, ids, &max_id,
                                                   NULL, error);
      }

    case PARSE_USER:
      {
        g_autoptr(RapportRtUser) user = rapport_rt_parse_user (root, error);
        g_autoptr(RapportCustomer) customer = NULL;

        if (user == NULL)
          return FALSE;
        customer = rapport_rt_parse_customer (root, error);
        return customer != NULL;
      }

    case PARSE_NAME:
      {
        g_autofree char *name = rapport_rt_parse_name (root, "queue", error);
        return name != NULL;
      }

    case PARSE_CUSTOM_FIELD:
      {
        g_autofree char *name = NULL;
        g_auto(GStrv) values = NULL;
        return rapport_rt_parse_custom_field (root, &name, &values, error);
      }

    case PARSE_VERSION:
      {
        g_autofree char *version = rapport_rt_parse_version (root, error);
        return version != NULL;
      }

    case PARSE_REF:
      {
        g_autofree char *id = rapport_rt_parse_ref (root, "ticket", error);
        return id != NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

typedef enum
{
  DAMAGE_REMOVE,
  DAMAGE_NULL,
  DAMAGE_SWAP,
  N_DAMAGES,
} Damage;

static const char * const damage_names[] = { "removed", "null", "type-swapped" };

/* Collects the path of every value under @node ("key" steps and "#index" steps joined by
 * '/'). */
static void
collect_paths (JsonNode   *node,
               const char *prefix,
               GPtrArray  *paths)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (json_node_get_object (node), l->data);
          g_autofree char *path = *prefix != '\0' ?
                                  g_strdup_printf ("%s/%s", prefix, (char *) l->data) :
                                  g_strdup (l->data);

          g_ptr_array_add (paths, g_strdup (path));
          collect_paths (child, path, paths);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *path = *prefix != '\0' ? g_strdup_printf ("%s/#%u", prefix, i) :
                                                    g_strdup_printf ("#%u", i);

          g_ptr_array_add (paths, g_strdup (path));
          collect_paths (json_array_get_element (array, i), path, paths);
        }
    }
}

static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

static JsonNode *
node_take_array (JsonArray *array)
{
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  return node;
}

static JsonNode *
swapped_value (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return node_take_array (json_array_new ());
  if (JSON_NODE_HOLDS_ARRAY (node))
    return node_take_object (json_object_new ());
  if (JSON_NODE_HOLDS_NULL (node))
    return json_node_init_int (json_node_alloc (), 7);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_init_int (json_node_alloc (), 7);
  return json_node_init_string (json_node_alloc (), "x7");
}

/* A deep copy of @node (at @path) with the value at @target damaged. */
static JsonNode *
copy_damaged (JsonNode   *node,
              const char *path,
              const char *target,
              Damage      how)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          JsonNode *child = json_object_get_member (object, key);
          g_autofree char *child_path = *path != '\0' ? g_strdup_printf ("%s/%s", path, key) :
                                                        g_strdup (key);

          if (strcmp (child_path, target) != 0)
            json_object_set_member (copy, key, copy_damaged (child, child_path, target, how));
          else if (how == DAMAGE_NULL)
            json_object_set_null_member (copy, key);
          else if (how == DAMAGE_SWAP)
            json_object_set_member (copy, key, swapped_value (child));
        }

      return node_take_object (copy);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *child = json_array_get_element (array, i);
          g_autofree char *child_path = *path != '\0' ? g_strdup_printf ("%s/#%u", path, i) :
                                                        g_strdup_printf ("#%u", i);

          if (strcmp (child_path, target) != 0)
            json_array_add_element (copy, copy_damaged (child, child_path, target, how));
          else if (how == DAMAGE_NULL)
            json_array_add_null_element (copy);
          else if (how == DAMAGE_SWAP)
            json_array_add_element (copy, swapped_value (child));
        }

      return node_take_array (copy);
    }

  return json_node_copy (node);
}

static JsonNode *
damage (JsonNode   *root,
        const char *path,
        Damage      how)
{
  return copy_damaged (root, "", path, how);
}

/* Damage that must be reported: (fixture, path, damage). */
static const struct
{
  const char *fixture;
  const char *path;
  Damage      how;
} must_fail[] = {
  { "ticket.json", "id", DAMAGE_REMOVE },
  { "ticket.json", "id", DAMAGE_SWAP },
  { "ticket.json", "Subject", DAMAGE_REMOVE },
  { "ticket.json", "Subject", DAMAGE_SWAP },
  { "ticket.json", "Status", DAMAGE_NULL },
  { "ticket.json", "Status", DAMAGE_SWAP },
  { "ticket.json", "Created", DAMAGE_REMOVE },
  { "ticket.json", "LastUpdated", DAMAGE_SWAP },
  { "ticket.json", "Resolved", DAMAGE_SWAP },
  { "ticket.json", "Owner", DAMAGE_SWAP },
  { "ticket.json", "Owner/id", DAMAGE_REMOVE },
  { "ticket.json", "Queue", DAMAGE_SWAP },
  { "ticket.json", "Requestor", DAMAGE_SWAP },
  { "ticket.json", "Requestor/#0", DAMAGE_SWAP },
  { "ticket.json", "Requestor/#0/id", DAMAGE_NULL },
  { "ticket.json", "CustomFields", DAMAGE_SWAP },
  { "ticket.json", "CustomFields/#0/values", DAMAGE_SWAP },
  { "ticket.json", "CustomFields/#0/values/#0", DAMAGE_SWAP },
  { "search-page-1.json", "items", DAMAGE_REMOVE },
  { "search-page-1.json", "count", DAMAGE_SWAP },
  { "search-page-1.json", "total", DAMAGE_SWAP },
  { "search-page-1.json", "next_page", DAMAGE_SWAP },
  { "search-page-1.json", "items/#1/Status", DAMAGE_REMOVE },
  { "search-empty.json", "pages", DAMAGE_SWAP },
  { "ticket-history.json", "items/#0/Creator", DAMAGE_REMOVE },
  { "ticket-history.json", "items/#0/Created", DAMAGE_SWAP },
  { "ticket-history.json", "items/#4/id", DAMAGE_NULL },
  { "ticket-history.json", "items/#5/Type", DAMAGE_SWAP },
  { "ticket-history.json", "page", DAMAGE_REMOVE },
  { "ticket-attachments.json", "items/#0/TransactionId", DAMAGE_REMOVE },
  { "ticket-attachments.json", "items/#2/Content", DAMAGE_SWAP },
  { "ticket-attachments.json", "items/#2/ContentType", DAMAGE_SWAP },
  { "attachment-png.json", "TransactionId/id", DAMAGE_REMOVE },
  { "attachment-png.json", "Content", DAMAGE_SWAP },
  { "transaction-html-reply.json", "Object", DAMAGE_SWAP },
  { "transactions.json", "items", DAMAGE_SWAP },
  { "transactions.json", "items/#3/ObjectId", DAMAGE_REMOVE },
  { "transactions.json", "items/#3/ObjectId", DAMAGE_NULL },
  { "transactions.json", "items/#24/id", DAMAGE_NULL },
  { "user-customer.json", "Name", DAMAGE_REMOVE },
  { "user-customer.json", "Privileged", DAMAGE_SWAP },
  { "user-customer.json", "EmailAddress", DAMAGE_SWAP },
  { "user-customer.json", "Memberships", DAMAGE_SWAP },
  { "queue-support.json", "Name", DAMAGE_NULL },
  { "customfield-channel.json", "Values/#2", DAMAGE_SWAP },
  { "rt.json", "Version", DAMAGE_SWAP },
  { "ticket-create-201.json", "type", DAMAGE_REMOVE },
};

static gboolean
damage_must_fail (const char *fixture_name,
                  const char *path,
                  Damage      how)
{
  for (guint i = 0; i < G_N_ELEMENTS (must_fail); i++)
    if (strcmp (must_fail[i].fixture, fixture_name) == 0 && strcmp (must_fail[i].path, path) == 0 &&
        must_fail[i].how == how)
      return TRUE;
  return FALSE;
}

static void
test_damaged_fixtures (void)
{
  guint runs = 0, failures = 0, checked = 0;

  for (guint f = 0; f < G_N_ELEMENTS (parsed_fixtures); f++)
    {
      g_autoptr(JsonNode) root = fixture (parsed_fixtures[f].name);
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;

      /* The undamaged fixture parses. */
      if (!run_parser (parsed_fixtures[f].kind, root, &error))
        g_error ("%s does not parse: %s", parsed_fixtures[f].name, error->message);

      collect_paths (root, "", paths);
      for (guint p = 0; p < paths->len; p++)
        for (Damage how = 0; how < N_DAMAGES; how++)
          {
            g_autoptr(JsonNode) damaged = damage (root, paths->pdata[p], how);
            g_autoptr(GError) damage_error = NULL;
            gboolean ok = run_parser (parsed_fixtures[f].kind, damaged, &damage_error);

            runs++;
            if (!ok)
              {
                failures++;
                if (!g_error_matches (damage_error, RAPPORT_PROVIDER_ERROR,
                                      RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE))
                  g_error ("%s with %s %s: unexpected error %s", parsed_fixtures[f].name,
                           (char *) paths->pdata[p], damage_names[how],
                           damage_error != NULL ? damage_error->message : "(none)");
                g_assert_nonnull (damage_error->message);
                g_assert_cmpuint (strlen (damage_error->message), >, 10);
              }
            else
              {
                g_assert_no_error (damage_error);
              }

            if (damage_must_fail (parsed_fixtures[f].name, paths->pdata[p], how))
              {
                checked++;
                if (ok)
                  g_error ("%s with %s %s was accepted", parsed_fixtures[f].name,
                           (char *) paths->pdata[p], damage_names[how]);
              }
          }

      /* The whole document swapped for another type. */
      {
        g_autoptr(JsonNode) array = json_from_string ("[1, \"a\", null]", NULL);
        g_autoptr(JsonNode) number = json_from_string ("42", NULL);
        g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);

        g_assert_false (run_parser (parsed_fixtures[f].kind, array, &error));
        assert_invalid (error, NULL);
        g_clear_error (&error);
        g_assert_false (run_parser (parsed_fixtures[f].kind, number, &error));
        assert_invalid (error, NULL);
        g_clear_error (&error);
        g_assert_false (run_parser (parsed_fixtures[f].kind, null_node, &error));
        assert_invalid (error, NULL);
        g_clear_error (&error);
      }
    }

  g_test_message ("%u damaged documents, %u rejected; %u required rejections checked",
                  runs, failures, checked);
  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (must_fail));
}

static void
test_truncated_fixtures (void)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rt", NULL);
  g_autoptr(GError) error = NULL;
  const char *name;
  guint files = 0, cuts = 0;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gsize length;
      g_autofree char *text = NULL;
      gsize stride, end;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      text = fixture_text (name, &length);
      files++;

      /* Every fixture is one JSON object, so every prefix without its closing brace is
       * malformed (the .headers.json sidecars end with a newline). */
      end = length;
      while (end > 0 && g_ascii_isspace (text[end - 1]))
        end--;
      stride = MAX (1, end / 400);
      for (gsize cut = 0; cut < end; cut += stride)
        {
          g_autoptr(GError) cut_error = NULL;
          g_autoptr(JsonNode) root = rapport_http_parse_json (text, cut, name, &cut_error);

          cuts++;
          g_assert_null (root);
          g_assert_error (cut_error, RAPPORT_PROVIDER_ERROR,
                          RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
          g_assert_nonnull (strstr (cut_error->message, name));
        }

      /* And the whole fixture parses. */
      {
        g_autoptr(JsonNode) root = rapport_http_parse_json (text, length, name, &error);
        g_assert_no_error (error);
        g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      }
    }

  g_test_message ("%u fixtures cut at %u places", files, cuts);
  g_assert_cmpuint (files, >=, 38);
}

static void
test_json_limits (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) ok = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  root = rapport_http_parse_json (deep->str, deep->len, "deep", &error);
  g_assert_null (root);
  assert_invalid (error, "nested");
  g_clear_error (&error);

  /* Brackets inside strings do not count. */
  g_string_assign (deep, "{\"a\":\"");
  for (guint i = 0; i < 2000; i++)
    g_string_append (deep, "[{");
  g_string_append (deep, "\\\"\"}");
  ok = rapport_http_parse_json (deep->str, deep->len, "strings", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  g_assert_null (rapport_http_parse_json ("", 0, "empty", &error));
  assert_invalid (error, "empty");
  g_clear_error (&error);
  g_assert_null (rapport_http_parse_json ("{\"a\":\"\xff\"}", 9, "bad utf-8", &error));
  assert_invalid (error, "bad utf-8");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/rt-parser/damaged-fixtures", test_damaged_fixtures);
  g_test_add_func ("/rapport/rt-parser/truncated-fixtures", test_truncated_fixtures);
  g_test_add_func ("/rapport/rt-parser/json-limits", test_json_limits);

  return g_test_run ();
}
