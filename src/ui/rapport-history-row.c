/* rapport-history-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-history-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-history-row.h"

#include "rapport-clock.h"
#include "rapport-ui-util.h"

struct _RapportHistoryRow
{
  GtkListBoxRow        parent_instance;

  /* template widgets */
  GtkImage            *channel_icon;
  GtkLabel            *subject_label;
  GtkLabel            *date_label;
  GtkLabel            *status_label;
  GtkImage            *kind_icon;
  GtkLabel            *summary_label;

  /* owned */
  RapportHistoryEntry *entry;
};

G_DEFINE_FINAL_TYPE (RapportHistoryRow, rapport_history_row, GTK_TYPE_LIST_BOX_ROW)

static void
rapport_history_row_dispose (GObject *object)
{
  RapportHistoryRow *self = (RapportHistoryRow *)object;

  g_clear_object (&self->entry);

  G_OBJECT_CLASS (rapport_history_row_parent_class)->dispose (object);
}

static void
rapport_history_row_class_init (RapportHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_history_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, summary_label);
}

static void
rapport_history_row_init (RapportHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
sync_row (RapportHistoryRow *self)
{
  RapportHistoryEntry *entry = self->entry;
  RapportChannel channel = rapport_history_entry_get_channel (entry);
  RapportTicketStatus status = rapport_history_entry_get_ticket_status (entry);
  g_autofree char *date = NULL;
  g_autofree char *full_date = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *tooltip = NULL;
  const char *subject;
  const char *summary;
  const char *channel_label = rapport_ui_channel_label (channel);
  gint64 now = rapport_ui_now ();

  subject = rapport_history_entry_get_ticket_subject (entry);
  if (subject == NULL || *subject == '\0')
    subject = _("(No subject)");
  summary = rapport_history_entry_get_summary (entry);
  if (summary == NULL)
    summary = "";
  date = rapport_ui_format_relative_time (rapport_history_entry_get_created_at (entry), now);
  full_date = rapport_ui_format_message_time (rapport_history_entry_get_created_at (entry), now);

  rapport_ui_set_icon_name (self->channel_icon, rapport_ui_channel_icon_name (channel));
  gtk_widget_add_css_class (GTK_WIDGET (self->channel_icon),
                            rapport_channel_to_string (channel));
  gtk_label_set_text (self->subject_label, subject);
  gtk_label_set_text (self->date_label, date);
  rapport_ui_set_tooltip_text (GTK_WIDGET (self->date_label), full_date);
  gtk_label_set_text (self->status_label, rapport_ui_status_label (status));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), rapport_ui_status_css_class (status));
  gtk_label_set_text (self->summary_label, summary);

  if (rapport_history_entry_get_visibility (entry) == RAPPORT_VISIBILITY_INTERNAL)
    {
      rapport_ui_set_icon_name (self->kind_icon, "rapport-note-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->kind_icon), "note-icon");
      rapport_ui_set_tooltip_text (GTK_WIDGET (self->kind_icon),
                                   C_("message kind", "Internal note"));
      gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "internal");
    }
  else if (rapport_history_entry_get_direction (entry) == RAPPORT_DIRECTION_OUTBOUND)
    {
      rapport_ui_set_icon_name (self->kind_icon, "rapport-reply-symbolic");
      rapport_ui_set_tooltip_text (GTK_WIDGET (self->kind_icon), C_("message kind", "Reply"));
      gtk_widget_add_css_class (GTK_WIDGET (self->kind_icon), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), TRUE);
    }

  /* Translators: tooltip of a history entry: channel, author */
  tooltip = g_strdup_printf (_("%s, by %s"), channel_label,
                             rapport_history_entry_get_author_name (entry) ?: _("Unknown author"));
  rapport_ui_set_tooltip_text (GTK_WIDGET (self->channel_icon), tooltip);

  /* Translators: accessible label of a customer history entry:
   * channel, ticket subject, ticket status, date: summary */
  accessible = g_strdup_printf (_("%s, %s, %s, %s: %s"),
                                channel_label, subject, rapport_ui_status_label (status),
                                date, summary);
  rapport_ui_set_accessible_label (GTK_WIDGET (self), accessible);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "x",
                                    rapport_history_entry_get_ticket_id (entry));
}

static void
on_clock_ticked_cb (RapportHistoryRow *self)
{
  sync_row (self);
}

GtkWidget *
rapport_history_row_new (RapportHistoryEntry *entry)
{
  RapportHistoryRow *self;

  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (entry), NULL);

  self = g_object_new (RAPPORT_TYPE_HISTORY_ROW, NULL);
  self->entry = g_object_ref (entry);
  sync_row (self);
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

RapportHistoryEntry *
rapport_history_row_get_entry (RapportHistoryRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ROW (self), NULL);

  return self->entry;
}

void
rapport_history_row_set_current (RapportHistoryRow *self,
                                 gboolean           current)
{
  g_return_if_fail (RAPPORT_IS_HISTORY_ROW (self));

  if (current)
    gtk_widget_add_css_class (GTK_WIDGET (self), "current");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "current");
}
