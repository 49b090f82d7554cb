/* test-accounts.c
 *
 * Accounts in Preferences, with the real application: replacing the token of an account (a
 * helpdesk kind of the test's own, whose provider is RapportTestProvider) checks it, replaces
 * it in the session's keyring (tools/test runs the ui suite with an unlocked throwaway
 * gnome-keyring) and makes the workspace use it; removing an account says what is lost, then
 * takes it, its data and its token away, and the window shows another account or the welcome
 * page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-accounts"
/* secret_service_encode_dbus_secret(), for a keyring of the test's own. */
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include <string.h>

#include "rapport-application.h"
#include "rapport-composer.h"
#include "rapport-connection.h"
#include "rapport-outbox.h"
#include "rapport-provider-registry.h"
#include "rapport-remove-account-dialog.h"
#include "rapport-replace-token-dialog.h"
#include "rapport-secrets.h"
#include "rapport-test-provider.h"
#include "rapport-ticket-session.h"
#include "rapport-ui-test-util.h"
#include "rapport-window.h"

#define DESK_KIND "test-desk"
#define DESK_URL  "https://desk.example"
#define DESK_USER "sam.agent"
#define REFUSED   "The test desk did not accept the token."

/* The token the last provider of the test desk was made with. */
static char *provider_token;
static guint n_providers;

static void
desk_check_async (const char          *base_url,
                  const char          *token,
                  SoupSession         *session,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RapportAccount *account;

  g_assert_cmpstr (base_url, ==, DESK_URL);

  /* "token-…" signs in as the account's user, "other-…" as somebody else. */
  if (g_str_has_prefix (token, "token-") || g_str_has_prefix (token, "other-"))
    {
      account = rapport_account_new (DESK_KIND, base_url, "Desk");
      rapport_account_set_user_remote_id (account, g_str_has_prefix (token, "token-")
                                                     ? DESK_USER : "lee.agent");
      g_task_return_pointer (task, account, g_object_unref);
      return;
    }

  g_task_return_new_error (task, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN,
                           "%s", REFUSED);
}

static RapportAccount *
desk_check_finish (GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
desk_describe_account (RapportAccount *account)
{
  return g_strdup_printf ("Test Desk at %s", rapport_account_get_base_url (account));
}

/* A provider whose first pull brings one ticket. */
static RapportProvider *
desk_new_provider (RapportAccount  *account,
                   const char      *token,
                   GError         **error)
{
  RapportProvider *provider = rapport_test_provider_new (DESK_USER, "Sam Rivera");
  RapportSyncPage *page = rapport_sync_page_new ();
  g_autoptr(RapportTicket) ticket = rapport_ticket_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_nonnull (token);
  g_free (provider_token);
  provider_token = g_strdup (token);
  n_providers++;

  rapport_ticket_set_remote_id (ticket, "D-1");
  rapport_ticket_set_subject (ticket, "Where is my parcel?");
  rapport_ticket_set_status (ticket, RAPPORT_TICKET_STATUS_OPEN);
  rapport_ticket_set_channel (ticket, RAPPORT_CHANNEL_EMAIL);
  rapport_ticket_set_created_at (ticket, now);
  rapport_ticket_set_updated_at (ticket, now);
  g_ptr_array_add (page->tickets, g_steal_pointer (&ticket));
  rapport_test_provider_push_page (RAPPORT_TEST_PROVIDER (provider), page);

  return provider;
}

static const RapportProviderBackend desk_backend = {
  .kind = DESK_KIND,
  .display_name = "Test Desk",
  .token_help = "Make a token in the test desk.",
  .capabilities = RAPPORT_PROVIDER_CAPABILITY_WRITES,
  .needs_url = TRUE,
  .needs_token = TRUE,
  .user_addable = FALSE,
  .check_connection_async = desk_check_async,
  .check_connection_finish = desk_check_finish,
  .describe_account = desk_describe_account,
  .new_provider = desk_new_provider,
};

/* ------------------------------------------------------------------------------------ */
/* The keyring, straight through libsecret with the documented schema                    */

/* Keeps the result of an asynchronous call, for have_result(). */
static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

/* Every secret stored under the test desk's attributes (searched as the application does:
 * asynchronously, the secrets loaded with the items), or NULL with @error set. */
static GPtrArray *
keyring_secrets (GError **error)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *secrets;
  GList *items;

  g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) DESK_KIND);
  secret_password_searchv (rapport_secrets_get_schema (), attributes,
                           SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                           NULL, on_result_cb, &result);
  rapport_test_wait_until (have_result, &result, 10000, "the keyring's answer");
  items = secret_password_search_finish (result, error);
  if (items == NULL && *error != NULL)
    return NULL;

  secrets = g_ptr_array_new_with_free_func (g_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) found = secret_retrievable_get_attributes (l->data);
      g_autoptr(SecretValue) value = NULL;

      g_assert_true (SECRET_IS_ITEM (l->data));
      value = secret_item_get_secret (l->data);
      g_assert_nonnull (value);
      g_assert_cmpstr (g_hash_table_lookup (found, "url"), ==, DESK_URL);
      g_assert_cmpstr (g_hash_table_lookup (found, "user"), ==, DESK_USER);
      g_ptr_array_add (secrets, g_strdup (secret_value_get_text (value)));
    }
  g_list_free_full (items, g_object_unref);

  return secrets;
}

