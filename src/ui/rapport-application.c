/* rapport-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-application"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "rapport-application.h"

#include "rapport-add-account-dialog.h"
#include "rapport-cache-rescue.h"
#include "rapport-decision-notifier.h"
#include "rapport-gtk-theme-resources.h"
#include "rapport-preferences-window.h"
#include "rapport-provider-registry.h"
#include "rapport-remove-account-dialog.h"
#include "rapport-replace-token-dialog.h"
#include "rapport-secrets.h"
#include "rapport-status-banner.h"
#include "rapport-test-hooks.h"
#include "rapport-ticket-session.h"
#include "rapport-ui-util.h"
#include "rapport-window.h"
#include "rapport-workspace.h"

struct _RapportApplication
{
  AdwApplication     parent_instance;

  /* owned */
  RapportStore      *store;
  GPtrArray         *accounts;     /* RapportAccount, as listed from the store */
  GHashTable        *workspaces;   /* gint64 account id → RapportWorkspace (started) */
  GHashTable        *notifiers;    /* gint64 account id → RapportDecisionNotifier */
  RapportWorkspace  *active;       /* the workspace the windows show */
  GMenu             *accounts_menu;
  GCancellable      *cancellable;
  GtkWidget         *preferences;  /* borrowed: the preferences window, while it is one of
                                    * the application's */
  GError            *error;        /* why the workspace could not be opened */
  char              *last_sync_error;

  guint              start_timeout_id;
  guint              trim_id;      /* the next return of freed memory, after activity */
  gboolean           started;
  gboolean           open_demo;    /* --demo */
  gboolean           welcome;      /* no account yet: the windows show the welcome page */
  gboolean           adding_demo;  /* the demo account is being added to the store */
  guint              adding_siblings; /* the demo's other accounts being added */
  gint64             open_account_id; /* app.open-ticket waiting for its account's view */
  char              *open_ticket;     /* the helpdesk's id of its ticket */
};

G_DEFINE_FINAL_TYPE (RapportApplication, rapport_application, ADW_TYPE_APPLICATION)

static void open_account (RapportApplication *self,
                          RapportAccount     *account,
                          gboolean            show);

static GList *
list_rapport_windows (RapportApplication *self)
{
  GList *windows = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RAPPORT_IS_WINDOW (l->data))
      windows = g_list_prepend (windows, l->data);

  return g_list_reverse (windows);
}

/* The main window active last (the preferences or a dialog may be active over it), or %NULL
 * when there is none. */
static GtkWindow *
main_window (RapportApplication *self)
{
  g_autoptr(GList) windows = list_rapport_windows (self);

  return windows != NULL ? windows->data : NULL;
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

/* The backend of @account's kind, or %NULL for a kind this version does not know. */
static const RapportProviderBackend *
lookup_backend (RapportAccount *account)
{
  return rapport_provider_registry_lookup (rapport_account_get_provider_kind (account), NULL);
}

/* The demo's made-up data: no server behind it, nothing to sync in the background. */
static gboolean
is_demo (RapportAccount *account)
{
  const RapportProviderBackend *backend = lookup_backend (account);

  return backend != NULL && (backend->capabilities & RAPPORT_PROVIDER_CAPABILITY_DEMO) != 0;
}

static gboolean
needs_token (RapportAccount *account)
{
  const RapportProviderBackend *backend = lookup_backend (account);

  return backend != NULL && backend->needs_token;
}

static RapportAccount *
find_account (RapportApplication *self,
              gint64              account_id)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      RapportAccount *account = g_ptr_array_index (self->accounts, i);

      if (rapport_account_get_id (account) == account_id)
        return account;
    }

  return NULL;
}

static RapportAccount *
find_demo_account (RapportApplication *self)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    if (is_demo (g_ptr_array_index (self->accounts, i)))
      return g_ptr_array_index (self->accounts, i);

  return NULL;
}

/* The open preferences follow the accounts, and show the limits of the account shown. */
static void
update_preferences (RapportApplication *self)
{
  if (self->preferences == NULL)
    return;

  rapport_preferences_window_set_accounts (self->preferences, self->accounts);
  rapport_preferences_window_set_authority (self->preferences,
                                            self->active != NULL
                                              ? rapport_workspace_get_authority (self->active)
                                              : NULL);
}

/* The "Switch Account" section of every window's main menu. */
static void
rebuild_accounts_menu (RapportApplication *self)
{
  g_menu_remove_all (self->accounts_menu);

  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      RapportAccount *account = g_ptr_array_index (self->accounts, i);
      g_autoptr(GMenuItem) item = NULL;
      /* Names from servers: bidi-safe. */
      g_autofree char *name = rapport_ui_bidi_safe (rapport_account_get_display_name (account));
      g_auto(GStrv) parts = NULL;
      g_autofree char *label = NULL;

      /* Menu labels read "_" as a mnemonic: names from servers keep theirs doubled. */
      parts = g_strsplit (name != NULL ? name : rapport_account_get_base_url (account), "_", -1);
      label = g_strjoinv ("__", parts);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "app.switch-account",
                                               g_variant_new_int64 (rapport_account_get_id (account)));
      g_menu_append_item (self->accounts_menu, item);
    }

  update_preferences (self);
}

