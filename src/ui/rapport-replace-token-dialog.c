/* rapport-replace-token-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-replace-token-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-replace-token-dialog.h"

#include "rapport-http.h"
#include "rapport-provider-registry.h"
#include "rapport-secrets.h"
#include "rapport-ui-util.h"

struct _RapportReplaceTokenDialog
{
  AdwWindow            parent_instance;

  /* template widgets */
  AdwPreferencesGroup *group;
  AdwPasswordEntryRow *token_row;
  GtkSpinner          *spinner;
  GtkLabel            *help_label;
  GtkLabel            *error_label;

  /* owned */
  RapportAccount      *account;
  GCancellable        *cancellable; /* the check or store in flight */

  /* borrowed */
  const RapportProviderBackend *backend;

  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (RapportReplaceTokenDialog, rapport_replace_token_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  TOKEN_REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Whether the row holds anything but white space, without copying it (it is the token). */
static gboolean
has_token (RapportReplaceTokenDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  return text[strspn (text, " \t\n\r\v\f")] != '\0';
}

static void
update_replace_action (RapportReplaceTokenDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "token.replace",
                                 self->backend != NULL && !self->busy && has_token (self));
}

static void
set_busy (RapportReplaceTokenDialog *self,
          gboolean                   busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;

  /* The row gives up the focus before it becomes insensitive (see the Add Account dialog). */
  if (busy)
    {
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->token_row)))
        gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_replace_action (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_problem (RapportReplaceTokenDialog *self,
              const char                *sentence)
{
  set_busy (self, FALSE);
  gtk_label_set_text (self->error_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}

static gboolean
is_closing (RapportReplaceTokenDialog *self)
{
  return self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable);
}

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RapportReplaceTokenDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  gboolean stored = FALSE;

  if (rapport_secrets_replace_token_finish (result, &stored, &error))
    stored = TRUE;

  /* Stored, even if the dialog is closing or an old copy stayed: the account opens again
   * with the keyring's token. */
  if (stored)
    g_signal_emit (self, signals[TOKEN_REPLACED], 0, self->account);

  if (is_closing (self))
    {
      /* Nobody is left to tell: the log says that a copy stayed. */
      if (error != NULL && stored)
        g_warning ("An old copy of the token of %s at %s stayed in the keyring: %s",
                   rapport_account_get_user_remote_id (self->account),
                   rapport_account_get_base_url (self->account), error->message);
      return;
    }

  if (error == NULL)
    {
      /* The entry's buffer wipes its text as it deletes it. */
      gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
      set_busy (self, FALSE);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  g_debug ("Could not %s of %s at %s in the keyring: %s",
           stored ? "delete an old copy of the token" : "store the new token",
           rapport_account_get_user_remote_id (self->account),
           rapport_account_get_base_url (self->account), error->message);
  g_dbus_error_strip_remote_error (error);
  if (stored)
    /* Translators: %s is the keyring's own explanation */
    sentence = g_strdup_printf (_("The new token is saved, but an old copy of the token "
                                  "could not be removed from the keyring (%s). Unlock the "
                                  "keyring that holds it, then replace the token again."),
                                error->message);
  else
    /* Translators: %s is the keyring's own explanation */
    sentence = g_strdup_printf (_("The new token works, but it could not be saved in the "
                                  "keyring (%s), so the account keeps its old token. Check "
                                  "that a keyring such as GNOME Keyring is running and "
                                  "unlocked, then try again."),
                                error->message);
  show_problem (self, sentence);
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RapportReplaceTokenDialog) self = user_data;
  g_autoptr(RapportAccount) checked = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  checked = rapport_provider_backend_check_connection_finish (self->backend, result, &error);
  if (checked == NULL)
    {
      if (!is_closing (self))
        show_problem (self, error->message);
      return;
    }

  if (is_closing (self))
    return;

  /* A token of someone else, or of another server, would sign this account in as them. */
  if (!rapport_account_same_remote (checked, self->account))
    {
      g_autofree char *sentence = NULL;
      g_autofree char *user = rapport_ui_bidi_safe (rapport_account_get_user_remote_id (checked));
      g_autofree char *own = rapport_ui_bidi_safe (rapport_account_get_user_remote_id (self->account));

      /* Translators: the first %s is the user the new token signs in as ("lee.agent"), the
       * second the account's own user ("sam.agent") */
      sentence = g_strdup_printf (_("This token signs in as “%s”, not as “%s”. Create the token "
                                    "while signed in as “%s”, or add the other user as an "
                                    "account of its own."),
                                  user != NULL ? user : "", own != NULL ? own : "",
                                  own != NULL ? own : "");
      show_problem (self, sentence);
      return;
    }

  /* libsecret copies the token before this call returns. */
  token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  rapport_secrets_replace_token_async (self->account, token, self->cancellable, on_stored_cb,
                                     g_object_ref (self));
  rapport_http_wipe_secret (&token);
}

