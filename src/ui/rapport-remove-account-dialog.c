/* rapport-remove-account-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-remove-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-remove-account-dialog.h"

#include "rapport-provider-registry.h"
#include "rapport-ui-util.h"

/* What the removal loses, as paragraphs: what the agent must see before confirming. */
static char *
describe_losses (GPtrArray                    *accounts,
                 const RapportAccountContents *contents)
{
  RapportAccount *account = g_ptr_array_index (accounts, 0);
  const RapportProviderBackend *backend =
    rapport_provider_registry_lookup (rapport_account_get_provider_kind (account), NULL);
  gboolean demo = backend != NULL && (backend->capabilities & RAPPORT_PROVIDER_CAPABILITY_DEMO);
  GString *text = g_string_new (NULL);

  if (demo)
    g_string_append_printf (text,
                            /* Translators: %u is a number of tickets */
                            ngettext ("The demo workspace’s accounts and its %u made-up ticket "
                                      "are removed from this computer. “Explore the Demo "
                                      "Workspace” makes them again.",
                                      "The demo workspace’s accounts and its %u made-up "
                                      "tickets are removed from this computer. “Explore the "
                                      "Demo Workspace” makes them again.",
                                      contents->n_tickets),
                            contents->n_tickets);
  else
    g_string_append_printf (text,
                            /* Translators: %u is a number of tickets */
                            ngettext ("Its %u cached ticket is removed from this computer; it "
                                      "stays on the helpdesk.",
                                      "Its %u cached tickets are removed from this computer; "
                                      "they stay on the helpdesk.",
                                      contents->n_tickets),
                            contents->n_tickets);

  if (backend != NULL && backend->needs_token)
    g_string_append_printf (text, " %s", _("Its API token is deleted from the keyring."));

  if (contents->n_unsent_messages > 0)
    {
      g_string_append (text, "\n\n");
      g_string_append_printf (text,
                              /* Translators: %u is a number of replies and notes */
                              ngettext ("%u reply or note has not been sent yet: it will be "
                                        "lost.",
                                        "%u replies or notes have not been sent yet: they will "
                                        "be lost.",
                                        contents->n_unsent_messages),
                              contents->n_unsent_messages);
    }

  if (contents->n_unsent_changes > 0)
    {
      g_string_append (text, "\n\n");
      g_string_append_printf (text,
                              /* Translators: %u is a number of changes */
                              ngettext ("%u other change (a status, an assignment, a refund or "
                                        "credit, a decision) has not reached the helpdesk yet: "
                                        "it will be lost.",
                                        "%u other changes (statuses, assignments, refunds or "
                                        "credits, decisions) have not reached the helpdesk "
                                        "yet: they will be lost.",
                                        contents->n_unsent_changes),
                              contents->n_unsent_changes);
    }

  if (contents->n_drafts > 0)
    {
      g_string_append (text, "\n\n");
      g_string_append_printf (text,
                              /* Translators: %u is a number of drafts */
                              ngettext ("%u unfinished draft will be lost.",
                                        "%u unfinished drafts will be lost.",
                                        contents->n_drafts),
                              contents->n_drafts);
    }

  return g_string_free (text, FALSE);
}

/**
 * rapport_remove_account_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 * @accounts: (element-type RapportAccount): the accounts removed together, not empty
 * @contents: what they hold
 *
 * Returns: (transfer none): a new #AdwMessageDialog; present it with gtk_window_present()
 */
GtkWidget *
rapport_remove_account_dialog_new (GtkWindow                    *parent,
                                   GPtrArray                    *accounts,
                                   const RapportAccountContents *contents)
{
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (accounts != NULL && accounts->len > 0, NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  /* Names from servers: bidi-safe (the heading and body are plain text). */
  name = rapport_ui_bidi_safe (rapport_account_get_display_name (g_ptr_array_index (accounts, 0)));
  if (accounts->len > 1)
    /* Translators: %s is the first of the accounts removed together ("Demo workspace") */
    heading = g_strdup_printf (_("Remove “%s” and Its Other Accounts?"), name != NULL ? name : "");
  else
    /* Translators: %s is an account ("Support") */
    heading = g_strdup_printf (_("Remove “%s”?"), name != NULL ? name : "");
  body = describe_losses (accounts, contents);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    RAPPORT_REMOVE_ACCOUNT_RESPONSE, _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, RAPPORT_REMOVE_ACCOUNT_RESPONSE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Nothing is lost by Enter alone. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  /* Its response buttons read their mnemonic twice otherwise ("_Remove Remove"). */
  rapport_ui_name_buttons_by_mnemonic (GTK_WIDGET (dialog));

  return GTK_WIDGET (dialog);
}