static void
assert_keyring_holds (const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) secrets = keyring_secrets (&error);

  g_assert_no_error (error);

  /* One item, the new token: no copy of the old one anywhere. */
  g_assert_cmpuint (secrets->len, ==, 1);
  g_assert_cmpstr (secrets->pdata[0], ==, token);
}

/* No item of the test desk's attributes is left, in any collection, locked or not (the search
 * unlocks nothing: the application must have). The search names the items by their paths:
 * it reads none, so the application may delete them meanwhile. */
static gboolean
keyring_empty (gpointer user_data)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  g_autoptr(GError) error = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) DESK_KIND);
  secret_service_search_for_dbus_paths (service, rapport_secrets_get_schema (), attributes, NULL,
                                        on_result_cb, &result);
  rapport_test_wait_until (have_result, &result, 10000, "the keyring's answer");
  g_assert_true (secret_service_search_for_dbus_paths_finish (service, result, &unlocked,
                                                              &locked, &error));
  g_assert_no_error (error);

  return g_strv_length (unlocked) + g_strv_length (locked) == 0;
}

/* Stores @token under the test desk's attributes in a collection of its own, then locks that
 * collection: a copy that a clear of unlocked items passes over. Its password is empty, so
 * the keyring unlocks it when asked, without a prompt. */