/* Sync problems the banner does not already explain are shown once as a toast. */
static void
on_workspace_sync_finished_cb (RapportApplication *self,
                               const GError       *error,
                               RapportWorkspace   *workspace)
{
  g_autoptr(GList) windows = NULL;

  if (workspace != self->active)
    return;

  if (error == NULL)
    {
      g_clear_pointer (&self->last_sync_error, g_free);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      rapport_status_banner_explains_error (error) ||
      rapport_workspace_get_blocked_reason (workspace) != NULL)
    return;

  if (g_strcmp0 (self->last_sync_error, error->message) == 0)
    return;

  g_free (self->last_sync_error);
  self->last_sync_error = g_strdup (error->message);
  g_warning ("Synchronization failed: %s", error->message);

  windows = list_rapport_windows (self);
  for (GList *l = windows; l != NULL; l = l->next)
    rapport_window_show_sync_error (l->data, error);
}

static void
show_workspace (RapportApplication *self,
                RapportWorkspace   *workspace)
{
  g_autoptr(GList) windows = NULL;
  g_autoptr(GSettings) settings = NULL;
  RapportAccount *account = rapport_workspace_get_account (workspace);
  GAction *action;

  self->welcome = FALSE;
  g_clear_error (&self->error);
  g_clear_pointer (&self->last_sync_error, g_free);
  g_set_object (&self->active, workspace);

  windows = list_rapport_windows (self);
  for (GList *l = windows; l != NULL; l = l->next)
    rapport_window_set_workspace (l->data, workspace);

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "switch-account");
  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_int64 (rapport_account_get_id (account)));
  update_preferences (self);

  settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
  g_settings_set_int64 (settings, "last-account", rapport_account_get_id (account));
}

static void
add_workspace (RapportApplication *self,
               RapportAccount     *account,
               RapportProvider    *provider,
               gboolean            show)
{
  g_autoptr(RapportWorkspace) workspace = NULL;

  workspace = rapport_workspace_new (self->store, account, provider);
  g_signal_connect_object (workspace, "sync-finished",
                           G_CALLBACK (on_workspace_sync_finished_cb), self, G_CONNECT_SWAPPED);
  g_hash_table_insert (self->workspaces,
                       g_memdup2 (&(gint64) { rapport_account_get_id (account) }, sizeof (gint64)),
                       g_object_ref (workspace));
  /* The agent hears of the decisions on their money requests wherever they are. */
  g_hash_table_insert (self->notifiers,
                       g_memdup2 (&(gint64) { rapport_account_get_id (account) }, sizeof (gint64)),
                       rapport_decision_notifier_new (G_APPLICATION (self), workspace));
  rapport_workspace_start (workspace);

  if (show)
    show_workspace (self, workspace);
}

/* Stops the workspace of account @id, if it has one, and lets it go: its decisions are no
 * longer notified, and the windows that show it keep it until they are given another
 * workspace (or the welcome page). Returns whether the windows showed it. */
static gboolean
forget_workspace (RapportApplication *self,
                  gint64              id)
{
  RapportWorkspace *workspace = g_hash_table_lookup (self->workspaces, &id);
  gboolean shown = workspace != NULL && workspace == self->active;

  if (workspace == NULL)
    return FALSE;

  rapport_workspace_stop (workspace);
  if (shown)
    g_clear_object (&self->active);
  g_hash_table_remove (self->notifiers, &id);
  g_hash_table_remove (self->workspaces, &id);

  return shown;
}

typedef struct
{
  RapportApplication *self;
  RapportAccount     *account;
  gboolean            show;
  gboolean            add_siblings; /* the demo's: its siblings are added once it is */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->account);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void
on_token_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  RapportApplication *self = data->self;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  token = rapport_secrets_lookup_token_finish (result, &error);
  if (token == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("No API token is stored for the account “%s”. Add the account again "
                       "with a new token."),
                     rapport_account_get_display_name (data->account));
      else
        g_prefix_error (&error, _("Could not read the API token of “%s” from the keyring: "),
                        rapport_account_get_display_name (data->account));

      if (data->show)
        fail_workspace (self, g_steal_pointer (&error));
      else
        g_warning ("%s", error->message);
      return;
    }

  /* Opened meanwhile (another lookup for the same account finished first). */
  {
    gint64 id = rapport_account_get_id (data->account);
    RapportWorkspace *existing = g_hash_table_lookup (self->workspaces, &id);

    if (existing != NULL)
      {
        rapport_secrets_token_free (token);
        if (data->show)
          show_workspace (self, existing);
        return;
      }
  }

  provider = rapport_provider_registry_new_provider (data->account, token, &error);
  rapport_secrets_token_free (token);

  if (provider == NULL)
    {
      if (data->show)
        fail_workspace (self, g_steal_pointer (&error));
      else
        g_warning ("Could not open the account “%s”: %s",
                   rapport_account_get_display_name (data->account), error->message);
      return;
    }

  add_workspace (self, data->account, provider, data->show);
}

