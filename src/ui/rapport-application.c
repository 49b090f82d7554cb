/* rapport-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-application.h"

#include "rapport-demo-provider.h"
#include "rapport-demo.h"
#include "rapport-sync-engine.h"
#include "rapport-test-hooks.h"
#include "rapport-window.h"

struct _RapportApplication
{
  AdwApplication     parent_instance;

  /* owned */
  RapportStore      *store;
  RapportAccount    *account;
  RapportAccount    *new_account;  /* being added on first start */
  RapportSyncEngine *sync_engine;
  GCancellable      *cancellable;
  GError            *error;        /* why the workspace could not be opened */

  guint              start_timeout_id;
  gboolean           started;
};

G_DEFINE_FINAL_TYPE (RapportApplication, rapport_application, ADW_TYPE_APPLICATION)

static GList *
list_rapport_windows (RapportApplication *self)
{
  GList *windows = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RAPPORT_IS_WINDOW (l->data))
      windows = g_list_prepend (windows, l->data);

  return g_list_reverse (windows);
}

static void
fail_workspace (RapportApplication *self,
                GError             *error)
{
  g_autoptr(GList) windows = NULL;

  g_assert (error != NULL);

  g_warning ("Could not open the workspace: %s", error->message);

  g_clear_error (&self->error);
  self->error = error;

  windows = list_rapport_windows (self);
  for (GList *l = windows; l != NULL; l = l->next)
    rapport_window_show_error (l->data, self->error);
}

static void
on_pull_finished_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) windows = NULL;
  gint64 pages;

  pages = rapport_sync_engine_pull_finish (RAPPORT_SYNC_ENGINE (object), result, &error);
  if (pages >= 0)
    {
      g_debug ("Synchronized %" G_GINT64_FORMAT " pages", pages);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("Synchronization failed: %s", error->message);

  windows = list_rapport_windows (self);
  for (GList *l = windows; l != NULL; l = l->next)
    rapport_window_show_sync_error (l->data, error);
}

static void
workspace_ready (RapportApplication *self,
                 RapportAccount     *account)
{
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(GList) windows = NULL;
  g_autoptr(GError) error = NULL;

  provider = rapport_demo_provider_new_for_account (account, &error);
  if (provider == NULL)
    {
      fail_workspace (self, g_steal_pointer (&error));
      return;
    }

  g_set_object (&self->account, account);
  self->sync_engine = rapport_sync_engine_new (self->store, provider,
                                               rapport_account_get_id (account));

  windows = list_rapport_windows (self);
  for (GList *l = windows; l != NULL; l = l->next)
    rapport_window_set_workspace (l->data, self->store, self->account, self->sync_engine);

  rapport_sync_engine_pull_async (self->sync_engine, self->cancellable,
                                  on_pull_finished_cb, g_object_ref (self));
}

static void
on_account_added_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = g_steal_pointer (&self->new_account);

  if (!rapport_store_add_account_finish (RAPPORT_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_workspace (self, g_steal_pointer (&error));
      return;
    }

  workspace_ready (self, account);
}

static void
on_accounts_listed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = rapport_store_list_accounts_finish (RAPPORT_STORE (object), result, &error);
  if (accounts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_workspace (self, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      RapportAccount *account = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (rapport_account_get_provider_kind (account), "demo") == 0)
        {
          workspace_ready (self, account);
          return;
        }
    }

  /* First start: create the demo workspace, anchored now so its data looks recent. */
  g_clear_object (&self->new_account);
  self->new_account = rapport_demo_provider_new_account (RAPPORT_DEMO_DEFAULT_SEED,
                                                         RAPPORT_DEMO_DEFAULT_CUSTOMERS,
                                                         g_get_real_time () / G_USEC_PER_SEC);
  rapport_store_add_account_async (self->store, self->new_account, self->cancellable,
                                   on_account_added_cb, g_object_ref (self));
}

static void
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_store_open_finish (RAPPORT_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_workspace (self, g_steal_pointer (&error));
      return;
    }

  rapport_store_list_accounts_async (self->store, self->cancellable,
                                     on_accounts_listed_cb, g_object_ref (self));
}