static void
keep_locked_copy (const char *token)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretValue) password = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GVariant) reply = NULL;
  g_auto(GStrv) locked = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder properties;
  const char *paths[] = { NULL, NULL };

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);
  g_assert_no_error (error);

  /* gnome-keyring's own call: a collection made with a password, without a prompt. */
  password = secret_value_new ("", 0, "text/plain");
  g_variant_builder_init (&properties, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&properties, "{sv}", "org.freedesktop.Secret.Collection.Label",
                         g_variant_new_string ("Elsewhere"));
  reply = g_dbus_proxy_call_sync (G_DBUS_PROXY (service),
                                  "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface."
                                  "CreateWithMasterPassword",
                                  g_variant_new ("(a{sv}@(oayays))", &properties,
                                                 secret_service_encode_dbus_secret (service,
                                                                                    password)),
                                  G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(&o)", &paths[0]);

  g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) DESK_KIND);
  g_hash_table_insert (attributes, (gpointer) "url", (gpointer) DESK_URL);
  g_hash_table_insert (attributes, (gpointer) "user", (gpointer) DESK_USER);
  g_assert_true (secret_password_storev_sync (rapport_secrets_get_schema (), attributes,
                                              paths[0], "An old copy", token, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (secret_service_lock_dbus_paths_sync (service, paths, NULL, &locked, &error),
                   ==, 1);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------------------ */
/* The application                                                                        */

static RapportWindow *
main_window (RapportApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (RAPPORT_IS_WINDOW (l->data))
      return l->data;

  g_assert_not_reached ();
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
has_toplevel (gpointer user_data)
{
  return find_toplevel (GPOINTER_TO_SIZE (user_data)) != NULL;
}

static gpointer
wait_for_toplevel (GType type)
{
  rapport_test_wait_until (has_toplevel, GSIZE_TO_POINTER (type), 10000, g_type_name (type));
  return find_toplevel (type);
}

static gboolean
shows_account (RapportWindow *window,
               const char    *name)
{
  g_autoptr(GPtrArray) titles = rapport_test_find_widgets (GTK_WIDGET (window),
                                                           ADW_TYPE_WINDOW_TITLE);

  if (g_strcmp0 (rapport_window_get_page (window), "workspace") != 0 ||
      rapport_window_get_failed (window) || !rapport_window_get_loaded (window))
    return FALSE;

  for (guint i = 0; i < titles->len; i++)
    if (g_strcmp0 (adw_window_title_get_subtitle (titles->pdata[i]), name) == 0)
      return TRUE;

  return FALSE;
}

typedef struct
{
  RapportWindow *window;
  const char    *name;
} Shows;

static gboolean
window_shows (gpointer user_data)
{
  Shows *shows = user_data;

  return shows_account (shows->window, shows->name);
}

static void
wait_until_shown (RapportWindow *window,
                  const char    *name)
{
  Shows shows = { window, name };

  rapport_test_wait_until (window_shows, &shows, 30000, name);
}

static gboolean
shows_welcome (gpointer user_data)
{
  return g_strcmp0 (rapport_window_get_page (user_data), "welcome") == 0;
}

/* The accounts the store lists now (a blocking read: a test may). */
static GPtrArray *
list_accounts (RapportApplication *app)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts = rapport_store_list_accounts (rapport_application_get_store (app), NULL,
                                                     &error);

  g_assert_no_error (error);
  return accounts;
}

static RapportAccount *
find_account (GPtrArray  *accounts,
              const char *name)
{
  for (guint i = 0; i < accounts->len; i++)
    if (g_strcmp0 (rapport_account_get_display_name (accounts->pdata[i]), name) == 0)
      return accounts->pdata[i];

  return NULL;
}

/* The button of Preferences with the accessible name @label, pressed as Space on it does. */
static void
press (GtkWidget  *preferences,
       const char *label)
{
  GtkWidget *button = rapport_test_find_by_accessible_label (preferences, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_focusable (button));
  g_assert_true (gtk_widget_activate (button));
}

/* Whether Preferences shows the refund and credit limits (of the account shown). */
static gboolean
shows_limits (GtkWidget *preferences)
{
  g_autoptr(GPtrArray) groups = rapport_test_find_widgets (preferences,
                                                           ADW_TYPE_PREFERENCES_GROUP);

  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (adw_preferences_group_get_title (groups->pdata[i]),
                   "Refund and Credit Limits") == 0)
      return TRUE;

  return FALSE;
}

/* ------------------------------------------------------------------------------------ */
/* Replacing the token                                                                    */

static gboolean
dialog_idle (gpointer user_data)
{
  RapportReplaceTokenDialog **dialog = user_data;

  return *dialog == NULL || !rapport_replace_token_dialog_get_busy (*dialog);
}

static gboolean
dialog_gone (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* Types @token in the dialog and presses Enter; returns the error shown, or NULL when the
 * dialog closed. */
static char *
replace_token (GtkWidget  *preferences,
               const char *token)
{
  RapportReplaceTokenDialog *dialog;
  GtkWidget *row;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  char *problem = NULL;

  press (preferences, "Replace token of Desk");
  dialog = wait_for_toplevel (RAPPORT_TYPE_REPLACE_TOKEN_DIALOG);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (preferences));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (dialog),
                                                         "Make a token in the test desk."));

  /* Typing starts in the password row. */
  rows = rapport_test_find_widgets (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), row));
  gtk_editable_set_text (GTK_EDITABLE (row), token);
  g_signal_emit_by_name (row, "entry-activated");
  g_assert_true (rapport_replace_token_dialog_get_busy (dialog));
  rapport_test_wait_until (dialog_idle, &dialog, 10000, "the token's check");

  if (dialog == NULL)
    return NULL;

  labels = rapport_test_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "error") &&
        gtk_widget_get_visible (labels->pdata[i]))
      problem = g_strdup (gtk_label_get_text (labels->pdata[i]));
  g_assert_nonnull (problem);

  rapport_test_activate_shortcut (GTK_WIDGET (dialog), GDK_KEY_Escape, 0);
  rapport_test_wait_until (dialog_gone, &dialog, 10000, "Escape to close the dialog");

  return problem;
}

static gboolean
provider_has (gpointer user_data)
{
  return g_strcmp0 (provider_token, user_data) == 0;
}

/* ------------------------------------------------------------------------------------ */
/* Removing                                                                               */