static void
open_account (RapportApplication *self,
              RapportAccount     *account,
              gboolean            show)
{
  const RapportProviderBackend *backend;
  RapportWorkspace *workspace;
  gint64 id = rapport_account_get_id (account);
  g_autoptr(GError) error = NULL;

  workspace = g_hash_table_lookup (self->workspaces, &id);
  if (workspace != NULL)
    {
      if (show)
        show_workspace (self, workspace);
      return;
    }

  backend = rapport_provider_registry_lookup (rapport_account_get_provider_kind (account),
                                              &error);
  if (backend == NULL)
    {
      if (show)
        fail_workspace (self, g_steal_pointer (&error));
      else
        g_warning ("Could not open the account “%s”: %s",
                   rapport_account_get_display_name (account), error->message);
      return;
    }

  if (backend->needs_token)
    {
      OpenData *data = g_new0 (OpenData, 1);

      data->self = g_object_ref (self);
      data->account = g_object_ref (account);
      data->show = show;
      rapport_secrets_lookup_token_async (account, self->cancellable,
                                          on_token_looked_up_cb, data);
    }
  else
    {
      g_autoptr(RapportProvider) provider = NULL;

      provider = rapport_provider_registry_new_provider (account, NULL, &error);
      if (provider == NULL)
        {
          if (show)
            fail_workspace (self, g_steal_pointer (&error));
          else
            g_warning ("Could not open the account “%s”: %s",
                       rapport_account_get_display_name (account), error->message);
          return;
        }

      add_workspace (self, account, provider, show);
    }
}

static void
show_welcome (RapportApplication *self)
{
  g_autoptr(GList) windows = NULL;

  self->welcome = TRUE;
  windows = list_rapport_windows (self);
  for (GList *l = windows; l != NULL; l = l->next)
    rapport_window_show_welcome (l->data);
}

static void add_demo_siblings (RapportApplication *self,
                               RapportAccount     *demo);

static void
on_account_added_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  RapportApplication *self = data->self;
  g_autoptr(GError) error = NULL;

  self->adding_demo = FALSE;

  if (!rapport_store_add_account_finish (RAPPORT_STORE (object), result, &error))
    {
      g_autoptr(GList) windows = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Its token must not stay in the keyring without the account. */
      if (needs_token (data->account))
        rapport_secrets_clear_token_async (data->account, NULL, NULL, NULL);

      if (self->active == NULL)
        {
          fail_workspace (self, g_steal_pointer (&error));
          return;
        }

      /* The account shown goes on working; say what failed. */
      g_warning ("Could not add the account: %s", error->message);
      windows = list_rapport_windows (self);
      for (GList *l = windows; l != NULL; l = l->next)
        rapport_ui_add_error_toast (GTK_WIDGET (l->data), _("Could not add the account"), error);
      return;
    }

  g_ptr_array_add (self->accounts, g_object_ref (data->account));
  rebuild_accounts_menu (self);
  if (data->add_siblings)
    add_demo_siblings (self, data->account);
  open_account (self, data->account, TRUE);
}

/* Adds @account to the store, then shows it (with @add_siblings, adds the demo's siblings
 * after it: the store lists accounts in the order they were added, and two additions queued
 * at once may run in either order). */
static void
add_account (RapportApplication *self,
             RapportAccount     *account,
             gboolean            add_siblings)
{
  OpenData *data = g_new0 (OpenData, 1);

  data->self = g_object_ref (self);
  data->account = g_object_ref (account);
  data->show = TRUE;
  data->add_siblings = add_siblings;
  rapport_store_add_account_async (self->store, account, self->cancellable,
                                   on_account_added_cb, data);
}

/* The account shown when none was asked for: the first of a helpdesk, else the demo. */
static RapportAccount *
choose_first_account (RapportApplication *self)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    if (!is_demo (g_ptr_array_index (self->accounts, i)))
      return g_ptr_array_index (self->accounts, i);

  return find_demo_account (self);
}

/* The account the windows show on start: the demo with --demo; else the one shown last;
 * else the first account of a helpdesk; else the demo, if it was explored before. */
static RapportAccount *
choose_account (RapportApplication *self)
{
  g_autoptr(GSettings) settings = NULL;
  RapportAccount *account;

  /* Started by a click on a notification: the account of its ticket. */
  account = self->open_ticket != NULL ? find_account (self, self->open_account_id) : NULL;
  if (account != NULL)
    return account;

  if (self->open_demo)
    return find_demo_account (self);

  settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
  account = find_account (self, g_settings_get_int64 (settings, "last-account"));
  if (account != NULL)
    return account;

  return choose_first_account (self);
}

static void
on_sibling_added_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  RapportApplication *self = data->self;
  g_autoptr(GError) error = NULL;

  self->adding_siblings--;

  if (!rapport_store_add_account_finish (RAPPORT_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not add the account %s: %s",
                   rapport_account_get_display_name (data->account), error->message);
      return;
    }

  g_ptr_array_add (self->accounts, g_object_ref (data->account));
  rebuild_accounts_menu (self);
}

/* The demo is played from both sides: its other accounts (its supervisor) are added beside
 * @demo, once, so that the account switcher offers them. */
static void
add_demo_siblings (RapportApplication *self,
                   RapportAccount     *demo)
{
  const RapportProviderBackend *backend = lookup_backend (demo);
  g_autoptr(GPtrArray) siblings = NULL;

  if (backend == NULL || self->adding_siblings > 0)
    return;

  siblings = rapport_provider_backend_new_sibling_accounts (backend, demo);
  for (guint i = 0; i < siblings->len; i++)
    {
      RapportAccount *sibling = g_ptr_array_index (siblings, i);
      gboolean known = FALSE;
      OpenData *data;

      for (guint j = 0; !known && self->accounts != NULL && j < self->accounts->len; j++)
        known = rapport_account_same_remote (sibling, g_ptr_array_index (self->accounts, j));
      if (known)
        continue;

      data = g_new0 (OpenData, 1);
      data->self = g_object_ref (self);
      data->account = g_object_ref (sibling);
      self->adding_siblings++;
      rapport_store_add_account_async (self->store, sibling, self->cancellable,
                                       on_sibling_added_cb, data);
    }
}