static void
start_workspace (RapportApplication *self)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *path = NULL;

  if (self->started)
    return;

  self->started = TRUE;
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);

  data_dir = g_build_filename (g_get_user_data_dir (), "rapport", NULL);
  path = g_build_filename (data_dir, "demo.sqlite", NULL);

  self->store = rapport_store_new (path);
  rapport_store_open_async (self->store, self->cancellable, on_store_opened_cb, g_object_ref (self));
}

static void
on_first_frame_painted_cb (GdkFrameClock      *frame_clock,
                           RapportApplication *self)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_first_frame_painted_cb, self);
  start_workspace (self);
}

static gboolean
on_start_timeout_cb (gpointer user_data)
{
  RapportApplication *self = user_data;

  self->start_timeout_id = 0;
  start_workspace (self);

  return G_SOURCE_REMOVE;
}

/* The window comes first: the workspace (store, account, sync) starts once the window has
 * painted its first frame, so that frame is the bare window rather than one that also lays
 * out and shapes the first rows. A compositor may send no frames to a window it does not
 * show, so a timeout starts the workspace anyway. */
static void
start_workspace_after_first_frame (RapportApplication *self,
                                   GtkWindow          *window)
{
  GdkFrameClock *frame_clock;

  if (self->started || self->start_timeout_id != 0)
    return;

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  if (frame_clock == NULL)
    {
      start_workspace (self);
      return;
    }

  g_signal_connect_object (frame_clock, "after-paint",
                           G_CALLBACK (on_first_frame_painted_cb), self, 0);
  self->start_timeout_id = g_timeout_add (500, on_start_timeout_cb, self);
}

static void
rapport_application_activate (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      RapportWindow *rapport_window = rapport_window_new (GTK_APPLICATION (self));

      if (self->error != NULL)
        rapport_window_show_error (rapport_window, self->error);
      else if (self->account != NULL)
        rapport_window_set_workspace (rapport_window, self->store, self->account,
                                      self->sync_engine);

      rapport_test_hooks_attach (rapport_window);
      window = GTK_WINDOW (rapport_window);
    }

  gtk_window_present (window);
  start_workspace_after_first_frame (self, window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  RapportApplication *self = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Rapport"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Rapport developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A native helpdesk client for GNOME"),
                        "website", "https://github.com/rapportdesk/rapport",
                        "issue-url", "https://github.com/rapportdesk/rapport/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© The Rapport developers"),
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  RapportApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;

  /* The shortcuts window is built on first use rather than with every window (which is what
   * GtkApplication does with a gtk/help-overlay.ui resource): it is not part of the first
   * frame. Setting it gives the window its win.show-help-overlay action. */
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == NULL)
    {
      g_autoptr(GtkBuilder) builder = NULL;
      GObject *overlay;

      builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/rapport-shortcuts-window.ui");
      overlay = gtk_builder_get_object (builder, "help_overlay");
      g_return_if_fail (GTK_IS_SHORTCUTS_WINDOW (overlay));
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (window),
                                               GTK_SHORTCUTS_WINDOW (overlay));
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  RapportApplication *self = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "shortcuts", .activate = shortcuts_action },
  { .name = "quit", .activate = quit_action },
};

static void
rapport_application_startup (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *no_accels[] = { NULL };

  G_APPLICATION_CLASS (rapport_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  /* Ctrl+? belongs to app.shortcuts (which opens the help overlay), not twice. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", no_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

static void
rapport_application_shutdown (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (rapport_application_parent_class)->shutdown (app);
}

static void
rapport_application_dispose (GObject *object)
{
  RapportApplication *self = (RapportApplication *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  g_clear_object (&self->sync_engine);
  g_clear_object (&self->account);
  g_clear_object (&self->new_account);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (rapport_application_parent_class)->dispose (object);
}

static void
rapport_application_class_init (RapportApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = rapport_application_dispose;

  app_class->activate = rapport_application_activate;
  app_class->startup = rapport_application_startup;
  app_class->shutdown = rapport_application_shutdown;
}

static void
rapport_application_init (RapportApplication *self)
{
  self->cancellable = g_cancellable_new ();
}

RapportApplication *
rapport_application_new (void)
{
  return g_object_new (RAPPORT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

RapportStore *
rapport_application_get_store (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  return self->store;
}