/* Presses "Remove <name>" and returns the confirmation. */
static AdwMessageDialog *
ask_removal (GtkWidget  *preferences,
             const char *name)
{
  g_autofree char *label = g_strdup_printf ("Remove %s", name);
  AdwMessageDialog *dialog;

  press (preferences, label);
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (preferences));
  /* Enter alone loses nothing. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog,
                                                               RAPPORT_REMOVE_ACCOUNT_RESPONSE),
                   ==, ADW_RESPONSE_DESTRUCTIVE);

  return dialog;
}

/* Presses the button of @response, as Space on it does; the dialog closes. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  const char *label = adw_message_dialog_get_response_label (dialog, response);
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);
  gpointer weak = dialog;
  gboolean pressed = FALSE;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  for (guint i = 0; i < buttons->len && !pressed; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      pressed = gtk_widget_activate (buttons->pdata[i]);
  g_assert_true (pressed);
  rapport_test_wait_until (dialog_gone, &weak, 10000, "the confirmation to close");
}

/* ------------------------------------------------------------------------------------ */
/* Drafts                                                                                 */

/* Every write the sessions were asked for so far ended. */
static void
wait_for_writes (RapportApplication *app)
{
  RapportStore *store = rapport_application_get_store (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rapport_ticket_session_wait_for_writes_async (store, NULL, on_result_cb, &result);
  rapport_test_wait_until (have_result, &result, 10000, "the sessions' writes");
  g_assert_true (rapport_ticket_session_wait_for_writes_finish (store, result, &error));
  g_assert_no_error (error);
}

typedef struct
{
  RapportComposer *composer;
  gint64           ticket_id;
} ComposerOn;

static gboolean
composer_on (gpointer user_data)
{
  ComposerOn *on = user_data;
  RapportTicketSession *session = rapport_composer_get_session (on->composer);

  return session != NULL && rapport_ticket_session_get_ticket_id (session) == on->ticket_id;
}

/* The composer of @window, on ticket @ticket_id, its draft loaded. */
static RapportComposer *
open_composer (RapportApplication *app,
               RapportWindow      *window,
               gint64              ticket_id)
{
  g_autoptr(GPtrArray) composers = NULL;
  ComposerOn on = { NULL, ticket_id };

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-ticket", "x", ticket_id);
  composers = rapport_test_find_widgets (GTK_WIDGET (window), RAPPORT_TYPE_COMPOSER);
  g_assert_cmpuint (composers->len, ==, 1);
  on.composer = composers->pdata[0];
  rapport_test_wait_until (composer_on, &on, 10000, "the ticket in the composer");
  /* Its draft is read through the sessions' writes. */
  wait_for_writes (app);

  return on.composer;
}

/* Types @text into @composer's reply, as the agent does: saved as the draft after a pause. */
static void
type_reply (RapportComposer *composer,
            const char      *text)
{
  GtkWidget *view = rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_TEXT_VIEW, "Reply");

  g_assert_nonnull (view);
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static void
on_draft_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Saved before the account went, not refused by the store after it did. */
  g_assert_true (rapport_ticket_session_save_draft_finish (RAPPORT_TICKET_SESSION (source),
                                                           result, &error));
  g_assert_no_error (error);
  (*(guint *) user_data)++;
}

static RapportApplication *the_app;

/* Draft saves queued at once: more than the store writes in the moments a removal took
 * before it waited for them. */
#define N_SAVES 5000

static gboolean
accounts_are (gpointer user_data)
{
  g_autoptr(GPtrArray) accounts = list_accounts (the_app);

  return accounts->len == GPOINTER_TO_UINT (user_data);
}

/* One Preferences, presented again; closed, made anew (even while something still holds the
 * closed one); closed with the window it belongs to. Activating the application brings the
 * main window forward, not Preferences alone. */