static void
on_demo_made_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  const RapportProviderBackend *backend;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  backend = rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_DEMO);
  account = rapport_provider_backend_check_connection_finish (backend, result, &error);
  if (account == NULL)
    {
      self->adding_demo = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_workspace (self, g_steal_pointer (&error));
      return;
    }

  /* The agent first, then its siblings: the store lists accounts in the order they were
   * added. */
  add_account (self, account, TRUE);
}

static void
open_demo (RapportApplication *self)
{
  RapportAccount *demo = find_demo_account (self);
  const RapportProviderBackend *backend;

  if (demo != NULL)
    {
      add_demo_siblings (self, demo);
      open_account (self, demo, TRUE);
      return;
    }

  if (self->adding_demo)
    return;

  /* The demo workspace is made on first use, by the demo backend's connection check: it needs
   * no address and no token, and anchors the data now so that it looks recent. */
  backend = rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_DEMO);
  g_return_if_fail (backend != NULL);

  self->adding_demo = TRUE;
  rapport_provider_backend_check_connection_async (backend, NULL, NULL, NULL, self->cancellable,
                                                   on_demo_made_cb, g_object_ref (self));
}

static void
on_accounts_listed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  RapportAccount *chosen;

  accounts = rapport_store_list_accounts_finish (RAPPORT_STORE (object), result, &error);
  if (accounts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_workspace (self, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_steal_pointer (&accounts);
  rebuild_accounts_menu (self);

  chosen = choose_account (self);
  if (chosen == NULL && self->open_demo)
    open_demo (self);
  else if (chosen == NULL)
    show_welcome (self);
  else
    open_account (self, chosen, TRUE);

  /* Every other helpdesk account syncs and sends its outbox in the background too. */
  for (guint i = 0; i < self->accounts->len; i++)
    {
      RapportAccount *account = g_ptr_array_index (self->accounts, i);

      if (account != chosen && !is_demo (account))
        open_account (self, account, FALSE);
    }
}

/* Tells the user what a rescue of the damaged cache kept and lost, and where the damaged
 * file is, over the window. */
static void
show_cache_rescue (RapportApplication       *self,
                   const RapportCacheRescue *rescue)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *text = rapport_ui_cache_rescue_to_text (rescue);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Local Cache Rebuilt"), NULL));
  adw_message_dialog_set_body (dialog, text);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  /* Its response buttons read their mnemonic twice otherwise ("_Discard Discard"). */
  rapport_ui_name_buttons_by_mnemonic (GTK_WIDGET (dialog));
  gtk_window_set_modal (GTK_WINDOW (dialog), parent != NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(RapportCacheRescue) rescue = NULL;
  g_autoptr(GError) error = NULL;

  if (!rapport_cache_open_finish (RAPPORT_STORE (object), result, &rescue, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_workspace (self, g_steal_pointer (&error));
      return;
    }

  if (rescue != NULL)
    show_cache_rescue (self, rescue);

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
  path = g_build_filename (data_dir, RAPPORT_STORE_FILE_NAME, NULL);

  self->store = rapport_store_new (path);
  rapport_cache_open_async (self->store, self->cancellable, on_store_opened_cb, g_object_ref (self));
}

/* What the first frame does not show starts once it is painted: the workspace (store,
 * account, sync), and the windows' icon (the window manager's, decoded from an SVG). */
static void
start_after_first_frame (RapportApplication *self)
{
  if (g_strcmp0 (gtk_window_get_default_icon_name (), APPLICATION_ID) != 0)
    gtk_window_set_default_icon_name (APPLICATION_ID);
  start_workspace (self);
}

static void
on_first_frame_painted_cb (GdkFrameClock      *frame_clock,
                           RapportApplication *self)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_first_frame_painted_cb, self);
  start_after_first_frame (self);
}

static gboolean
on_start_timeout_cb (gpointer user_data)
{
  RapportApplication *self = user_data;

  self->start_timeout_id = 0;
  start_after_first_frame (self);

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
      start_after_first_frame (self);
      return;
    }

  g_signal_connect_object (frame_clock, "after-paint",
                           G_CALLBACK (on_first_frame_painted_cb), self, 0);
  self->start_timeout_id = g_timeout_add (500, on_start_timeout_cb, self);
}

/* glibc keeps what the app frees in its heaps: ticket switches, searches and syncs allocate
 * and free a lot (rows, sessions, the store's results, SQLite's page cache), and the freed
 * pages between live blocks stayed resident — RSS crept up over hundreds of switches. A
 * painted frame (the app was in use) schedules one malloc_trim() a few seconds later, at
 * low priority; an idle window schedules nothing. */
#define TRIM_DELAY_SECONDS 5

static gboolean
on_trim_timeout_cb (gpointer user_data)
{
  RapportApplication *self = user_data;

  self->trim_id = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif

  return G_SOURCE_REMOVE;
}

static void
on_frame_painted_cb (GdkFrameClock      *frame_clock,
                     RapportApplication *self)
{
  if (self->trim_id == 0)
    self->trim_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, TRIM_DELAY_SECONDS,
                                                on_trim_timeout_cb, self, NULL);
}

