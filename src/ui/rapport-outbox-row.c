/* rapport-outbox-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-outbox-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-outbox-row.h"

#include "rapport-provider.h"
#include "rapport-ui-util.h"

struct _RapportOutboxRow
{
  GtkListBoxRow    parent_instance;

  /* template widgets */
  GtkSpinner      *spinner;
  GtkImage        *icon;
  GtkLabel        *change_label;
  GtkLabel        *state_label;
  GtkWidget       *retry_button;
  GtkWidget       *discard_button;

  /* owned */
  RapportOutboxOp *op;
  char            *assignee_name;

  gboolean         online;
};

G_DEFINE_FINAL_TYPE (RapportOutboxRow, rapport_outbox_row, GTK_TYPE_LIST_BOX_ROW)

const char *
rapport_ui_outbox_failure_reason (const RapportOutboxOp *op)
{
  g_return_val_if_fail (op != NULL, NULL);

  /* error_code is -1 for an error outside the provider domain; the only one that fails an op
   * for good is a backend without a write side. */
  if (op->error_code < 0)
    return _("this helpdesk account cannot send changes");

  switch ((RapportProviderError) op->error_code)
    {
    case RAPPORT_PROVIDER_ERROR_NOT_FOUND:
      return _("the ticket was deleted on the helpdesk");
    case RAPPORT_PROVIDER_ERROR_FORBIDDEN:
      return _("your account has no right to do this");
    case RAPPORT_PROVIDER_ERROR_CONFLICT:
      return _("someone else changed the ticket in the meantime");
    case RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED:
      return _("the helpdesk asks you to sign in again");
    case RAPPORT_PROVIDER_ERROR_INVALID_INPUT:
    case RAPPORT_PROVIDER_ERROR_RATE_LIMITED:
    case RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE:
    case RAPPORT_PROVIDER_ERROR_NETWORK:
    case RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN:
    default:
      return _("the helpdesk rejected it");
    }
}

gboolean
rapport_ui_outbox_op_is_busy (const RapportOutboxOp *op,
                              gboolean               online,
                              gint64                 now_ms)
{
  g_return_val_if_fail (op != NULL, FALSE);

  switch (op->state)
    {
    case RAPPORT_OUTBOX_STATE_READY:
      return online && op->not_before <= now_ms;
    case RAPPORT_OUTBOX_STATE_IN_FLIGHT:
    case RAPPORT_OUTBOX_STATE_UNKNOWN:
      return TRUE;
    case RAPPORT_OUTBOX_STATE_HELD:
    case RAPPORT_OUTBOX_STATE_DONE:
    case RAPPORT_OUTBOX_STATE_FAILED:
    case RAPPORT_OUTBOX_STATE_CANCELLED:
    default:
      return FALSE;
    }
}

char *
rapport_ui_outbox_state_text (const RapportOutboxOp *op,
                              gboolean               online,
                              gint64                 now_ms)
{
  g_return_val_if_fail (op != NULL, NULL);

  switch (op->state)
    {
    case RAPPORT_OUTBOX_STATE_HELD:
      {
        gint64 left_ms = op->hold_until - now_ms;
        guint left_s;

        if (left_ms <= 0)
          return g_strdup (_("Sending…"));

        left_s = (guint) MIN ((left_ms + 999) / 1000, G_MAXUINT);
        /* Translators: the undo-send window of a reply or note; an Undo button follows */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending in %u s…",
                                             "Sending in %u s…", left_s), left_s);
      }

    case RAPPORT_OUTBOX_STATE_READY:
      if (!online)
        return g_strdup (_("Waiting to send (offline)"));
      if (op->not_before > now_ms)
        return g_strdup (_("Not sent yet, will retry shortly"));
      return g_strdup (_("Sending…"));

    case RAPPORT_OUTBOX_STATE_IN_FLIGHT:
      return g_strdup (_("Sending…"));

    case RAPPORT_OUTBOX_STATE_UNKNOWN:
      return g_strdup (_("Checking whether it was sent…"));

    case RAPPORT_OUTBOX_STATE_FAILED:
      /* Translators: %s says why, e.g. "the ticket was deleted on the helpdesk" */
      return g_strdup_printf (_("Not sent: %s"), rapport_ui_outbox_failure_reason (op));

    case RAPPORT_OUTBOX_STATE_DONE:
      return g_strdup (_("Sent"));

    case RAPPORT_OUTBOX_STATE_CANCELLED:
    default:
      return g_strdup (_("Discarded"));
    }
}

