/* rapport-search-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-search-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-search-row.h"

#include "rapport-clock.h"
#include "rapport-pane-layout.h"
#include "rapport-ui-util.h"

struct _RapportSearchRow
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkWidget        *box;
  GtkImage         *channel_icon;
  GtkLabel         *subject_label;
  GtkLabel         *time_label;
  GtkLabel         *customer_label;
  GtkLabel         *status_label;
  GtkLabel         *snippet_label;

  /* owned */
  RapportSearchHit *hit;
  char             *status_class;
};

G_DEFINE_FINAL_TYPE (RapportSearchRow, rapport_search_row, GTK_TYPE_WIDGET)

static void
rapport_search_row_dispose (GObject *object)
{
  RapportSearchRow *self = (RapportSearchRow *)object;

  g_clear_object (&self->hit);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_SEARCH_ROW);

  G_OBJECT_CLASS (rapport_search_row_parent_class)->dispose (object);
}

static void
rapport_search_row_finalize (GObject *object)
{
  RapportSearchRow *self = (RapportSearchRow *)object;

  g_free (self->status_class);

  G_OBJECT_CLASS (rapport_search_row_parent_class)->finalize (object);
}

static void
rapport_search_row_class_init (RapportSearchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_search_row_dispose;
  object_class->finalize = rapport_search_row_finalize;

  g_type_ensure (RAPPORT_TYPE_PANE_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-search-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSearchRow, box);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchRow, customer_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchRow, snippet_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void on_clock_ticked_cb (RapportSearchRow *self);

static void
rapport_search_row_init (RapportSearchRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
rapport_search_row_new (void)
{
  return g_object_new (RAPPORT_TYPE_SEARCH_ROW, NULL);
}

RapportSearchHit *
rapport_search_row_get_hit (RapportSearchRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_ROW (self), NULL);

  return self->hit;
}

static void
sync_row (RapportSearchRow *self)
{
  RapportSearchHit *hit = self->hit;
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *accessible = NULL;
  RapportTicketStatus status;
  RapportChannel channel;
  g_autofree char *safe_subject = NULL;
  g_autofree char *safe_customer = NULL;
  const char *raw_subject;
  const char *subject;
  const char *customer;
  const char *snippet;

  if (hit == NULL)
    return;
  /* The subject and the customer's name come from anyone: bidi-safe. */
  raw_subject = rapport_search_hit_get_ticket_subject (hit);
  safe_subject = rapport_ui_bidi_safe (raw_subject);
  subject = safe_subject != NULL ? safe_subject : _("(No subject)");
  safe_customer = rapport_ui_bidi_safe (rapport_search_hit_get_customer_name (hit));
  customer = safe_customer != NULL ? safe_customer : _("Unknown customer");
  snippet = rapport_search_hit_get_snippet (hit);
  if (snippet == NULL)
    snippet = "";
  status = rapport_search_hit_get_ticket_status (hit);
  channel = rapport_search_hit_get_channel (hit);
  time_text = rapport_ui_format_relative_time (rapport_search_hit_get_created_at (hit),
                                               rapport_ui_now ());

  rapport_ui_set_icon_name (self->channel_icon, rapport_ui_channel_icon_name (channel));
  rapport_ui_set_tooltip_text (GTK_WIDGET (self->channel_icon), rapport_ui_channel_label (channel));
  gtk_label_set_text (self->subject_label, subject);
  gtk_label_set_text (self->customer_label, customer);
  gtk_label_set_text (self->time_label, time_text);
  gtk_label_set_text (self->status_label, rapport_ui_status_label (status));
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  g_free (self->status_class);
  self->status_class = g_strdup (rapport_ui_status_css_class (status));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), self->status_class);

  attrs = rapport_ui_highlight_attributes (snippet,
                                           rapport_search_hit_get_match_start (hit),
                                           rapport_search_hit_get_match_end (hit));
  if (rapport_search_hit_get_message_id (hit) == 0 && g_strcmp0 (snippet, raw_subject) == 0)
    {
      /* The subject matched: highlight it there instead of repeating it (the highlight's
       * offsets are the stored subject's: none when showing it safely changed it). */
      gtk_label_set_attributes (self->subject_label,
                                g_strcmp0 (subject, raw_subject) == 0 ? attrs : NULL);
      snippet = subject;
      gtk_label_set_text (self->snippet_label, "");
      gtk_label_set_attributes (self->snippet_label, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->snippet_label), FALSE);
    }
  else
    {
      gtk_label_set_attributes (self->subject_label, NULL);
      gtk_label_set_text (self->snippet_label, snippet);
      gtk_label_set_attributes (self->snippet_label, attrs);
      gtk_widget_set_visible (GTK_WIDGET (self->snippet_label), TRUE);
    }

  /* Translators: accessible label of a search result: ticket subject, customer name: snippet */
  accessible = g_strdup_printf (_("%s, %s: %s"), subject, customer, snippet);
  rapport_ui_set_row_accessible_label (GTK_WIDGET (self), accessible);
}

static void
on_clock_ticked_cb (RapportSearchRow *self)
{
  sync_row (self);
}

void
rapport_search_row_set_hit (RapportSearchRow *self,
                            RapportSearchHit *hit)
{
  g_return_if_fail (RAPPORT_IS_SEARCH_ROW (self));
  g_return_if_fail (!hit || RAPPORT_IS_SEARCH_HIT (hit));

  if (g_set_object (&self->hit, hit))
    sync_row (self);
}