static void
trim_memory_after_use (RapportApplication *self,
                       GtkWindow          *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (frame_clock != NULL)
    g_signal_connect_object (frame_clock, "after-paint", G_CALLBACK (on_frame_painted_cb),
                             self, 0);
}

/* The ticket app.open-ticket asked for, once the window shows its account and that account's
 * first view is loaded (opened before, the view's first selection would replace it). */
static void
on_pending_ticket_found_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(RapportWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  gint64 ticket_id;

  ticket_id = rapport_store_find_ticket_finish (RAPPORT_STORE (source), result, &error);
  if (ticket_id < 0)
    g_warning ("Cannot open the ticket of a notification: %s", error->message);
  else if (ticket_id == 0)
    g_message ("The ticket of a notification is no longer in the cache");
  else
    gtk_widget_activate_action (GTK_WIDGET (window), "win.open-ticket", "x", ticket_id);
}

static void
open_pending_ticket (RapportApplication *self)
{
  g_autoptr(GList) windows = NULL;
  g_autofree char *remote_id = NULL;
  RapportWorkspace *workspace;

  if (self->open_ticket == NULL)
    return;

  windows = list_rapport_windows (self);
  workspace = windows != NULL ? rapport_window_get_workspace (windows->data) : NULL;
  if (workspace == NULL ||
      rapport_workspace_get_account_id (workspace) != self->open_account_id ||
      !rapport_window_get_loaded (windows->data))
    return;

  /* Named by the helpdesk's id: a local id may belong to another ticket by now. */
  remote_id = g_steal_pointer (&self->open_ticket);
  self->open_account_id = 0;
  rapport_store_find_ticket_async (rapport_workspace_get_store (workspace),
                                   rapport_workspace_get_account_id (workspace), remote_id,
                                   NULL, on_pending_ticket_found_cb,
                                   g_object_ref (windows->data));
}

static void
rapport_application_activate (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);
  GtkWindow *window;

  window = main_window (self);
  if (window == NULL)
    {
      RapportWindow *rapport_window = rapport_window_new (GTK_APPLICATION (self));

      rapport_window_set_accounts_model (rapport_window, G_MENU_MODEL (self->accounts_menu));
      g_signal_connect_object (rapport_window, "notify::loaded",
                               G_CALLBACK (open_pending_ticket), self, G_CONNECT_SWAPPED);

      if (self->error != NULL)
        rapport_window_show_error (rapport_window, self->error);
      else if (self->active != NULL)
        rapport_window_set_workspace (rapport_window, self->active);
      else if (self->welcome)
        rapport_window_show_welcome (rapport_window);

      rapport_test_hooks_attach (rapport_window);
      window = GTK_WINDOW (rapport_window);
      gtk_window_present (window);
      trim_memory_after_use (self, window);
    }
  else
    {
      gtk_window_present (window);
      /* Over it, the preferences it has open. */
      if (self->preferences != NULL)
        gtk_window_present (GTK_WINDOW (self->preferences));
    }

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

static void
on_dialog_account_added_cb (RapportApplication *self,
                            RapportAccount     *account,
                            GtkWidget          *dialog)
{
  g_autoptr(GList) windows = NULL;

  /* The same user on the same server again (a new token): open it anew with the new token. */
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      RapportAccount *known = g_ptr_array_index (self->accounts, i);
      gint64 id = rapport_account_get_id (known);

      if (rapport_account_same_remote (known, account))
        {
          if (forget_workspace (self, id))
            {
              windows = list_rapport_windows (self);
              for (GList *l = windows; l != NULL; l = l->next)
                rapport_window_show_welcome (l->data);
            }

          open_account (self, known, TRUE);
          return;
        }
    }

  add_account (self, account, FALSE);
}

static void
add_account_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  RapportApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  dialog = rapport_add_account_dialog_new (parent);
  g_signal_connect_object (dialog, "account-added",
                           G_CALLBACK (on_dialog_account_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_demo_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  RapportApplication *self = user_data;

  if (self->store == NULL || self->accounts == NULL)
    return;

  open_demo (self);
}

static void
switch_account_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  RapportApplication *self = user_data;
  RapportAccount *account = find_account (self, g_variant_get_int64 (param));

  if (account != NULL)
    open_account (self, account, TRUE);
}

/* Where a dialog about accounts goes: over the preferences, when they are open. */
static GtkWindow *
dialog_parent (RapportApplication *self)
{
  if (self->preferences != NULL)
    return GTK_WINDOW (self->preferences);

  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  RapportApplication *self = user_data;
  GtkWindow *parent = main_window (self);
  GtkWidget *window;

  /* One preferences window. */
  if (self->preferences != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->preferences));
      return;
    }

  window = rapport_preferences_window_new (parent, self->accounts,
                                           self->active != NULL
                                             ? rapport_workspace_get_authority (self->active)
                                             : NULL);
  /* It belongs to the window it was opened from, and closes with it (also
   * rapport_application_window_removed()): no preferences are left open without a main
   * window. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  /* Its account buttons activate app.replace-token and app.remove-account. */
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  /* Forgotten as it closes (rapport_application_window_removed()). */
  self->preferences = window;
  gtk_window_present (GTK_WINDOW (window));
}

/* The new token is in the keyring: the account's workspace is made again with it (a
 * workspace keeps its provider, and the provider its token). An account that could not be
 * opened, or that needed signing in again, works from now on. */
