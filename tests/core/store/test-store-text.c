/* test-store-text.c
 *
 * The store's text rule: it writes only storable text (valid UTF-8) and refuses anything else
 * with a clear error, and it reads only storable text, even from a cache an older Rapport
 * filled with invalid UTF-8 (a lone surrogate escape json-glib decoded, a NUL): what the
 * ticket list shows, and screen readers read over D-Bus, is always valid text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-store-text"

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "rapport-store-private.h"
#include "rapport-test-data.h"
#include "rapport-text.h"
#include "rapport-ticket-list.h"
#include "store-test-fixture.h"

/* What json-glib 1.6 made of "Invoice \udcff overdue": the surrogate's bytes (ED B3 BF). */
#define LONE_SURROGATE "Invoice \xed\xb3\xbf overdue"
#define REPLACEMENT    "\xef\xbf\xbd"
/* ... read back: one U+FFFD per invalid byte. */
#define LONE_SURROGATE_READ "Invoice " REPLACEMENT REPLACEMENT REPLACEMENT " overdue"

/* Every string property of @object is valid UTF-8. */
static void
assert_strings_valid (gpointer object)
{
  guint n_props;
  g_autofree GParamSpec **props = g_object_class_list_properties (G_OBJECT_GET_CLASS (object),
                                                                   &n_props);

  for (guint i = 0; i < n_props; i++)
    {
      g_autofree char *value = NULL;

      if (props[i]->value_type != G_TYPE_STRING || !(props[i]->flags & G_PARAM_READABLE))
        continue;
      g_object_get (object, props[i]->name, &value, NULL);
      if (value != NULL && !g_utf8_validate (value, -1, NULL))
        g_error ("%s:%s is not valid UTF-8", G_OBJECT_TYPE_NAME (object), props[i]->name);
    }
}

static void
test_refused_on_write (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *bad[] = { "subject", "body", "name" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
      g_autoptr(GError) error = NULL;
      gboolean is_subject = g_str_equal (bad[i], "subject");
      gboolean is_body = g_str_equal (bad[i], "body");

      test_add_customer (page, "someone", is_subject || is_body ? "Some One" : LONE_SURROGATE,
                         NULL, "email", "some@one.example", NULL);
      test_add_ticket (page, "77", is_subject ? LONE_SURROGATE : "A ticket",
                       RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL, "someone", NULL,
                       TEST_ANCHOR, TEST_ANCHOR, 0);
      test_add_message (page, "m-1", "77", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                        RAPPORT_VISIBILITY_PUBLIC, "Some One", "someone",
                        is_body ? LONE_SURROGATE : "Hello", TEST_ANCHOR);

      g_test_message ("invalid %s", bad[i]);
      /* The store refuses the record holding it: the record is set aside with the store's
       * reason, and the rest of the page goes in. */
      g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                               &error));
      g_assert_no_error (error);
      {
        g_autoptr(GPtrArray) set_aside = rapport_store_list_set_aside (fixture->store,
                                                                       fixture->account_id,
                                                                       NULL, &error);
        RapportSetAside *record;

        g_assert_no_error (error);
        g_assert_cmpuint (set_aside->len, >=, 1);
        record = set_aside->pdata[set_aside->len - 1];
        g_assert_nonnull (strstr (record->reason, "refused text that is not valid UTF-8"));
        g_assert_true (g_utf8_validate (record->reason, -1, NULL));
        g_assert_cmpint (record->kind, ==,
                         is_body ? RAPPORT_RECORD_MESSAGE :
                         is_subject ? RAPPORT_RECORD_TICKET : RAPPORT_RECORD_CUSTOMER);
      }

      /* Nothing of the refused record is written. */
      if (is_subject)
        g_assert_cmpint (find_ticket_id (fixture, "77"), ==, 0);
    }

  /* The same page with the text made storable goes in. */
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
    g_autofree char *subject = rapport_text_make_storable (LONE_SURROGATE, -1);
    g_autoptr(RapportTicket) ticket = NULL;

    test_add_customer (page, "someone", "Some One", NULL, "email", "some@one.example", NULL);
    test_add_ticket (page, "77", subject, RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                     "someone", NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
    apply_page (fixture, page);
    ticket = load_ticket (fixture, "77");
    g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, LONE_SURROGATE_READ);
  }
}

/* The toolkit: a refused text fails the statement's step, not a later statement's; a
 * statement released without its step is clean for its next use. */