static void
check_one_preferences (RapportApplication *app,
                       GtkWidget          *preferences)
{
  RapportWindow *window = main_window (app);
  g_autoptr(GtkWidget) closed = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW) == preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) ==
                 GTK_WINDOW (window));

  closed = g_object_ref (preferences);
  gtk_window_close (GTK_WINDOW (preferences));
  g_assert_null (find_toplevel (ADW_TYPE_PREFERENCES_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_true (preferences != closed);
  g_assert_nonnull (rapport_test_find_by_accessible_label (preferences, GTK_TYPE_BUTTON,
                                                           "Remove Demo workspace"));

  g_application_activate (G_APPLICATION (app));
  g_assert_true (main_window (app) == window);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (find_toplevel (ADW_TYPE_PREFERENCES_WINDOW));
}

static void
check_accounts (RapportApplication *app)
{
  RapportWindow *window = main_window (app);
  g_autoptr(GPtrArray) accounts = list_accounts (app);
  g_autoptr(RapportAccount) desk = g_object_ref (find_account (accounts, "Desk"));
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportOutboxOp) reply = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  AdwMessageDialog *confirm;
  RapportAccountContents contents;
  RapportComposer *composer;
  RapportTicketSession *session;
  GtkWidget *preferences;
  guint n_saved = 0;
  char *problem;

  /* No token yet: the account cannot be opened (a sign-in is needed). */
  g_assert_true (rapport_window_get_failed (window));
  g_assert_cmpuint (n_providers, ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (rapport_test_find_by_accessible_label (preferences, GTK_TYPE_BUTTON,
                                                           "Remove Desk"));
  /* No account shown: no limits. */
  g_assert_false (shows_limits (preferences));

  /* A token the desk refuses, or one of another user: said as the check says it; nothing
   * stored. */
  problem = replace_token (preferences, "wrong");
  g_assert_cmpstr (problem, ==, REFUSED);
  g_free (problem);
  problem = replace_token (preferences, "other-1");
  g_assert_nonnull (strstr (problem, "signs in as “lee.agent”, not as “sam.agent”"));
  g_free (problem);
  g_assert_true (keyring_empty (NULL));

  /* A good one: stored, and the account opens with it. */
  g_assert_null (replace_token (preferences, "token-1"));
  assert_keyring_holds ("token-1");
  wait_until_shown (window, "Desk");
  g_assert_cmpstr (provider_token, ==, "token-1");
  /* The limits of the account shown now. */
  g_assert_true (shows_limits (preferences));

  /* Again, on the open workspace: the old token is wiped from the keyring, and the workspace
   * works with the new one at once. */
  g_assert_null (replace_token (preferences, "token-2"));
  assert_keyring_holds ("token-2");
  rapport_test_wait_until (provider_has, (gpointer) "token-2", 10000, "the new provider");
  wait_until_shown (window, "Desk");
  g_assert_cmpuint (n_providers, ==, 2);

  /* A reply waiting in its outbox (ten minutes of undo window). */
  tickets = rapport_test_load_open_tickets (rapport_application_get_store (app), desk);
  g_assert_cmpuint (tickets->len, ==, 1);
  reply = rapport_outbox_enqueue_message (rapport_application_get_store (app),
                                          rapport_account_get_id (desk),
                                          rapport_ticket_get_id (tickets->pdata[0]),
                                          RAPPORT_VISIBILITY_PUBLIC, "On its way.", 600000, NULL,
                                          &error);
  g_assert_no_error (error);

  /* The demo beside it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-demo", NULL);
  wait_until_shown (window, "Demo workspace");
  g_action_group_activate_action (G_ACTION_GROUP (app), "switch-account",
                                  g_variant_new_int64 (rapport_account_get_id (desk)));
  wait_until_shown (window, "Desk");
  g_assert_nonnull (rapport_test_find_by_accessible_label (preferences, GTK_TYPE_BUTTON,
                                                           "Remove Demo workspace — supervisor"));
  /* The demo has no token to replace. */
  g_assert_null (rapport_test_find_by_accessible_label (preferences, GTK_TYPE_BUTTON,
                                                        "Replace token of Demo workspace"));

  /* A reply begun a moment ago, not saved yet: the composer saves it after a pause. */
  composer = open_composer (app, window, rapport_ticket_get_id (tickets->pdata[0]));
  type_reply (composer, "Your parcel");

  /* Removing says what is lost, the unsent reply by its number and that draft; Cancel keeps
   * everything. */
  confirm = ask_removal (preferences, "Desk");
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Remove “Desk”?");
  g_assert_cmpstr (adw_message_dialog_get_body (confirm), ==,
                   "Its 1 cached ticket is removed from this computer; it stays on the "
                   "helpdesk. Its API token is deleted from the keyring.\n\n"
                   "1 reply or note has not been sent yet: it will be lost.\n\n"
                   "1 unfinished draft will be lost.");
  answer (confirm, "cancel");
  g_assert_true (accounts_are (GUINT_TO_POINTER (3)));
  g_assert_true (shows_account (window, "Desk"));

  /* Confirmed: the window shows another account; the account, its data and its token are
   * gone, with every copy of the token (one in a keyring that is locked now too). */
  keep_locked_copy ("token-1");
  g_assert_false (keyring_empty (NULL));
  confirm = ask_removal (preferences, "Desk");
  /* Draft saves still queued as the agent confirms (and the one of the composer as the
   * window lets the account go) reach the store before the account leaves it: none fails
   * on the account's absence. */
  session = rapport_composer_get_session (composer);
  for (guint i = 0; i < N_SAVES; i++)
    {
      g_autofree char *body = g_strdup_printf ("Your parcel %u", i);

      rapport_ticket_session_save_draft_async (session, RAPPORT_VISIBILITY_PUBLIC, body, NULL,
                                               on_draft_saved_cb, &n_saved);
    }
  answer (confirm, RAPPORT_REMOVE_ACCOUNT_RESPONSE);
  wait_until_shown (window, "Demo workspace");
  rapport_test_wait_until (accounts_are, GUINT_TO_POINTER (2), 10000, "the removal");
  g_assert_false (rapport_store_count_account_contents (rapport_application_get_store (app),
                                                        rapport_account_get_id (desk),
                                                        &contents, NULL, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&tickets, g_ptr_array_unref);
  tickets = rapport_test_load_open_tickets (rapport_application_get_store (app), desk);
  g_assert_cmpuint (tickets->len, ==, 0);
  g_assert_cmpuint (n_saved, ==, N_SAVES);
  rapport_test_wait_until (keyring_empty, NULL, 10000, "the token to leave the keyring");
  g_assert_null (rapport_test_find_by_accessible_label (preferences, GTK_TYPE_BUTTON,
                                                        "Remove Desk"));

  /* The demo's accounts go together; then the welcome page. */
  confirm = ask_removal (preferences, "Demo workspace — supervisor");
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==,
                   "Remove “Demo workspace — supervisor” and Its Other Accounts?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm),
                            "“Explore the Demo Workspace” makes them again."));
  answer (confirm, RAPPORT_REMOVE_ACCOUNT_RESPONSE);
  rapport_test_wait_until (shows_welcome, window, 10000, "the welcome page");
  rapport_test_wait_until (accounts_are, GUINT_TO_POINTER (0), 10000, "the demo's removal");
  g_assert_null (rapport_test_find_by_accessible_label (preferences, GTK_TYPE_BUTTON,
                                                        "Remove Demo workspace"));
  /* No account left: no limits of a removed one. */
  g_assert_false (shows_limits (preferences));

  /* Explore the Demo Workspace makes them again. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-demo", NULL);
  wait_until_shown (window, "Demo workspace");
  rapport_test_wait_until (accounts_are, GUINT_TO_POINTER (2), 10000, "the demo's accounts");
  g_assert_true (shows_limits (preferences));

  check_one_preferences (app, preferences);
}

static gboolean
window_failed (gpointer user_data)
{
  return rapport_window_get_failed (user_data);
}

static void
on_activated_check_cb (RapportApplication *app,
                       gpointer            user_data)
{
  RapportWindow *window = main_window (app);

  /* Once: check_one_preferences() activates the application again. */
  g_signal_handlers_disconnect_by_func (app, on_activated_check_cb, user_data);
  rapport_test_wait_until (window_failed, window, 30000, "the account to fail to open");
  check_accounts (app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* The store the application opens, with the account "Desk" of the test desk in it. */
static void
add_desk_account (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "rapport",
                                            RAPPORT_STORE_FILE_NAME, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(RapportStore) store = rapport_store_new (path);
  g_autoptr(RapportAccount) account = rapport_account_new (DESK_KIND, DESK_URL, "Desk");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  rapport_account_set_user_remote_id (account, DESK_USER);
  g_assert_true (rapport_store_add_account (store, account, NULL, &error));
  g_assert_no_error (error);
  rapport_store_close (store);
}

/* The one warning expected: the account cannot be opened before it has a token. */
static gboolean
on_fatal_log_cb (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  return !(log_level & G_LOG_LEVEL_WARNING) || strstr (message, "No API token is stored") == NULL;
}

static void
test_accounts (void)
{
  RapportApplication *app;
  char *argv[] = { (char *) "rapport", NULL };

  if (!g_test_subprocess ())
    {
      /* A process of its own: its data dir, and the registry's test desk. */
      g_test_trap_subprocess (NULL, 180 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_test_log_set_fatal_handler (on_fatal_log_cb, NULL);
  rapport_provider_registry_register (&desk_backend);
  add_desk_account ();

  app = the_app = rapport_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activated_check_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  the_app = NULL;
  rapport_test_release_and_wait (&app);
  g_clear_pointer (&provider_token, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("rapport-test-accounts-XXXXXX", &error);
  int ret;

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/accounts/replace-and-remove", test_accounts);

  ret = g_test_run ();
  rapport_test_remove_tree (data_home);

  return ret;
}