static void
on_token_replaced_cb (RapportApplication *self,
                      RapportAccount     *account,
                      GtkWidget          *dialog)
{
  gint64 id = rapport_account_get_id (account);
  RapportAccount *known = find_account (self, id);
  gboolean shown;

  /* Removed meanwhile. */
  if (known == NULL)
    return;

  shown = forget_workspace (self, id);
  open_account (self, known, shown || self->active == NULL || self->error != NULL);
}

/* app.replace-token(account id) */
static void
replace_token_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  RapportApplication *self = user_data;
  RapportAccount *account = find_account (self, g_variant_get_int64 (param));
  GtkWidget *dialog;

  if (account == NULL || !needs_token (account))
    return;

  dialog = rapport_replace_token_dialog_new (dialog_parent (self), account);
  g_signal_connect_object (dialog, "token-replaced", G_CALLBACK (on_token_replaced_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  RapportApplication     *self;
  GPtrArray              *accounts;  /* RapportAccount: removed together */
  RapportAccountContents  contents;  /* added up */
  guint                   pending;   /* counts under way */
  GError                 *error;     /* the first count that failed */
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->accounts, g_ptr_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

/* The accounts removed with @account: the demo's go together (one made-up workspace, played
 * from both sides, made again together); any other account goes alone. */
static GPtrArray *
accounts_removed_with (RapportApplication *self,
                       RapportAccount     *account)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (accounts, g_object_ref (account));
  if (!is_demo (account))
    return accounts;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      RapportAccount *other = g_ptr_array_index (self->accounts, i);

      if (other != account && is_demo (other) &&
          g_strcmp0 (rapport_account_get_base_url (other),
                     rapport_account_get_base_url (account)) == 0)
        g_ptr_array_add (accounts, g_object_ref (other));
    }

  return accounts;
}

static void
show_toast_in_windows (RapportApplication *self,
                       const char         *title,
                       const GError       *error)
{
  g_autoptr(GList) windows = list_rapport_windows (self);

  for (GList *l = windows; l != NULL; l = l->next)
    rapport_ui_add_error_toast (GTK_WIDGET (l->data), title, error);
}

static void
on_removed_token_cleared_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  g_application_release (G_APPLICATION (self));
  if (rapport_secrets_clear_token_finish (result, &error) || error == NULL)
    return;

  g_warning ("Could not delete the token of a removed account from the keyring: %s",
             error->message);
  show_toast_in_windows (self, _("The account was removed, but its token could not be deleted "
                                 "from the keyring"), error);
}

static void
on_account_removed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  RapportApplication *self = data->self;
  g_autoptr(GError) error = NULL;

  /* Held by remove_from_store(): a confirmed removal ends even when the last window closed. */
  g_application_release (G_APPLICATION (self));

  if (!rapport_store_remove_account_finish (RAPPORT_STORE (object), result, &error) &&
      !g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND))
    {
      /* Still there, with all its data: listed again, and at work in the background. */
      g_warning ("Could not remove the account “%s”: %s",
                 rapport_account_get_display_name (data->account), error->message);
      show_toast_in_windows (self, _("Could not remove the account"), error);
      g_ptr_array_add (self->accounts, g_object_ref (data->account));
      rebuild_accounts_menu (self);
      if (!is_demo (data->account))
        open_account (self, data->account, FALSE);
      return;
    }

  /* The account and its data are gone: its token goes too, with no copy left. */
  if (needs_token (data->account))
    {
      g_application_hold (G_APPLICATION (self));
      rapport_secrets_clear_token_async (data->account, NULL, on_removed_token_cleared_cb,
                                         g_object_ref (self));
    }
}

/* The removal of accounts whose workspaces stopped, once the sends they had under way ended
 * (a request on its way cannot be taken back: the store keeps its outcome until then). */
typedef struct
{
  RapportApplication *self;
  GPtrArray          *accounts;      /* RapportAccount */
  GPtrArray          *push_engines;  /* RapportPushEngine: theirs, stopped */
} Removal;

static void
removal_free (Removal *removal)
{
  /* Held by remove_accounts() while the sends under way end. */
  g_application_release (G_APPLICATION (removal->self));
  g_clear_object (&removal->self);
  g_clear_pointer (&removal->accounts, g_ptr_array_unref);
  g_clear_pointer (&removal->push_engines, g_ptr_array_unref);
  g_free (removal);
}

static gboolean
sends_ended (Removal *removal)
{
  for (guint i = 0; i < removal->push_engines->len; i++)
    if (rapport_push_engine_get_n_in_flight (removal->push_engines->pdata[i]) > 0)
      return FALSE;

  return TRUE;
}

static void
remove_from_store (Removal *removal)
{
  RapportApplication *self = removal->self;

  for (guint i = 0; i < removal->accounts->len; i++)
    {
      OpenData *data = g_new0 (OpenData, 1);

      data->self = g_object_ref (self);
      data->account = g_object_ref (removal->accounts->pdata[i]);
      /* Confirmed by the agent: not cancelled when the application shuts down. */
      g_application_hold (G_APPLICATION (self));
      rapport_store_remove_account_async (self->store, rapport_account_get_id (data->account),
                                          NULL, on_account_removed_cb, data);
    }
}