static void
test_refused_statement (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char *insert = "INSERT INTO sync_state (account_id, resource, cursor, updated_at) "
                              "VALUES (?1, ?2, ?3, 0)";
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  g_assert_nonnull (_rapport_store_lock (fixture->store, NULL, &error));
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (fixture->store, insert, &error);

    g_assert_no_error (error);
    sqlite3_bind_int64 (stmt, 1, fixture->account_id);
    _rapport_store_bind_text (stmt, 2, "tickets");
    _rapport_store_bind_text (stmt, 3, "bad \xff cursor");
    g_assert_false (_rapport_store_step_done (stmt, "Writing a cursor", &error));
    g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "Writing a cursor: refused text that is not "
                                                     "valid UTF-8 (parameter 3 ?3 of “INSERT"));
    g_clear_error (&error);
  }
  {
    /* Bound, refused, never stepped: forgotten with the statement's release. */
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (fixture->store, insert, &error);

    _rapport_store_bind_text (stmt, 3, "a\xc3");
  }
  {
    g_autoptr(RapportStoreStmt) stmt = _rapport_store_prepare (fixture->store, insert, &error);

    sqlite3_bind_int64 (stmt, 1, fixture->account_id);
    _rapport_store_bind_text (stmt, 2, "tickets");
    _rapport_store_bind_text (stmt, 3, "good " REPLACEMENT " cursor");
    g_assert_true (_rapport_store_step_done (stmt, "Writing a cursor", &error));
    g_assert_no_error (error);
  }
  _rapport_store_unlock (fixture->store);

  cursor = rapport_store_get_cursor (fixture->store, fixture->account_id, "tickets", NULL,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "good " REPLACEMENT " cursor");
}

/* Writes @length bytes of @text into @column of @table's rows matching @where, as an older
 * Rapport could have. */
static void
write_raw (Fixture    *fixture,
           const char *table,
           const char *column,
           const char *where,
           const char *text,
           int         length)
{
  sqlite3 *db = open_raw (fixture->path);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE %s", table, column, where);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, length, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_repaired_on_read (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  static const char with_nul[] = "before\0after";

  apply_story (fixture);
  write_raw (fixture, "tickets", "subject", "remote_id = '1005'", LONE_SURROGATE, -1);
  write_raw (fixture, "customers", "display_name", "1", "Chlo\xe9 Silva", -1);
  write_raw (fixture, "messages", "body",
             "ticket_id = (SELECT id FROM tickets WHERE remote_id = '1005')",
             with_nul, sizeof with_nul - 1);

  ticket = load_ticket (fixture, "1005");
  g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, LONE_SURROGATE_READ);
  g_assert_cmpstr (rapport_ticket_get_customer_name (ticket), ==, "Chlo" REPLACEMENT " Silva");
  assert_strings_valid (ticket);

  messages = rapport_store_list_messages (fixture->store, rapport_ticket_get_id (ticket), NULL,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, >, 0);
  for (guint i = 0; i < messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);

      /* The text after the NUL is kept. */
      g_assert_cmpstr (rapport_message_get_body (message), ==, "before" REPLACEMENT "after");
      assert_strings_valid (message);
    }

  /* The conversation's page, whose bodies are read through a blob handle, likewise. */
  {
    g_autoptr(GPtrArray) recent = NULL;
    gboolean complete = FALSE;

    recent = rapport_store_list_recent_messages (fixture->store, rapport_ticket_get_id (ticket),
                                                 50, &complete, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (recent->len, ==, messages->len);
    for (guint i = 0; i < recent->len; i++)
      {
        RapportMessage *message = g_ptr_array_index (recent, i);

        g_assert_cmpstr (rapport_message_get_body (message), ==, "before" REPLACEMENT "after");
        assert_strings_valid (message);
      }
  }

  /* An invalid byte in a long body: its start, as the conversation shows it, is valid. */
  {
    g_autoptr(GString) long_body = g_string_new (NULL);
    g_autoptr(GPtrArray) recent = NULL;
    gboolean complete = FALSE;

    for (guint i = 0; i < RAPPORT_MESSAGE_BODY_PREVIEW_CHARS; i++)
      g_string_append (long_body, i % 7 == 3 ? "\xe9" : "a");
    write_raw (fixture, "messages", "body",
               "ticket_id = (SELECT id FROM tickets WHERE remote_id = '1005')",
               long_body->str, (int) long_body->len);
    recent = rapport_store_list_recent_messages (fixture->store, rapport_ticket_get_id (ticket),
                                                 50, &complete, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (recent->len, >, 0);
    for (guint i = 0; i < recent->len; i++)
      {
        const char *body = rapport_message_get_body (g_ptr_array_index (recent, i));

        g_assert_true (g_utf8_validate (body, -1, NULL));
        g_assert_nonnull (strstr (body, "aaa" REPLACEMENT "aaa"));
      }
  }

  customer = load_customer (fixture, rapport_ticket_get_customer_id (ticket));
  g_assert_cmpstr (rapport_customer_get_display_name (customer), ==, "Chlo" REPLACEMENT " Silva");
  assert_strings_valid (customer);

  /* Search results too. */
  {
    g_autoptr(GPtrArray) hits = search (fixture, "Invoice", 10);

    g_assert_cmpuint (hits->len, >, 0);
    for (guint i = 0; i < hits->len; i++)
      assert_strings_valid (g_ptr_array_index (hits, i));
  }
}

static void
on_reloaded_cb (RapportTicketList *list,
                gboolean          *reloaded)
{
  *reloaded = TRUE;
}

/* The list the window shows, whose rows' texts become accessible names. */
static void
test_ticket_list_reads_valid_text (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RapportTicketList) list = NULL;
  gboolean reloaded = FALSE;
  gboolean seen = FALSE;
  guint n;

  apply_story (fixture);
  write_raw (fixture, "tickets", "subject", "1", LONE_SURROGATE, -1);
  write_raw (fixture, "customers", "display_name", "1", "\xff\xfe", -1);

  list = rapport_ticket_list_new (fixture->store, fixture->account_id, RAPPORT_VIEW_ALL_OPEN);
  g_signal_connect (list, "reloaded", G_CALLBACK (on_reloaded_cb), &reloaded);
  test_wait_for (&reloaded);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportTicket) ticket = g_list_model_get_item (G_LIST_MODEL (list), i);

      while (!rapport_ticket_get_loaded (ticket))
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, LONE_SURROGATE_READ);
      assert_strings_valid (ticket);
      seen = TRUE;
    }
  g_assert_true (seen);

  g_signal_handlers_disconnect_by_data (list, &reloaded);
}

