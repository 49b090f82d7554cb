/* test-ticket-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-ticket-list"

#include "config.h"

#include <locale.h>

#include "rapport-test-data.h"
#include "rapport-ticket-list.h"

typedef struct
{
  char              *dir;
  RapportStore      *store;
  gint64             account_id;
  RapportTicketList *list;
  guint              n_reloaded;
  guint              n_items_changed;
  guint              last_position;
  guint              last_removed;
  guint              last_added;
} Fixture;

static void
on_reloaded_cb (RapportTicketList *list,
                Fixture           *fixture)
{
  fixture->n_reloaded++;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *fixture)
{
  fixture->n_items_changed++;
  fixture->last_position = position;
  fixture->last_removed = removed;
  fixture->last_added = added;
}

static void
wait_reloaded (Fixture *fixture,
               guint    count)
{
  while (fixture->n_reloaded < count)
    g_main_context_iteration (NULL, TRUE);
}

/* Iterates until the store's worker has answered everything asked so far. */
static void
wait_loaded (RapportTicket *ticket)
{
  while (!rapport_ticket_get_loaded (ticket))
    g_main_context_iteration (NULL, TRUE);
}

/* Drops the last reference and waits until the object is gone: a list finalizes once the
 * calls it has on the store's worker have come back. */
static void
assert_finalized_eventually (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (object, (gpointer *) &object);
  g_object_unref (object);
  while (object != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_tmp_dir ();
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  /* Deliver the "changed" of the setup before any list exists. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->list != NULL)
    {
      g_signal_handlers_disconnect_by_data (fixture->list, fixture);
      assert_finalized_eventually (g_steal_pointer (&fixture->list));
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;

  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
make_list (Fixture     *fixture,
           RapportView  view)
{
  fixture->list = rapport_ticket_list_new (fixture->store, fixture->account_id, view);
  g_signal_connect (fixture->list, "reloaded", G_CALLBACK (on_reloaded_cb), fixture);
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
}

static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  RapportTicketList *list = rapport_ticket_list_new (fixture->store, fixture->account_id,
                                                     RAPPORT_VIEW_UNASSIGNED);
  g_autoptr(RapportStore) store = NULL;
  gint64 account_id;
  int view;

  g_object_get (list, "store", &store, "account-id", &account_id, "view", &view, NULL);
  g_assert_true (store == fixture->store);
  g_assert_cmpint (account_id, ==, fixture->account_id);
  g_assert_cmpint (view, ==, RAPPORT_VIEW_UNASSIGNED);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == RAPPORT_TYPE_TICKET);
  g_assert_true (rapport_ticket_list_get_loading (list));

  /* Dropped while its first reload is still on the worker. */
  assert_finalized_eventually (list);
}

static void
test_lazy_items (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *expected[] = { "2002", "1005", "1004", "3002", "3001" };
  g_autoptr(RapportTicket) first = NULL;
  g_autoptr(RapportTicket) again = NULL;
  GListModel *model;
  guint n_items;

  make_list (fixture, RAPPORT_VIEW_ALL_OPEN);
  model = G_LIST_MODEL (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  wait_reloaded (fixture, 1);
  g_assert_false (rapport_ticket_list_get_loading (fixture->list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (expected));
  g_object_get (fixture->list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (fixture->n_items_changed, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, 0);
  g_assert_cmpuint (fixture->last_removed, ==, 0);
  g_assert_cmpuint (fixture->last_added, ==, G_N_ELEMENTS (expected));

  /* get_item () answers at once with a placeholder… */
  first = g_list_model_get_item (model, 0);
  g_assert_nonnull (first);
  g_assert_false (rapport_ticket_get_loaded (first));
  g_assert_cmpint (rapport_ticket_get_id (first), >, 0);
  g_assert_null (rapport_ticket_get_subject (first));
  g_assert_null (g_list_model_get_item (model, G_N_ELEMENTS (expected)));

  /* …that the batch fills in place. */
  wait_loaded (first);
  g_assert_cmpstr (rapport_ticket_get_remote_id (first), ==, "2002");
  g_assert_cmpstr (rapport_ticket_get_subject (first), ==, "Booking a winter tyre change");
  g_assert_cmpstr (rapport_ticket_get_customer_name (first), ==, "Liam López");
  g_assert_cmpuint (rapport_ticket_get_message_count (first), ==, 1);

  again = g_list_model_get_item (model, 0);
  g_assert_true (again == first);

  /* The batch loaded the rows around it as well. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(RapportTicket) ticket = g_list_model_get_item (model, i);

      g_assert_true (rapport_ticket_get_loaded (ticket));
      g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, expected[i]);
      g_assert_cmpuint (rapport_ticket_list_find (fixture->list, rapport_ticket_get_id (ticket)),
                        ==, i);
    }

  g_assert_cmpuint (rapport_ticket_list_find (fixture->list, 987654), ==, G_MAXUINT);
}

static void
test_items_changed_after_page (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportTicket) old_first = NULL;
  g_autoptr(RapportTicket) moved = NULL;
  g_autoptr(RapportTicket) new_first = NULL;
  g_autoptr(RapportTicket) solved = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;
  guint solved_position;

  make_list (fixture, RAPPORT_VIEW_ALL_OPEN);
  model = G_LIST_MODEL (fixture->list);
  wait_reloaded (fixture, 1);
  old_first = g_list_model_get_item (model, 0);
  solved = g_list_model_get_item (model, 1);
  wait_loaded (old_first);
  wait_loaded (solved);
  g_assert_cmpstr (rapport_ticket_get_remote_id (solved), ==, "1005");
  solved_position = 1;

  /* A new ticket becomes the newest. */
  test_add_ticket (page, "4001", "Gift card not accepted", RAPPORT_TICKET_STATUS_NEW,
                   RAPPORT_CHANNEL_WEB, "nora", NULL, TEST_ANCHOR, TEST_ANCHOR, 0);
  fixture->n_items_changed = 0;
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  wait_reloaded (fixture, 2);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  g_assert_cmpuint (fixture->n_items_changed, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, 0);
  g_assert_cmpuint (fixture->last_removed, ==, 0);
  g_assert_cmpuint (fixture->last_added, ==, 1);

  new_first = g_list_model_get_item (model, 0);
  wait_loaded (new_first);
  g_assert_cmpstr (rapport_ticket_get_subject (new_first), ==, "Gift card not accepted");
  /* The tickets that stay are the same objects. */
  moved = g_list_model_get_item (model, 1);
  g_assert_true (moved == old_first);

  /* 1005 gets solved: it leaves the view, and the object it was is updated in place. */
  g_ptr_array_set_size (page->tickets, 0);
  test_add_ticket (page, "1005", "Cancel my subscription before renewal",
                   RAPPORT_TICKET_STATUS_SOLVED, RAPPORT_CHANNEL_EMAIL,
                   "chloe.silva@northwind-bakery.example", TEST_AGENT,
                   TEST_ANCHOR - 2 * TEST_HOUR, TEST_ANCHOR - TEST_HOUR, TEST_ANCHOR - TEST_HOUR);
  fixture->n_items_changed = 0;
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  wait_reloaded (fixture, 3);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_cmpuint (fixture->n_items_changed, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, solved_position + 1);
  g_assert_cmpuint (fixture->last_removed, ==, 1);
  g_assert_cmpuint (fixture->last_added, ==, 0);
  g_assert_cmpuint (rapport_ticket_list_find (fixture->list, rapport_ticket_get_id (solved)),
                    ==, G_MAXUINT);

  while (rapport_ticket_get_status (solved) != RAPPORT_TICKET_STATUS_SOLVED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (rapport_ticket_get_solved_at (solved), ==, TEST_ANCHOR - TEST_HOUR);
}

static void
on_view_notify_cb (GObject    *object,
                   GParamSpec *pspec,
                   guint      *count)
{
  (*count)++;
}

static void
test_set_view (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = NULL;
  guint n_view_notify = 0;

  make_list (fixture, RAPPORT_VIEW_MY_OPEN);
  g_signal_connect (fixture->list, "notify::view", G_CALLBACK (on_view_notify_cb), &n_view_notify);
  wait_reloaded (fixture, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3);

  rapport_ticket_list_set_view (fixture->list, RAPPORT_VIEW_MY_OPEN);
  g_assert_cmpuint (n_view_notify, ==, 0);

  rapport_ticket_list_set_view (fixture->list, RAPPORT_VIEW_RECENTLY_SOLVED);
  g_assert_cmpuint (n_view_notify, ==, 1);
  g_assert_cmpint (rapport_ticket_list_get_view (fixture->list), ==, RAPPORT_VIEW_RECENTLY_SOLVED);
  g_assert_true (rapport_ticket_list_get_loading (fixture->list));
  wait_reloaded (fixture, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);

  ticket = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
  wait_loaded (ticket);
  g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, "1003");

  /* Switching twice quickly: only the last view counts. */
  g_object_set (fixture->list, "view", RAPPORT_VIEW_UNASSIGNED, NULL);
  rapport_ticket_list_set_view (fixture->list, RAPPORT_VIEW_ALL_OPEN);
  wait_reloaded (fixture, 3);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->n_reloaded, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 5);
}

static void
test_many_tickets (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportTicket) far = NULL;
  g_autoptr(RapportTicket) near = NULL;
  g_autoptr(RapportTicket) start = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;
  const guint n_tickets = 3000;

  test_add_customer (page, "bulk", "Bulk Customer", NULL, "email", "bulk@example.com", NULL);
  for (guint i = 0; i < n_tickets; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("bulk-%u", i);
      g_autofree char *subject = g_strdup_printf ("Bulk ticket %u", i);

      test_add_ticket (page, remote_id, subject, RAPPORT_TICKET_STATUS_OPEN,
                       RAPPORT_CHANNEL_EMAIL, "bulk", NULL,
                       TEST_ANCHOR - 10 * TEST_DAY, TEST_ANCHOR - 10 * TEST_DAY - i, 0);
    }
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  make_list (fixture, RAPPORT_VIEW_UNASSIGNED);
  model = G_LIST_MODEL (fixture->list);
  wait_reloaded (fixture, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_tickets + 1);

  /* Far down the list: the row and its neighbours load, the top does not. */
  far = g_list_model_get_item (model, 2500);
  wait_loaded (far);
  g_assert_cmpstr (rapport_ticket_get_subject (far), ==, "Bulk ticket 2499");
  near = g_list_model_get_item (model, 2540);
  g_assert_true (rapport_ticket_get_loaded (near));
  start = g_list_model_get_item (model, 0);
  g_assert_false (rapport_ticket_get_loaded (start));
  wait_loaded (start);
  g_assert_cmpstr (rapport_ticket_get_remote_id (start), ==, "2002");

  /* Walking the whole list keeps working with the bounded cache. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i += 97)
    {
      g_autoptr(RapportTicket) ticket = g_list_model_get_item (model, i);

      wait_loaded (ticket);
      g_assert_cmpuint (rapport_ticket_list_find (fixture->list, rapport_ticket_get_id (ticket)),
                        ==, i);
    }

  /* A view realizes a few hundred rows in one go, more than one batch holds: every row asked
   * for gets loaded, the first ones included. */
  {
    g_autoptr(GPtrArray) burst = g_ptr_array_new_with_free_func (g_object_unref);
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    guint n_loaded = 0;

    for (guint i = 1000; i < 1450; i++)
      g_ptr_array_add (burst, g_list_model_get_item (model, i));

    while (n_loaded < burst->len)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        n_loaded = 0;
        for (guint i = 0; i < burst->len; i++)
          n_loaded += rapport_ticket_get_loaded (burst->pdata[i]) ? 1 : 0;
      }
    g_assert_cmpstr (rapport_ticket_get_subject (burst->pdata[0]), ==, "Bulk ticket 999");
  }

  /* An item still held elsewhere is the one the list hands out again. */
  {
    g_autoptr(RapportTicket) far_again = g_list_model_get_item (model, 2500);

    g_assert_true (far_again == far);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rapport/ticket-list/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("new-destroy", test_new_destroy);
  ADD ("lazy-items", test_lazy_items);
  ADD ("items-changed-after-page", test_items_changed_after_page);
  ADD ("set-view", test_set_view);
  ADD ("many-tickets", test_many_tickets);

#undef ADD

  return g_test_run ();
}