static const char *
priority_label (RapportTicketPriority priority)
{
  switch (priority)
    {
    case RAPPORT_TICKET_PRIORITY_LOW:
      return C_("ticket priority", "Low");
    case RAPPORT_TICKET_PRIORITY_HIGH:
      return C_("ticket priority", "High");
    case RAPPORT_TICKET_PRIORITY_URGENT:
      return C_("ticket priority", "Urgent");
    case RAPPORT_TICKET_PRIORITY_NORMAL:
    default:
      return C_("ticket priority", "Normal");
    }
}

static char *
describe_changes (const RapportTicketChanges *changes,
                  const char                 *assignee_name)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (changes == NULL)
    return g_strdup (_("Ticket update"));

  if (changes->fields & RAPPORT_TICKET_FIELD_STATUS)
    /* Translators: a queued change of a ticket, e.g. "Status → Solved" */
    g_ptr_array_add (parts, g_strdup_printf (_("Status → %s"),
                                             rapport_ui_status_label (changes->status)));

  if (changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
    {
      /* A name from the helpdesk: bidi-safe. */
      g_autofree char *who = rapport_ui_bidi_safe (assignee_name);

      if (who == NULL)
        who = rapport_ui_bidi_safe (changes->assignee_remote_id);
      /* Translators: a queued change of a ticket, e.g. "Assignee → Sam Rivera" */
      g_ptr_array_add (parts, g_strdup_printf (_("Assignee → %s"), who ?: _("nobody")));
    }

  if (changes->fields & RAPPORT_TICKET_FIELD_PRIORITY)
    /* Translators: a queued change of a ticket, e.g. "Priority → High" */
    g_ptr_array_add (parts, g_strdup_printf (_("Priority → %s"),
                                             priority_label (changes->priority)));

  if (parts->len == 0)
    return g_strdup (_("Ticket update"));

  g_ptr_array_add (parts, NULL);

  /* Translators: separates the queued changes of one ticket update */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static void
sync_row (RapportOutboxRow *self)
{
  const RapportOutboxOp *op = self->op;
  gint64 now_ms = g_get_real_time () / 1000;
  gboolean failed = op->state == RAPPORT_OUTBOX_STATE_FAILED;
  gboolean busy = rapport_ui_outbox_op_is_busy (op, self->online, now_ms);
  g_autofree char *change = describe_changes (op->changes, self->assignee_name);
  g_autofree char *state = rapport_ui_outbox_state_text (op, self->online, now_ms);
  g_autofree char *accessible = NULL;

  gtk_label_set_text (self->change_label, change);
  gtk_label_set_text (self->state_label, state);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), !busy);
  rapport_ui_set_icon_name (self->icon, failed ? "dialog-warning-symbolic"
                                               : "mail-send-symbolic");
  gtk_widget_set_visible (self->retry_button, failed);
  gtk_widget_set_visible (self->discard_button, failed);

  if (failed)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "failed");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }

  /* The target first: an action name without it would not match the action's parameter. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "x", op->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "conversation.retry-op");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->discard_button), "x", op->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->discard_button),
                                  "conversation.discard-op");

  /* Translators: accessible label of a queued ticket update: the change, its state */
  accessible = g_strdup_printf (_("%s · %s"), change, state);
  rapport_ui_set_accessible_label (GTK_WIDGET (self), accessible);
}

static void
rapport_outbox_row_finalize (GObject *object)
{
  RapportOutboxRow *self = (RapportOutboxRow *)object;

  g_clear_pointer (&self->op, rapport_outbox_op_free);
  g_free (self->assignee_name);

  G_OBJECT_CLASS (rapport_outbox_row_parent_class)->finalize (object);
}

static void
rapport_outbox_row_class_init (RapportOutboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rapport_outbox_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-outbox-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportOutboxRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportOutboxRow, icon);
  gtk_widget_class_bind_template_child (widget_class, RapportOutboxRow, change_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOutboxRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, RapportOutboxRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RapportOutboxRow, discard_button);
}

static void
rapport_outbox_row_init (RapportOutboxRow *self)
{
  self->online = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rapport_outbox_row_new (const RapportOutboxOp *op,
                        const char            *assignee_name)
{
  RapportOutboxRow *self;

  g_return_val_if_fail (op != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_OUTBOX_ROW, NULL);
  self->op = rapport_outbox_op_copy (op);
  self->assignee_name = g_strdup (assignee_name);
  sync_row (self);

  return GTK_WIDGET (self);
}

const RapportOutboxOp *
rapport_outbox_row_get_op (RapportOutboxRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_OUTBOX_ROW (self), NULL);

  return self->op;
}

void
rapport_outbox_row_set_online (RapportOutboxRow *self,
                               gboolean          online)
{
  g_return_if_fail (RAPPORT_IS_OUTBOX_ROW (self));

  online = !!online;
  if (self->online == online)
    return;

  self->online = online;
  sync_row (self);
}
