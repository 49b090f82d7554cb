/* test-add-account-dialog.c
 *
 * The "Add Account" dialog against a loopback fake Request Tracker (tests/providers/rt/
 * rapport-fake-rt.c) and the session's keyring: tools/test runs the ui suite in a private
 * D-Bus session with an unlocked throwaway gnome-keyring. Without a reachable keyring the
 * success test fails (it never skips).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-add-account-dialog"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rapport-add-account-dialog.h"
#include "rapport-demo-provider.h"
#include "rapport-fake-rt.h"
#include "rapport-provider-registry.h"
#include "rapport-secrets.h"
#include "rapport-test-hooks.h"
#include "rapport-ui-test-util.h"

#define TOKEN RAPPORT_FAKE_RT_TOKEN
#define KEYRING_FAILURE_TEST "/rapport/ui/add-account/keyring-failure"
#define NO_BUS "unix:path=/nonexistent/rapport-test-no-session-bus"
#define BAD_TOKEN_SENTENCE \
  "Request Tracker did not accept the token. Check that you copied all of it and that it has " \
  "not been revoked."

typedef struct
{
  RapportAddAccountDialog *dialog;  /* weak: the dialog destroys itself when it closes */
  AdwComboRow             *backend_row;
  AdwEntryRow             *url_row;
  AdwPasswordEntryRow     *token_row;
  GtkButton               *connect_button;
  GtkButton               *cancel_button;
  GtkSpinner              *spinner;
  GtkLabel                *error_label;
  GtkLabel                *help_label;
  RapportAccount          *added;
  guint                    n_added;
} Dialog;

static void
on_account_added_cb (RapportAddAccountDialog *dialog,
                     RapportAccount          *account,
                     gpointer                 user_data)
{
  Dialog *d = user_data;

  g_assert_true (RAPPORT_IS_ACCOUNT (account));
  g_set_object (&d->added, account);
  d->n_added++;
}

static gpointer
find_first (GtkWidget *root,
            GType      type)
{
  g_autoptr(GPtrArray) widgets = rapport_test_find_widgets (root, type);

  g_assert_cmpuint (widgets->len, >, 0);
  return widgets->pdata[0];
}

static GtkButton *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];
  g_error ("No button “%s”", label);
}

/* The dialog's widgets, found as a person would: by type and by text. */
static void
dialog_open (Dialog *d)
{
  GtkWidget *root;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  memset (d, 0, sizeof *d);
  root = rapport_add_account_dialog_new (NULL);
  d->dialog = RAPPORT_ADD_ACCOUNT_DIALOG (root);
  g_object_add_weak_pointer (G_OBJECT (root), (gpointer *) &d->dialog);
  g_signal_connect (root, "account-added", G_CALLBACK (on_account_added_cb), d);

  d->backend_row = find_first (root, ADW_TYPE_COMBO_ROW);
  d->token_row = find_first (root, ADW_TYPE_PASSWORD_ENTRY_ROW);
  entries = rapport_test_find_widgets (root, ADW_TYPE_ENTRY_ROW);
  g_assert_cmpuint (entries->len, ==, 2);
  d->url_row = entries->pdata[0] == (gpointer) d->token_row ? entries->pdata[1] : entries->pdata[0];
  d->connect_button = find_button (root, "C_onnect");
  d->cancel_button = find_button (root, "_Cancel");
  d->spinner = find_first (root, GTK_TYPE_SPINNER);

  labels = rapport_test_find_widgets (root, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = labels->pdata[i];

      if (gtk_widget_has_css_class (label, "error"))
        d->error_label = GTK_LABEL (label);
    }
  d->help_label = rapport_test_find_label_with_prefix (root, "Create a token in Request Tracker");
  g_assert_nonnull (d->error_label);
  g_assert_nonnull (d->help_label);

  gtk_window_present (GTK_WINDOW (root));
  rapport_test_wait_for_frame (root);
}