/* The push engines tell no one when their last send ended: asked every 100 ms. */
static gboolean
on_sends_ended_cb (gpointer user_data)
{
  Removal *removal = user_data;

  if (!sends_ended (removal))
    return G_SOURCE_CONTINUE;

  remove_from_store (removal);
  return G_SOURCE_REMOVE;
}

static void
on_removal_writes_ended_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  Removal *removal = user_data;

  /* Not cancellable: it ends when the writes did. */
  rapport_ticket_session_wait_for_writes_finish (RAPPORT_STORE (source), result, NULL);

  if (!sends_ended (removal))
    {
      g_timeout_add_full (G_PRIORITY_DEFAULT, 100, on_sends_ended_cb, removal,
                          (GDestroyNotify) removal_free);
      return;
    }

  remove_from_store (removal);
  removal_free (removal);
}

static void
remove_accounts (RapportApplication *self,
                 GPtrArray          *accounts)
{
  Removal *removal = g_new0 (Removal, 1);
  gboolean shown = self->active == NULL;

  removal->self = g_object_ref (self);
  g_application_hold (G_APPLICATION (self));
  removal->accounts = g_ptr_array_ref (accounts);
  removal->push_engines = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < accounts->len; i++)
    {
      RapportAccount *account = g_ptr_array_index (accounts, i);
      gint64 id = rapport_account_get_id (account);
      RapportWorkspace *workspace = g_hash_table_lookup (self->workspaces, &id);

      /* Its timers stop and its pull is cancelled; no new send starts. */
      if (workspace != NULL)
        g_ptr_array_add (removal->push_engines,
                         g_object_ref (rapport_workspace_get_push_engine (workspace)));
      shown |= forget_workspace (self, id);
      g_ptr_array_remove (self->accounts, account);
    }

  rebuild_accounts_menu (self);

  /* The windows showed it (or could not open it): another account, or the welcome page. */
  if (shown)
    {
      RapportAccount *next = choose_first_account (self);

      show_welcome (self);
      g_clear_error (&self->error);
      if (next != NULL)
        open_account (self, next, TRUE);
    }

  /* Not at once: what the windows queued as they let the account go (the draft of the ticket
   * they showed) reaches the store first, with every write asked before it; a draft saved
   * after the account's deletion would fail on it, lost without having been counted. */
  rapport_ticket_session_wait_for_writes_async (self->store, NULL, on_removal_writes_ended_cb,
                                                removal);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  RemoveData *data = user_data;

  g_autoptr(GPtrArray) listed = NULL;

  if (g_strcmp0 (response, RAPPORT_REMOVE_ACCOUNT_RESPONSE) != 0)
    return;

  /* Another dialog may have removed some of them meanwhile. */
  listed = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < data->accounts->len; i++)
    if (find_account (data->self, rapport_account_get_id (data->accounts->pdata[i])) != NULL)
      g_ptr_array_add (listed, g_object_ref (data->accounts->pdata[i]));
  if (listed->len > 0)
    remove_accounts (data->self, listed);
}

static void
on_contents_counted_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  RemoveData *data = user_data;
  RapportAccountContents contents;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (!rapport_store_count_account_contents_finish (RAPPORT_STORE (object), result, &contents,
                                                    &error))
    {
      if (data->error == NULL)
        data->error = g_steal_pointer (&error);
    }
  else
    {
      /* The demo's accounts hold copies of the same tickets. */
      data->contents.n_tickets = MAX (data->contents.n_tickets, contents.n_tickets);
      data->contents.n_unsent_messages += contents.n_unsent_messages;
      data->contents.n_unsent_changes += contents.n_unsent_changes;
      data->contents.n_drafts += contents.n_drafts;
    }

  if (--data->pending > 0)
    return;

  if (data->error != NULL)
    {
      if (!g_error_matches (data->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not count what the account holds: %s", data->error->message);
          show_toast_in_windows (data->self, _("Could not remove the account"), data->error);
        }
      remove_data_free (data);
      return;
    }

  /* Nothing is removed before the agent saw what is lost and confirmed it. */
  dialog = rapport_remove_account_dialog_new (dialog_parent (data->self), data->accounts,
                                              &data->contents);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response_cb), data,
                         (GClosureNotify) (void (*) (void)) remove_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_writes_ended_before_count_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  RemoveData *data = user_data;
  RapportApplication *self = data->self;

  /* Cancelled: the application shuts down. */
  if (!rapport_ticket_session_wait_for_writes_finish (RAPPORT_STORE (source), result, NULL))
    {
      remove_data_free (data);
      return;
    }

  data->pending = data->accounts->len;
  for (guint i = 0; i < data->accounts->len; i++)
    rapport_store_count_account_contents_async (self->store,
                                                rapport_account_get_id (data->accounts->pdata[i]),
                                                self->cancellable, on_contents_counted_cb, data);
}

/* app.remove-account(account id) */
static void
remove_account_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  RapportApplication *self = user_data;
  RapportAccount *account = find_account (self, g_variant_get_int64 (param));
  g_autoptr(GList) windows = NULL;
  RemoveData *data;

  if (account == NULL || self->store == NULL)
    return;

  data = g_new0 (RemoveData, 1);
  data->self = g_object_ref (self);
  data->accounts = accounts_removed_with (self, account);

  /* The drafts the composers hold, and the writes the sessions have under way, reach the
   * store before it is counted: the dialog says what is lost, every draft included. */
  windows = list_rapport_windows (self);
  for (GList *l = windows; l != NULL; l = l->next)
    rapport_window_save_draft (l->data);
  rapport_ticket_session_wait_for_writes_async (self->store, self->cancellable,
                                                on_writes_ended_before_count_cb, data);
}

