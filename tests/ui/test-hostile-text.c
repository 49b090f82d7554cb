/* test-hostile-text.c
 *
 * The crash loop of a cache holding invalid UTF-8: json-glib once decoded a server's lone
 * surrogate escape ("Invoice \udcff overdue") into the bytes of a surrogate, the store kept
 * them, and the ticket list handed them to GTK: Pango warned, and the first screen reader to
 * read the list made GDBus abort — at every start, until the cache was deleted. Here such a
 * cache is opened in the window: every row of the ticket list, the shown ticket and their
 * accessible names carry valid text (U+FFFD where the bad bytes were).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-hostile-text"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rapport-http.h"
#include "rapport-ticket-row.h"
#include "rapport-ui-test-util.h"
#include "rapport-window.h"

/* What json-glib 1.6 made of "Invoice \udcff overdue", as an older Rapport stored it. */
#define STORED_SUBJECT "Invoice \xed\xb3\xbf overdue"
#define REPLACEMENT    "\xef\xbf\xbd"
#define SHOWN_SUBJECT  "Invoice " REPLACEMENT REPLACEMENT REPLACEMENT " overdue"

typedef struct
{
  char             *dir;
  RapportStore     *store;
  RapportAccount   *account;
  RapportWorkspace *workspace;
  RapportWindow    *window;
} Fixture;

/* Writes @text (@length bytes) over every ticket subject and customer name of the cache, as
 * an older Rapport could have left them. */
static void
damage_texts (RapportStore *store,
              const char   *subject,
              int           subject_length,
              const char   *name)
{
  static const char * const sql[] = {
    "UPDATE tickets SET subject = ?1",
    "UPDATE customers SET display_name = ?1",
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (rapport_store_get_path (store), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql[i], -1, &stmt, NULL), ==, SQLITE_OK);
      if (i == 0)
        sqlite3_bind_text (stmt, 1, subject, subject_length, SQLITE_STATIC);
      else
        sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_changes (db), >, 0);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
}

static gboolean
window_is_loaded (gpointer user_data)
{
  return rapport_window_get_loaded (RAPPORT_WINDOW (user_data));
}

static void
open_window (Fixture *fixture)
{
  fixture->window = g_object_ref (rapport_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  fixture->workspace = rapport_test_create_demo_workspace (fixture->store, fixture->account);
  rapport_window_set_workspace (fixture->window, fixture->workspace);
  gtk_window_present (GTK_WINDOW (fixture->window));
  rapport_test_wait_until (window_is_loaded, fixture->window, 20000, "the window to load");
  rapport_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-test-hostile-text-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = rapport_test_create_demo_store (fixture->dir,
                                                   g_get_real_time () / G_USEC_PER_SEC,
                                                   &fixture->account);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      rapport_test_release_and_wait (&fixture->window);
      rapport_test_release_and_wait (&fixture->workspace);
    }
  rapport_test_release_and_wait (&fixture->store);
  g_clear_object (&fixture->account);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Whether the ticket list shows rows with loaded tickets. */
static gboolean
rows_loaded (gpointer user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GPtrArray) rows = rapport_test_find_widgets (GTK_WIDGET (fixture->window),
                                                         RAPPORT_TYPE_TICKET_ROW);

  if (rows->len == 0)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      const char *label = rapport_test_get_accessible_label (g_ptr_array_index (rows, i));

      if (label == NULL || strstr (label, "Invoice") == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
assert_list_shows_valid_text (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = NULL;
  RapportTicket *current;

  rapport_test_wait_until (rows_loaded, fixture, 20000, "the ticket rows to load");
  rows = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_TICKET_ROW);
  g_assert_cmpuint (rows->len, >, 0);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *label = rapport_test_get_accessible_label (row);
      g_autoptr(GPtrArray) labels = rapport_test_find_widgets (row, GTK_TYPE_LABEL);

      /* What a screen reader gets over D-Bus: valid text, the bad bytes as U+FFFD. */
      g_assert_true (g_utf8_validate (label, -1, NULL));
      g_assert_nonnull (strstr (label, SHOWN_SUBJECT));
      for (guint j = 0; j < labels->len; j++)
        g_assert_true (g_utf8_validate (gtk_label_get_text (g_ptr_array_index (labels, j)), -1,
                                        NULL));
    }

  current = rapport_window_get_current_ticket (fixture->window);
  g_assert_nonnull (current);
  g_assert_true (g_str_has_prefix (rapport_ticket_get_subject (current), SHOWN_SUBJECT));
  g_assert_true (g_utf8_validate (rapport_ticket_get_customer_name (current), -1, NULL));
}

/* A cache an older Rapport wrote from "\udcff": the list opens, rows and names are valid. */
static void
test_old_cache (Fixture       *fixture,
                gconstpointer  user_data)
{
  damage_texts (fixture->store, STORED_SUBJECT, -1, "Chlo\xe9 Silva");
  open_window (fixture);
  assert_list_shows_valid_text (fixture);
}

/* A NUL an older Rapport kept inside a subject: the text after it is shown too. */
static void
test_old_cache_nul (Fixture       *fixture,
                    gconstpointer  user_data)
{
  static const char subject[] = STORED_SUBJECT "\0 and after";
  g_autoptr(GPtrArray) rows = NULL;

  damage_texts (fixture->store, subject, sizeof subject - 1, "\xff");
  open_window (fixture);
  assert_list_shows_valid_text (fixture);

  rows = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_TICKET_ROW);
  g_assert_nonnull (strstr (rapport_test_get_accessible_label (g_ptr_array_index (rows, 0)),
                            SHOWN_SUBJECT REPLACEMENT " and after"));
}

/* Today's way in: the same answer through the JSON gate gives valid text, which the store
 * takes and the list shows as it came. */
static void
test_from_server (Fixture       *fixture,
                  gconstpointer  user_data)
{
  static const char answer[] = "{\"Subject\": \"Invoice \\udcff overdue\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = rapport_http_parse_json (answer, sizeof answer - 1, "GET ticket",
                                                      &error);
  const char *subject;

  g_assert_no_error (error);
  subject = json_object_get_string_member (json_node_get_object (root), "Subject");
  g_assert_cmpstr (subject, ==, "Invoice " REPLACEMENT " overdue");

  damage_texts (fixture->store, subject, -1, "Chlo\xc3\xa9 Silva");
  open_window (fixture);

  rapport_test_wait_until (rows_loaded, fixture, 20000, "the ticket rows to load");
  g_assert_cmpstr (rapport_ticket_get_subject (rapport_window_get_current_ticket (fixture->window)),
                   ==, subject);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add ("/rapport/ui/hostile-text/old-cache", Fixture, NULL,
              fixture_set_up, test_old_cache, fixture_tear_down);
  g_test_add ("/rapport/ui/hostile-text/old-cache-nul", Fixture, NULL,
              fixture_set_up, test_old_cache_nul, fixture_tear_down);
  g_test_add ("/rapport/ui/hostile-text/from-server", Fixture, NULL,
              fixture_set_up, test_from_server, fixture_tear_down);

  return g_test_run ();
}