static void
dialog_fill (Dialog     *d,
             const char *url,
             const char *token)
{
  gtk_editable_set_text (GTK_EDITABLE (d->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (d->token_row), token);
}

static gboolean
connect_enabled (Dialog *d)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (d->connect_button));
}

static gboolean
is_idle (gpointer user_data)
{
  Dialog *d = user_data;

  return d->dialog == NULL || !rapport_add_account_dialog_get_busy (d->dialog);
}

static gboolean
is_gone (gpointer user_data)
{
  Dialog *d = user_data;

  return d->dialog == NULL;
}

/* Presses Connect and checks the dialog's state while the check runs. */
static void
press_connect (Dialog *d)
{
  g_assert_true (connect_enabled (d));
  g_signal_emit_by_name (d->connect_button, "clicked");

  g_assert_true (rapport_add_account_dialog_get_busy (d->dialog));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (d->url_row)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (d->token_row)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (d->backend_row)));
  g_assert_false (connect_enabled (d));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d->spinner)));
  g_assert_true (gtk_spinner_get_spinning (d->spinner));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d->error_label)));
}

static void
dialog_close (Dialog *d)
{
  if (d->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (d->dialog));
  rapport_test_wait_until (is_gone, d, 10000, "the dialog to be finalized");
  g_clear_object (&d->added);
}

/* The token stored for (rt, @url, @user), straight from libsecret with the documented schema
 * and attributes, or NULL. A keyring that cannot be reached fails the test. */
static char *
keyring_lookup (const char *url,
                const char *user)
{
  g_autoptr(GError) error = NULL;
  char *token;

  token = secret_password_lookup_sync (rapport_secrets_get_schema (), NULL, &error,
                                       "kind", "rt", "url", url, "user", user, NULL);
  g_assert_no_error (error);
  return token;
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

/* ------------------------------------------------------------------------------------ */

static void
test_new_destroy (void)
{
  Dialog d;

  dialog_open (&d);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (d.dialog)), ==, "Add Account");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (d.dialog)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (d.url_row)), ==,
                   "_Server Address");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (d.token_row)), ==,
                   "API _Token");
  g_assert_cmpuint (adw_combo_row_get_selected (d.backend_row), ==, 0);
  g_assert_cmpstr (gtk_string_object_get_string (
                     GTK_STRING_OBJECT (adw_combo_row_get_selected_item (d.backend_row))),
                   ==, "Request Tracker");
  g_assert_nonnull (strstr (gtk_label_get_text (d.help_label),
                            "Logged in as → Settings → Auth Tokens"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (d.connect_button), "suggested-action"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d.error_label)));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (d.error_label)), ==,
                   GTK_ACCESSIBLE_ROLE_ALERT);

  /* Typing starts in the address row. */
  g_assert_nonnull (gtk_window_get_focus (GTK_WINDOW (d.dialog)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (d.dialog)),
                                         GTK_WIDGET (d.url_row)));

  /* Connect only when both fields hold something. */
  g_assert_false (connect_enabled (&d));
  gtk_editable_set_text (GTK_EDITABLE (d.url_row), "https://rt.example.com");
  g_assert_false (connect_enabled (&d));
  gtk_editable_set_text (GTK_EDITABLE (d.token_row), "   ");
  g_assert_false (connect_enabled (&d));
  gtk_editable_set_text (GTK_EDITABLE (d.token_row), TOKEN);
  g_assert_true (connect_enabled (&d));
  gtk_editable_set_text (GTK_EDITABLE (d.url_row), "");
  g_assert_false (connect_enabled (&d));

  /* Enter in the address row with no token moves on to the token row; nothing starts. */
  gtk_editable_set_text (GTK_EDITABLE (d.url_row), "https://rt.example.com");
  gtk_editable_set_text (GTK_EDITABLE (d.token_row), "");
  g_signal_emit_by_name (d.url_row, "entry-activated");
  g_assert_false (rapport_add_account_dialog_get_busy (d.dialog));

  /* Escape closes it. */
  rapport_test_activate_shortcut (GTK_WIDGET (d.dialog), GDK_KEY_Escape, 0);
  rapport_test_wait_until (is_gone, &d, 10000, "Escape to close the dialog");
  g_assert_cmpuint (d.n_added, ==, 0);
}

