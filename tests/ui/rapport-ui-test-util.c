/* rapport-ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ui-test"

#include "config.h"

#include "rapport-ui-test-util.h"

#include <glib/gstdio.h>

#include "../rapport-test-time.h"
#include "rapport-demo-provider.h"
#include "rapport-demo.h"
#include "rapport-sync-engine.h"
#include "rapport-test-hooks.h"
#include "rapport-ui-util.h"

void
rapport_test_ui_init (int    *argc,
                      char ***argv)
{
  g_autoptr(GtkCssProvider) css = NULL;
  GdkDisplay *display;

  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* What AdwApplication does for the real application: our style sheet, our icons. */
  display = gdk_display_get_default ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_PREFIX "/icons");
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

void
rapport_test_wait_until (RapportTestCondition  condition,
                         gpointer              user_data,
                         guint                 timeout_ms,
                         const char           *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  timeout_ms *= rapport_test_time_scale ();
  timeout_id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);
  while (!condition (user_data))
    {
      if (timed_out)
        g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
      g_main_context_iteration (NULL, TRUE);
    }

  if (!timed_out)
    g_source_remove (timeout_id);
}

static gboolean
is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

void
rapport_test_release_and_wait (gpointer object_ptr)
{
  GObject **object = object_ptr;
  gpointer weak;

  g_assert_nonnull (*object);
  weak = *object;
  g_object_add_weak_pointer (weak, &weak);
  g_clear_object (object);
  rapport_test_wait_until (is_null, &weak, 10000, "an object to be finalized");
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  gboolean *painted = user_data;

  *painted = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static gboolean
is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

void
rapport_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  rapport_test_wait_until (is_mapped, widget, 5000,
                           "the widget to be mapped");

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  rapport_test_wait_until (is_true, &painted, 5000, "a frame to be painted");
  g_signal_handler_disconnect (clock, handler);
}

typedef struct
{
  gboolean done;
  gint64   pages;
  GError  *error;
} PullResult;

static void
on_pulled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PullResult *pull = user_data;

  pull->pages = rapport_sync_engine_pull_finish (RAPPORT_SYNC_ENGINE (object), result,
                                                 &pull->error);
  pull->done = TRUE;
}

/* Pulls @account's pages from its demo provider into @store, and waits for the pull to end. */
static void
pull_demo_account (RapportStore   *store,
                   RapportAccount *account)
{
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  PullResult pull = { 0, };

  provider = rapport_demo_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);

  engine = rapport_sync_engine_new (store, provider, rapport_account_get_id (account));
  rapport_sync_engine_pull_async (engine, NULL, on_pulled_cb, &pull);
  rapport_test_wait_until (is_true, &pull.done, 60000, "the demo workspace to sync");
  g_assert_no_error (pull.error);
  g_assert_cmpint (pull.pages, >, 0);
}

RapportStore *
rapport_test_create_demo_store (const char      *dir,
                                gint64           anchor,
                                RapportAccount **account)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportAccount) demo_account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = g_build_filename (dir, "demo.sqlite", NULL);
  store = rapport_store_new (path);
  rapport_store_open (store, NULL, &error);
  g_assert_no_error (error);

  demo_account = rapport_demo_provider_new_account (RAPPORT_DEMO_DEFAULT_SEED,
                                                    RAPPORT_DEMO_DEFAULT_CUSTOMERS, anchor);
  rapport_store_add_account (store, demo_account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_account_get_id (demo_account), >, 0);
  pull_demo_account (store, demo_account);

  if (account != NULL)
    *account = g_steal_pointer (&demo_account);

  return g_steal_pointer (&store);
}

RapportAccount *
rapport_test_add_demo_supervisor (RapportStore   *store,
                                  RapportAccount *agent)
{
  g_autoptr(RapportAccount) supervisor = NULL;
  g_autoptr(GError) error = NULL;

  supervisor = rapport_demo_provider_new_supervisor_account_for (agent, &error);
  g_assert_no_error (error);
  rapport_store_add_account (store, supervisor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_account_get_id (supervisor), >, 0);
  pull_demo_account (store, supervisor);

  return g_steal_pointer (&supervisor);
}

RapportWorkspace *
rapport_test_create_demo_workspace (RapportStore   *store,
                                    RapportAccount *account)
{
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = rapport_demo_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);

  return rapport_workspace_new (store, account, provider);
}

void
rapport_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rapport_test_remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }

  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, out);
}