/* app.open-ticket((account id, ticket id)), the click on a decision's notification: the window
 * comes forward (made when the click started Rapport) with that account, then the ticket. */
static void
open_ticket_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  RapportApplication *self = user_data;
  RapportAccount *account;

  g_clear_pointer (&self->open_ticket, g_free);
  g_variant_get (param, "(xs)", &self->open_account_id, &self->open_ticket);

  g_application_activate (G_APPLICATION (self));

  /* Not listed yet: the account is shown first once they are (choose_account()). */
  if (self->accounts == NULL)
    return;

  account = find_account (self, self->open_account_id);
  if (account == NULL)
    {
      g_warning ("Cannot open ticket %s: there is no account %" G_GINT64_FORMAT,
                 self->open_ticket, self->open_account_id);
      self->open_account_id = 0;
      g_clear_pointer (&self->open_ticket, g_free);
      return;
    }

  if (self->active == NULL || rapport_workspace_get_account_id (self->active) != self->open_account_id)
    open_account (self, account, TRUE);
  open_pending_ticket (self);
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "shortcuts", .activate = shortcuts_action },
  { .name = "quit", .activate = quit_action },
  { .name = "add-account", .activate = add_account_action },
  { .name = "open-demo", .activate = open_demo_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "replace-token", .activate = replace_token_action, .parameter_type = "x" },
  { .name = "remove-account", .activate = remove_account_action, .parameter_type = "x" },
  { .name = "switch-account", .activate = switch_account_action, .parameter_type = "x", .state = "int64 0" },
  { .name = "open-ticket", .activate = open_ticket_action, .parameter_type = "(xs)" },
};

static void
rapport_application_startup (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *no_accels[] = { NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static gboolean gtk_theme_registered;

  /* Unless the user chose a GTK theme (then libadwaita leaves GTK's alone), libadwaita
   * replaces GTK's theme with an empty one as it starts: GTK's Default theme, which it would
   * parse first, is registered empty in its place. */
  if (g_getenv ("GTK_THEME") == NULL && !gtk_theme_registered)
    {
      rapport_gtk_theme_register_resource ();
      gtk_theme_registered = TRUE;
    }

  G_APPLICATION_CLASS (rapport_application_parent_class)->startup (app);

  /* Labels are selectable so that names, numbers and notes can be copied; a label that gets
   * the focus (the first one of a popover, the ticket's title after a switch) must not be
   * drawn all selected for it. */
  g_object_set (gtk_settings_get_default (), "gtk-label-select-on-focus", FALSE, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  /* Ctrl+? belongs to app.shortcuts (which opens the help overlay), not twice. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", no_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static int
rapport_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);

  if (!g_variant_dict_contains (options, "demo"))
    return -1;

  self->open_demo = TRUE;

  /* Rapport already runs: ask it to show the demo workspace. */
  if (g_application_register (app, NULL, NULL) && g_application_get_is_remote (app))
    {
      g_application_activate (app);
      g_action_group_activate_action (G_ACTION_GROUP (app), "open-demo", NULL);
      return 0;
    }

  return -1;
}

/* A window leaves the application as it is destroyed, even while references to it are held
 * elsewhere (by an accessibility client): the preferences are forgotten then, not when they
 * are finalized, so that a closed window is never presented again or used as a parent. */
static void
rapport_application_window_removed (GtkApplication *app,
                                    GtkWindow      *window)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);

  /* Preferences close with the main window they were opened from. destroy-with-parent
   * alone waits for the parent's last reference, which a request under way may hold. */
  if (self->preferences != NULL && RAPPORT_IS_WINDOW (window) &&
      gtk_window_get_transient_for (GTK_WINDOW (self->preferences)) == window)
    gtk_window_destroy (GTK_WINDOW (self->preferences));

  if (GTK_WIDGET (window) == self->preferences)
    {
      self->preferences = NULL;
      /* GTK 4 keeps the parent of a window destroyed with it after the parent went, and lets
       * go of it when the window is finalized: a reference held past the parent's would touch
       * a freed window. It goes now. */
      gtk_window_set_transient_for (window, NULL);
    }

  GTK_APPLICATION_CLASS (rapport_application_parent_class)->window_removed (app, window);
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
  self->preferences = NULL;
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  g_clear_handle_id (&self->trim_id, g_source_remove);
  g_clear_pointer (&self->open_ticket, g_free);
  if (self->workspaces != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->workspaces);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        rapport_workspace_stop (value);
    }
  g_clear_object (&self->active);
  g_clear_pointer (&self->notifiers, g_hash_table_unref);
  g_clear_pointer (&self->workspaces, g_hash_table_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->accounts_menu);
  g_clear_pointer (&self->last_sync_error, g_free);
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
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = rapport_application_dispose;
  gtk_app_class->window_removed = rapport_application_window_removed;

  app_class->activate = rapport_application_activate;
  app_class->startup = rapport_application_startup;
  app_class->shutdown = rapport_application_shutdown;
  app_class->handle_local_options = rapport_application_handle_local_options;
}

static void
rapport_application_init (RapportApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo workspace (made on first use; no server needed)"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  self->workspaces = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->notifiers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->accounts_menu = g_menu_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
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