static void
test_bad_token (void)
{
  g_autoptr(RapportFakeRt) rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_BAD_TOKEN, FALSE);
  g_autofree char *url = rapport_fake_rt_get_url (rt);
  char *stored;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  Dialog d;

  dialog_open (&d);
  dialog_fill (&d, url, TOKEN);
  press_connect (&d);
  rapport_test_wait_until (is_idle, &d, 30000, "the connection check");

  /* The problem, under the fields, in the check's words; the rows can be edited again. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d.error_label)));
  g_assert_cmpstr (gtk_label_get_text (d.error_label), ==, BAD_TOKEN_SENTENCE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (d.error_label), "error"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (d.url_row)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (d.token_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d.spinner)));
  g_assert_true (connect_enabled (&d));
  g_assert_cmpuint (d.n_added, ==, 0);
  g_assert_nonnull (d.dialog);

  /* Nothing reached the keyring. */
  stored = keyring_lookup (url, "sam.agent");
  g_assert_null (stored);
  rapport_secrets_token_free (stored);

  /* The error state, as a picture (the screenshot in the report). */
  path = g_build_filename (UI_TEST_BUILDDIR, "add-account-error.png", NULL);
  for (guint tries = 0; ; tries++)
    {
      rapport_test_wait_for_frame (GTK_WIDGET (d.dialog));
      if (rapport_widget_save_png (GTK_WIDGET (d.dialog), path, &error))
        break;
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
      g_assert_cmpuint (tries, <, 10);
      g_clear_error (&error);
    }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("%s: %" G_GINT64_FORMAT " bytes", path, (gint64) st.st_size);

  /* Enter in the token row tries again: the same answer, the label hidden meanwhile. */
  g_signal_emit_by_name (d.token_row, "entry-activated");
  g_assert_true (rapport_add_account_dialog_get_busy (d.dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d.error_label)));
  rapport_test_wait_until (is_idle, &d, 30000, "the second connection check");
  g_assert_cmpstr (gtk_label_get_text (d.error_label), ==, BAD_TOKEN_SENTENCE);

  /* Two probes without the token, two refusals of the token. */
  {
    g_autoptr(GPtrArray) requests = rapport_fake_rt_get_requests (rt);

    g_assert_cmpuint (requests->len, ==, 4);
  }

  dialog_close (&d);
}