/* A ticket's tags are stored as json-glib writes them (a page bringing the ticket again
 * compares the text), with or without characters to escape, and read back as they were. */
static void
test_tags_as_json (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *plain[] = { "billing", "caf\xc3\xa9 au lait", "a/b <&>", "", NULL };
  static const char *escaped[] = { "plain", "say \"hi\"", "back\\slash", NULL };
  static const char *control[] = { "tab\there", "line\nbreak", "del\x7f", NULL };
  static const char *const *cases[] = { plain, escaped, control, NULL };
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  sqlite3 *db;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("t-%u", i);
      RapportTicket *ticket = test_add_ticket (page, remote_id, "Tags", RAPPORT_TICKET_STATUS_OPEN,
                                               RAPPORT_CHANNEL_EMAIL, NULL, NULL, TEST_ANCHOR,
                                               TEST_ANCHOR, 0);

      rapport_ticket_set_tags (ticket, cases[i]);
    }
  apply_page (fixture, page);

  db = open_raw (fixture->path);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("t-%u", i);
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *expected = NULL;
      g_autoptr(RapportTicket) ticket = load_ticket (fixture, remote_id);
      const char * const *tags = rapport_ticket_get_tags (ticket);
      sqlite3_stmt *stmt = NULL;
      guint n;

      for (guint j = 0; cases[i] != NULL && cases[i][j] != NULL; j++)
        json_array_add_string_element (array, cases[i][j]);
      json_node_set_array (node, array);
      expected = json_to_string (node, FALSE);

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT tags FROM tickets WHERE remote_id = ?1",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, remote_id, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, expected);
      sqlite3_finalize (stmt);

      for (n = 0; cases[i] != NULL && cases[i][n] != NULL; n++)
        g_assert_cmpstr (tags != NULL ? tags[n] : NULL, ==, cases[i][n]);
      g_assert_true (tags == NULL || tags[n] == NULL);
    }
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rapport/store/text/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("refused-on-write", test_refused_on_write);
  ADD ("refused-statement", test_refused_statement);
  ADD ("repaired-on-read", test_repaired_on_read);
  ADD ("ticket-list-reads-valid-text", test_ticket_list_reads_valid_text);
  ADD ("tags-as-json", test_tags_as_json);

#undef ADD

  return g_test_run ();
}
