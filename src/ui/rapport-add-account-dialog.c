/* rapport-add-account-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-add-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-add-account-dialog.h"

#include "rapport-connection.h"
#include "rapport-http.h"
#include "rapport-provider-registry.h"
#include "rapport-secrets.h"
#include "rapport-ui-util.h"

struct _RapportAddAccountDialog
{
  AdwWindow            parent_instance;

  /* template widgets */
  AdwComboRow         *backend_row;
  AdwEntryRow         *url_row;
  AdwPasswordEntryRow *token_row;
  GtkSpinner          *spinner;
  GtkLabel            *help_label;
  GtkLabel            *error_label;

  /* owned */
  GPtrArray           *backends;    /* (element-type RapportProviderBackend): the kinds offered,
                                     * in the order of backend_row's items */
  GCancellable        *cancellable; /* the check or store in flight */
  RapportAccount      *account;     /* checked, its token being stored */

  /* borrowed */
  const RapportProviderBackend *checking; /* the backend whose check runs */

  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (RapportAddAccountDialog, rapport_add_account_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  ACCOUNT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Whether @text has anything but spaces, without copying it (it may be the token). */
static gboolean
has_content (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

/* The kind chosen in the backend row, or %NULL when none can be added. */
static const RapportProviderBackend *
get_backend (RapportAddAccountDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->backend_row);

  if (self->backends == NULL || selected >= self->backends->len)
    return NULL;
  return g_ptr_array_index (self->backends, selected);
}

static gboolean
needs_url (RapportAddAccountDialog *self)
{
  const RapportProviderBackend *backend = get_backend (self);

  return backend != NULL && backend->needs_url;
}

static gboolean
needs_token (RapportAddAccountDialog *self)
{
  const RapportProviderBackend *backend = get_backend (self);

  return backend != NULL && backend->needs_token;
}

static void
update_connect_action (RapportAddAccountDialog *self)
{
  gboolean filled = get_backend (self) != NULL &&
                    (!needs_url (self) ||
                     has_content (gtk_editable_get_text (GTK_EDITABLE (self->url_row)))) &&
                    (!needs_token (self) ||
                     has_content (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.connect", filled && !self->busy);
}

/* The fields and the help the chosen kind asks for. */
static void
on_backend_row_selected_cb (RapportAddAccountDialog *self)
{
  const RapportProviderBackend *backend = get_backend (self);
  const char *help = backend != NULL ? rapport_provider_backend_get_token_help (backend) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->url_row), needs_url (self));
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), needs_token (self));
  gtk_label_set_text (self->help_label, help != NULL ? help : "");
  gtk_widget_set_visible (GTK_WIDGET (self->help_label), help != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_connect_action (self);
}

static void
set_busy (RapportAddAccountDialog *self,
          gboolean                 busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;

  /* Take the focus out of the rows before they become insensitive, so their text gets its
   * focus-out (GTK 4.8 would otherwise leave the cursor blinking in an unfocused row). */
  if (busy)
    {
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

      if (focus != NULL &&
          (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->backend_row)) ||
           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->url_row)) ||
           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->token_row))))
        gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->backend_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_connect_action (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_problem (RapportAddAccountDialog *self,
              const char              *sentence,
              GtkWidget               *focus)
{
  set_busy (self, FALSE);
  gtk_label_set_text (self->error_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

/* Whether the dialog is closing: its operations were cancelled. (A keyring can also report
 * "cancelled" itself, when its unlock prompt is dismissed: that is shown like any failure.) */
static gboolean
is_closing (RapportAddAccountDialog *self)
{
  return self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable);
}

static void
on_orphan_cleared_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rapport_secrets_clear_token_finish (result, &error) && error != NULL)
    g_warning ("Could not remove the token of a cancelled account from the keyring: %s",
               error->message);
}