static void
test_success (void)
{
  g_autoptr(RapportFakeRt) rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_OK, FALSE);
  g_autofree char *url = rapport_fake_rt_get_url (rt);
  char *stored;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;
  Dialog d;

  dialog_open (&d);
  /* As typed: spaces around the token. */
  dialog_fill (&d, url, " " TOKEN " ");
  press_connect (&d);
  rapport_test_wait_until (is_gone, &d, 30000,
                           "the dialog to add the account and close (is the keyring reachable?)");

  g_assert_cmpuint (d.n_added, ==, 1);
  g_assert_nonnull (d.added);
  g_assert_cmpint (rapport_account_get_id (d.added), ==, 0);
  g_assert_cmpstr (rapport_account_get_provider_kind (d.added), ==, "rt");
  g_assert_cmpstr (rapport_account_get_base_url (d.added), ==, url);
  g_assert_cmpstr (rapport_account_get_user_remote_id (d.added), ==, "sam.agent");
  g_assert_cmpstr (rapport_account_get_user_name (d.added), ==, "Sam Rivera");
  g_assert_cmpstr (rapport_account_get_role (d.added), ==, "agent");

  /* In the keyring under the documented attributes, without the spaces … */
  stored = keyring_lookup (url, "sam.agent");
  g_assert_cmpstr (stored, ==, TOKEN);
  rapport_secrets_token_free (stored);

  /* … and found again through the account. */
  rapport_secrets_lookup_token_async (d.added, NULL, on_result_cb, &result);
  rapport_test_wait_until (has_result, &result, 10000, "the token lookup");
  token = rapport_secrets_lookup_token_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN);
  rapport_secrets_token_free (token);
  g_clear_object (&result);

  /* Clearing removes it, once. */
  rapport_secrets_clear_token_async (d.added, NULL, on_result_cb, &result);
  rapport_test_wait_until (has_result, &result, 10000, "the token to be cleared");
  g_assert_true (rapport_secrets_clear_token_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  rapport_secrets_clear_token_async (d.added, NULL, on_result_cb, &result);
  rapport_test_wait_until (has_result, &result, 10000, "the token to be cleared again");
  g_assert_false (rapport_secrets_clear_token_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  rapport_secrets_lookup_token_async (d.added, NULL, on_result_cb, &result);
  rapport_test_wait_until (has_result, &result, 10000, "the token lookup");
  token = rapport_secrets_lookup_token_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_clear_object (&result);

  /* An account without a base URL (the demo) has no token. */
  {
    g_autoptr(RapportAccount) demo = rapport_account_new ("demo", NULL, "Demo");

    rapport_secrets_lookup_token_async (demo, NULL, on_result_cb, &result);
    rapport_test_wait_until (has_result, &result, 10000, "the demo token lookup");
    token = rapport_secrets_lookup_token_finish (result, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_null (token);
    g_clear_error (&error);
    g_clear_object (&result);
  }

  dialog_close (&d);
}

static void
test_keyring_failure_child (void)
{
  g_autoptr(RapportFakeRt) rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_OK, FALSE);
  g_autofree char *url = rapport_fake_rt_get_url (rt);
  Dialog d;

  /* main() cut this process off the session bus before GTK started: there is no keyring. */
  g_assert_cmpstr (g_getenv ("DBUS_SESSION_BUS_ADDRESS"), ==, NO_BUS);

  dialog_open (&d);
  dialog_fill (&d, url, TOKEN);
  press_connect (&d);
  rapport_test_wait_until (is_idle, &d, 30000, "the check and the store");

  g_assert_nonnull (d.dialog);
  g_assert_cmpuint (d.n_added, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d.error_label)));
  g_test_message ("%s", gtk_label_get_text (d.error_label));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (d.error_label),
                                   "The account works, but its token could not be saved in the "
                                   "keyring ("));
  g_assert_nonnull (strstr (gtk_label_get_text (d.error_label), "so the account was not added"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (d.token_row)));
  g_assert_true (connect_enabled (&d));

  dialog_close (&d);
}