GPtrArray *
rapport_test_find_widgets (GtkWidget *root,
                           GType      type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_widgets (root, type, out);

  return out;
}

GtkWidget *
rapport_test_find_by_accessible_label (GtkWidget  *root,
                                       GType       type,
                                       const char *label)
{
  g_autoptr(GPtrArray) widgets = rapport_test_find_widgets (root, type);

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkAccessible *accessible = g_ptr_array_index (widgets, i);
      g_autofree char *mismatch = NULL;

      if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
        continue;

      mismatch = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     label);
      if (mismatch == NULL)
        return GTK_WIDGET (accessible);
    }

  return NULL;
}

const char *
rapport_test_get_accessible_label (GtkWidget *widget)
{
  const char *label = rapport_ui_get_accessible_label (widget);
  g_autofree char *mismatch = NULL;

  g_assert_nonnull (label);
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (mismatch != NULL)
    g_error ("Accessible label is “%s”, expected “%s”", mismatch, label);

  return label;
}

GtkLabel *
rapport_test_find_label_with_prefix (GtkWidget  *root,
                                     const char *prefix)
{
  g_autoptr(GPtrArray) labels = rapport_test_find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      if (g_str_has_prefix (gtk_label_get_text (label), prefix))
        return label;
    }

  return NULL;
}

void
rapport_test_activate_shortcut (GtkWidget       *widget,
                                guint            keyval,
                                GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            continue;

          g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                       GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                       widget,
                                                       gtk_shortcut_get_arguments (shortcut)));
          return;
        }
    }

  g_error ("No shortcut for %s", gtk_accelerator_name (keyval, mods));
}

GPtrArray *
rapport_test_load_open_tickets (RapportStore   *store,
                                RapportAccount *account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  GPtrArray *tickets;

  ids = rapport_store_list_ticket_ids (store, rapport_account_get_id (account),
                                       RAPPORT_VIEW_ALL_OPEN, NULL, &error);
  g_assert_no_error (error);
  tickets = rapport_store_load_tickets (store, (const gint64 *) (gpointer) ids->data, ids->len,
                                        NULL, &error);
  g_assert_no_error (error);

  return tickets;
}

RapportMoneyAction *
rapport_test_money_request_new (const char *remote_id,
                                const char *ticket_remote_id,
                                const char *customer_key,
                                gint64      minor,
                                const char *reason,
                                const char *requester_remote_id,
                                const char *requester_name,
                                gint64      created_at)
{
  RapportMoneyAction *action = rapport_money_action_new ();
  g_autofree char *approval_id = g_strconcat ("a-", remote_id, NULL);
  RapportMoney amount;

  g_assert_true (rapport_money_init (&amount, minor, "USD", NULL));
  rapport_money_action_set_remote_id (action, remote_id);
  rapport_money_action_set_ticket_remote_id (action, ticket_remote_id);
  rapport_money_action_set_customer_key (action, customer_key);
  rapport_money_action_set_kind (action, RAPPORT_MONEY_KIND_REFUND);
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_reason (action, reason);
  rapport_money_action_set_requester (action, requester_remote_id, requester_name);
  rapport_money_action_set_created_at (action, created_at);
  rapport_money_action_set_server_state (action, RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  rapport_money_action_set_verdict (action, RAPPORT_VERDICT_NEEDS_APPROVAL,
                                    RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
  rapport_money_action_set_approval (action, approval_id, "\"1\"");

  return action;
}

void
rapport_test_save_window_png (GtkWidget  *window,
                              const char *path)
{
  g_autoptr(GError) error = NULL;

  /* The window's picture is current right after a frame; a relayout queued in between makes
   * it wait for the next one. */
  for (guint tries = 0; ; tries++)
    {
      rapport_test_wait_for_frame (window);
      if (rapport_widget_save_png (window, path, &error))
        break;
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
      g_assert_cmpuint (tries, <, 10);
      g_clear_error (&error);
    }
  g_test_message ("%s", path);
}

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
rapport_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  rapport_test_wait_until (is_true, &done, ms + 5000, "the time to pass");
}

gboolean
rapport_test_menu_has_item (GMenuModel *menu,
                            const char *attribute,
                            const char *value)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GMenuModel) section = NULL;

      if (g_menu_model_get_item_attribute (menu, i, attribute, "s", &text) &&
          g_strcmp0 (text, value) == 0)
        return TRUE;

      section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      if (section != NULL && rapport_test_menu_has_item (section, attribute, value))
        return TRUE;
    }

  return FALSE;
}