static void
replace_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RapportReplaceTokenDialog *self = RAPPORT_REPLACE_TOKEN_DIALOG (widget);

  if (self->busy || self->backend == NULL || !has_token (self))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* The check copies the token and wipes its copy. */
  rapport_provider_backend_check_connection_async (self->backend,
                                                   rapport_account_get_base_url (self->account),
                                                   gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                                                   NULL, self->cancellable, on_checked_cb,
                                                   g_object_ref (self));
}

static void
on_token_row_changed_cb (RapportReplaceTokenDialog *self)
{
  update_replace_action (self);
}

static void
on_token_row_entry_activated_cb (RapportReplaceTokenDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "token.replace", NULL);
}

static gboolean
rapport_replace_token_dialog_close_request (GtkWindow *window)
{
  RapportReplaceTokenDialog *self = RAPPORT_REPLACE_TOKEN_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (rapport_replace_token_dialog_parent_class)->close_request (window);
}

static void
rapport_replace_token_dialog_dispose (GObject *object)
{
  RapportReplaceTokenDialog *self = RAPPORT_REPLACE_TOKEN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_REPLACE_TOKEN_DIALOG);

  G_OBJECT_CLASS (rapport_replace_token_dialog_parent_class)->dispose (object);
}

static void
rapport_replace_token_dialog_finalize (GObject *object)
{
  RapportReplaceTokenDialog *self = RAPPORT_REPLACE_TOKEN_DIALOG (object);

  g_clear_object (&self->account);

  G_OBJECT_CLASS (rapport_replace_token_dialog_parent_class)->finalize (object);
}

static void
rapport_replace_token_dialog_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  RapportReplaceTokenDialog *self = RAPPORT_REPLACE_TOKEN_DIALOG (object);

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
rapport_replace_token_dialog_class_init (RapportReplaceTokenDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rapport_replace_token_dialog_dispose;
  object_class->finalize = rapport_replace_token_dialog_finalize;
  object_class->get_property = rapport_replace_token_dialog_get_property;
  window_class->close_request = rapport_replace_token_dialog_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOKEN_REPLACED] =
    g_signal_new ("token-replaced",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, RAPPORT_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-replace-token-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportReplaceTokenDialog, group);
  gtk_widget_class_bind_template_child (widget_class, RapportReplaceTokenDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, RapportReplaceTokenDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportReplaceTokenDialog, help_label);
  gtk_widget_class_bind_template_child (widget_class, RapportReplaceTokenDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_token_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_token_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "token.replace", NULL, replace_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_replace_token_dialog_init (RapportReplaceTokenDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its buttons with a mnemonic read it twice otherwise ("_Replace Replace"). */
  rapport_ui_name_buttons_by_mnemonic (GTK_WIDGET (self));
  update_replace_action (self);
}

/**
 * rapport_replace_token_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 * @account: a stored account whose kind needs a token
 *
 * Returns: (transfer none): a new dialog; present it with gtk_window_present()
 */
GtkWidget *
rapport_replace_token_dialog_new (GtkWindow      *parent,
                                  RapportAccount *account)
{
  RapportReplaceTokenDialog *self;
  const char *help;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), NULL);

  self = g_object_new (RAPPORT_TYPE_REPLACE_TOKEN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->account = g_object_ref (account);
  self->backend = rapport_provider_registry_lookup (rapport_account_get_provider_kind (account),
                                                    NULL);
  g_return_val_if_fail (self->backend != NULL && self->backend->needs_token, GTK_WIDGET (self));

  /* Names from servers: bidi-safe. The group's description is plain text. */
  name = rapport_ui_bidi_safe (rapport_account_get_display_name (account));
  /* Translators: %1$s is an account ("Support"), %2$s its user on the helpdesk ("sam.agent") */
  description = g_strdup_printf (_("The API token of “%1$s” is replaced by a new one of %2$s, "
                                   "once the helpdesk accepts it. The old token is deleted from "
                                   "the keyring."),
                                 name != NULL ? name : "",
                                 rapport_account_get_user_remote_id (account));
  adw_preferences_group_set_description (self->group, description);

  help = rapport_provider_backend_get_token_help (self->backend);
  gtk_label_set_text (self->help_label, help != NULL ? help : "");
  gtk_widget_set_visible (GTK_WIDGET (self->help_label), help != NULL);
  update_replace_action (self);

  /* Typing starts in the row (the row hands the focus to its text). */
  gtk_widget_grab_focus (GTK_WIDGET (self->token_row));

  return GTK_WIDGET (self);
}

RapportAccount *
rapport_replace_token_dialog_get_account (RapportReplaceTokenDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_REPLACE_TOKEN_DIALOG (self), NULL);

  return self->account;
}

gboolean
rapport_replace_token_dialog_get_busy (RapportReplaceTokenDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_REPLACE_TOKEN_DIALOG (self), FALSE);

  return self->busy;
}