/* The same test again in a child process without a session bus. */
static void
test_keyring_failure (void)
{
  if (g_test_subprocess ())
    {
      test_keyring_failure_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_cancel (void)
{
  g_autoptr(RapportFakeRt) rt = rapport_fake_rt_new (RAPPORT_FAKE_RT_STALL, FALSE);
  g_autofree char *url = rapport_fake_rt_get_url (rt);
  Dialog d;

  dialog_open (&d);
  dialog_fill (&d, url, TOKEN);
  press_connect (&d);

  /* Cancel while the server keeps the check waiting: the dialog closes at once, adds nothing. */
  g_signal_emit_by_name (d.cancel_button, "clicked");
  rapport_test_wait_until (is_gone, &d, 10000, "Cancel to close the dialog");
  g_assert_cmpuint (d.n_added, ==, 0);
}

/* A second kind a person can add, registered by the last test: an address, no token. */
static guint n_desk_checks;

static void
desk_check_async (const char          *base_url,
                  const char          *token,
                  SoupSession         *session,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RapportAccount *account = rapport_account_new ("test-desk", base_url, "Test Desk");

  n_desk_checks++;
  g_assert_null (token);
  rapport_account_set_user_remote_id (account, "desk.agent");
  g_task_return_pointer (task, account, g_object_unref);
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
  return g_strdup ("Test Desk");
}

static RapportProvider *
desk_new_provider (RapportAccount  *account,
                   const char      *token,
                   GError         **error)
{
  return rapport_demo_provider_new (1, 1, 0);
}

static const RapportProviderBackend desk_backend = {
  .kind = "test-desk",
  .display_name = "Test Desk",
  .token_help = NULL,
  .capabilities = RAPPORT_PROVIDER_CAPABILITY_WRITES,
  .needs_url = TRUE,
  .needs_token = FALSE,
  .user_addable = TRUE,
  .check_connection_async = desk_check_async,
  .check_connection_finish = desk_check_finish,
  .describe_account = desk_describe_account,
  .new_provider = desk_new_provider,
};

static void
test_choose_kind (void)
{
  Dialog d;
  GListModel *kinds;

  rapport_provider_registry_register (&desk_backend);
  dialog_open (&d);

  /* Every kind a person can add, by name; Request Tracker first and chosen. */
  kinds = adw_combo_row_get_model (d.backend_row);
  g_assert_cmpuint (g_list_model_get_n_items (kinds), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (kinds), 0), ==,
                   "Request Tracker");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (kinds), 1), ==, "Test Desk");
  g_assert_cmpuint (adw_combo_row_get_selected (d.backend_row), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d.token_row)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d.help_label)));

  /* A kind without a token: no token row, no token help; the address is enough. */
  adw_combo_row_set_selected (d.backend_row, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d.url_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d.token_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d.help_label)));
  g_assert_false (connect_enabled (&d));
  gtk_editable_set_text (GTK_EDITABLE (d.url_row), "https://desk.example");
  g_assert_true (connect_enabled (&d));

  /* Back to Request Tracker: its rows and help again, and the token is needed again. */
  adw_combo_row_set_selected (d.backend_row, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d.token_row)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (d.help_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (d.help_label), "Auth Tokens"));
  g_assert_false (connect_enabled (&d));

  /* Connect runs the chosen kind's check and adds its account, without the keyring. */
  adw_combo_row_set_selected (d.backend_row, 1);
  press_connect (&d);
  rapport_test_wait_until (is_gone, &d, 10000, "the dialog to add the account and close");
  g_assert_cmpuint (n_desk_checks, ==, 1);
  g_assert_cmpuint (d.n_added, ==, 1);
  g_assert_cmpstr (rapport_account_get_provider_kind (d.added), ==, "test-desk");
  g_assert_cmpstr (rapport_account_get_base_url (d.added), ==, "https://desk.example");

  dialog_close (&d);
}

/* Whether this process is the child of the keyring failure test (GLib runs it as
 * "… -p PATH … --GTestSubprocess …"). Known before GTK starts: libadwaita connects to the
 * session bus as soon as it is initialised, and that connection would stay. */
static gboolean
is_keyring_failure_child (int    argc,
                          char **argv)
{
  gboolean subprocess = FALSE;
  gboolean path = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--GTestSubprocess") == 0)
        subprocess = TRUE;
      else if (strcmp (argv[i], KEYRING_FAILURE_TEST) == 0)
        path = TRUE;
    }
  return subprocess && path;
}

int
main (int   argc,
      char *argv[])
{
  if (is_keyring_failure_child (argc, argv))
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", NO_BUS, TRUE);

  /* The loopback server must be reached directly, whatever proxy the machine has. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/add-account/new-destroy", test_new_destroy);
  g_test_add_func ("/rapport/ui/add-account/bad-token", test_bad_token);
  g_test_add_func ("/rapport/ui/add-account/success", test_success);
  g_test_add_func (KEYRING_FAILURE_TEST, test_keyring_failure);
  g_test_add_func ("/rapport/ui/add-account/cancel", test_cancel);
  /* Last: it registers a kind in the process's registry. */
  g_test_add_func ("/rapport/ui/add-account/choose-kind", test_choose_kind);

  return g_test_run ();
}