/* The account works (and its token, if any, is in the keyring): hand it over and close. */
static void
finish_adding (RapportAddAccountDialog *self,
               RapportAccount          *account)
{
  set_busy (self, FALSE);

  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RapportAddAccountDialog) self = user_data;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (!rapport_secrets_store_token_finish (result, &error))
    {
      g_autofree char *sentence = NULL;

      if (is_closing (self))
        return;

      g_debug ("Could not store the token of %s at %s in the keyring: %s",
               rapport_account_get_user_remote_id (self->account),
               rapport_account_get_base_url (self->account), error->message);
      g_dbus_error_strip_remote_error (error);
      /* Translators: %s is the keyring's own explanation */
      sentence = g_strdup_printf (_("The account works, but its token could not be saved in "
                                    "the keyring (%s), so the account was not added. Check "
                                    "that a keyring such as GNOME Keyring is running and "
                                    "unlocked, then connect again."),
                                  error->message);
      g_clear_object (&self->account);
      show_problem (self, sentence, GTK_WIDGET (self->token_row));
      return;
    }

  account = g_steal_pointer (&self->account);

  if (is_closing (self))
    {
      /* Cancelled after the keyring had the token: the account is not added, so neither is
       * its token. */
      rapport_secrets_clear_token_async (account, NULL, on_orphan_cleared_cb, NULL);
      return;
    }

  /* The token is in the keyring now; the entry's buffer wipes its text as it deletes it. */
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  finish_adding (self, account);
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RapportAddAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = NULL;

  self->account = rapport_provider_backend_check_connection_finish (self->checking, result,
                                                                    &error);
  if (self->account == NULL)
    {
      GtkWidget *focus;

      if (is_closing (self))
        return;

      switch (rapport_connection_problem_from_error (error))
        {
        case RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN:
        case RAPPORT_CONNECTION_PROBLEM_NO_RIGHTS:
          focus = GTK_WIDGET (self->token_row);
          break;
        case RAPPORT_CONNECTION_PROBLEM_INVALID_URL:
        case RAPPORT_CONNECTION_PROBLEM_UNREACHABLE:
        case RAPPORT_CONNECTION_PROBLEM_TLS:
        case RAPPORT_CONNECTION_PROBLEM_NOT_RT:
          focus = GTK_WIDGET (self->url_row);
          break;
        case RAPPORT_CONNECTION_PROBLEM_NONE:
        case RAPPORT_CONNECTION_PROBLEM_OTHER:
        default:
          focus = NULL;
          break;
        }

      show_problem (self, error->message, focus);
      return;
    }

  if (!self->checking->needs_token)
    {
      g_autoptr(RapportAccount) account = g_steal_pointer (&self->account);

      if (!is_closing (self))
        finish_adding (self, account);
      return;
    }

  /* libsecret copies the token before this call returns. */
  token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  rapport_secrets_store_token_async (self->account, token, self->cancellable, on_stored_cb,
                                     g_object_ref (self));
  rapport_http_wipe_secret (&token);
}

static void
connect_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RapportAddAccountDialog *self = RAPPORT_ADD_ACCOUNT_DIALOG (widget);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  if (self->busy || get_backend (self) == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* The chosen kind's check; it copies the token and wipes its copy. */
  self->checking = get_backend (self);
  rapport_provider_backend_check_connection_async (self->checking, url, token, NULL,
                                                   self->cancellable, on_checked_cb,
                                                   g_object_ref (self));
}

static void
on_row_changed_cb (RapportAddAccountDialog *self)
{
  update_connect_action (self);
}

static void
on_url_row_entry_activated_cb (RapportAddAccountDialog *self)
{
  if (needs_token (self) &&
      !has_content (gtk_editable_get_text (GTK_EDITABLE (self->token_row))))
    gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "account.connect", NULL);
}

static void
on_token_row_entry_activated_cb (RapportAddAccountDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "account.connect", NULL);
}

/* Cancel and Escape: a check or store in flight ends now (its callback holds the dialog). */
static gboolean
rapport_add_account_dialog_close_request (GtkWindow *window)
{
  RapportAddAccountDialog *self = RAPPORT_ADD_ACCOUNT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (rapport_add_account_dialog_parent_class)->close_request (window);
}

static void
rapport_add_account_dialog_dispose (GObject *object)
{
  RapportAddAccountDialog *self = RAPPORT_ADD_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->backends, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ADD_ACCOUNT_DIALOG);

  G_OBJECT_CLASS (rapport_add_account_dialog_parent_class)->dispose (object);
}

static void
rapport_add_account_dialog_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  RapportAddAccountDialog *self = RAPPORT_ADD_ACCOUNT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_add_account_dialog_class_init (RapportAddAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rapport_add_account_dialog_dispose;
  object_class->get_property = rapport_add_account_dialog_get_property;
  window_class->close_request = rapport_add_account_dialog_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, RAPPORT_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-add-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAddAccountDialog, backend_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAddAccountDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAddAccountDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAddAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportAddAccountDialog, help_label);
  gtk_widget_class_bind_template_child (widget_class, RapportAddAccountDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_backend_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_token_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "account.connect", NULL, connect_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_add_account_dialog_init (RapportAddAccountDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_name_buttons_by_mnemonic (GTK_WIDGET (self));

  /* The kinds a person can add, by their names; the first is chosen. */
  self->backends = rapport_provider_registry_list_addable ();
  for (guint i = 0; i < self->backends->len; i++)
    gtk_string_list_append (names,
                            rapport_provider_backend_get_display_name (self->backends->pdata[i]));
  adw_combo_row_set_model (self->backend_row, G_LIST_MODEL (names));
  on_backend_row_selected_cb (self);

  /* Typing starts in the address row: the row hands the focus to its text (an entry row
   * itself cannot hold it, so gtk_window_set_focus() on it would leave it elsewhere). */
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

/**
 * rapport_add_account_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 *
 * Returns: (transfer none): a new dialog; present it with gtk_window_present()
 */
GtkWidget *
rapport_add_account_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (RAPPORT_TYPE_ADD_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       NULL);
}

gboolean
rapport_add_account_dialog_get_busy (RapportAddAccountDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_ADD_ACCOUNT_DIALOG (self), FALSE);

  return self->busy;
}
