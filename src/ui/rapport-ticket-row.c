/* rapport-ticket-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ticket-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-ticket-row.h"

#include "rapport-clock.h"
#include "rapport-ui-util.h"

struct _RapportTicketRow
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkWidget     *box;
  AdwAvatar     *avatar;
  GtkLabel      *name_label;
  GtkLabel      *time_label;
  GtkLabel      *subject_label;
  GtkImage      *channel_icon;
  GtkLabel      *preview_label;
  GtkLabel      *status_label;

  /* owned */
  RapportTicket *ticket;
  gulong         notify_id;
  char          *status_class;
};

G_DEFINE_FINAL_TYPE (RapportTicketRow, rapport_ticket_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_status_class (RapportTicketRow *self,
                  const char       *css_class)
{
  if (g_strcmp0 (self->status_class, css_class) == 0)
    return;

  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  g_free (self->status_class);
  self->status_class = g_strdup (css_class);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
}

static void
sync_row (RapportTicketRow *self)
{
  RapportTicket *ticket = self->ticket;
  RapportTicketStatus status;
  g_autofree char *time_text = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *safe_name = NULL;
  g_autofree char *safe_subject = NULL;
  const char *name;
  const char *subject;

  if (ticket == NULL || !rapport_ticket_get_loaded (ticket))
    {
      /* A placeholder: keep the row's height, show nothing yet. An avatar without text
       * picks a random colour each time (reading /dev/urandom): only clear one that shows
       * a name. */
      const char *shown = adw_avatar_get_text (self->avatar);

      if (shown != NULL && *shown != '\0')
        adw_avatar_set_text (self->avatar, NULL);
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->time_label, "");
      gtk_label_set_text (self->subject_label, "");
      gtk_label_set_text (self->preview_label, "");
      gtk_label_set_text (self->status_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      gtk_image_clear (self->channel_icon);
      gtk_widget_add_css_class (GTK_WIDGET (self), "placeholder");
      rapport_ui_set_row_accessible_label (GTK_WIDGET (self), _("Loading ticket…"));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self), "placeholder");

  /* Names and subjects come from anyone: bidi-safe in the labels and the accessible name. */
  safe_name = rapport_ui_bidi_safe (rapport_ticket_get_customer_name (ticket));
  name = safe_name != NULL ? safe_name : _("Unknown customer");
  safe_subject = rapport_ui_bidi_safe (rapport_ticket_get_subject (ticket));
  subject = safe_subject != NULL ? safe_subject : _("(No subject)");
  status = rapport_ticket_get_status (ticket);
  time_text = rapport_ui_format_relative_time (rapport_ticket_get_updated_at (ticket),
                                               rapport_ui_now ());

  rapport_ui_set_avatar_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->subject_label, subject);
  gtk_label_set_text (self->time_label, time_text);
  gtk_label_set_text (self->preview_label,
                      rapport_ticket_get_last_message_preview (ticket) ?: "");
  gtk_label_set_text (self->status_label, rapport_ui_status_label (status));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  set_status_class (self, rapport_ui_status_css_class (status));
  rapport_ui_set_icon_name (self->channel_icon,
                            rapport_ui_channel_icon_name (rapport_ticket_get_channel (ticket)));
  rapport_ui_set_tooltip_text (GTK_WIDGET (self->channel_icon),
                               rapport_ui_channel_label (rapport_ticket_get_channel (ticket)));

  /* Translators: accessible label of a ticket in the list:
   * customer name, subject, status, relative time */
  accessible = g_strdup_printf (_("%s, %s, %s, %s"),
                                name, subject, rapport_ui_status_label (status), time_text);
  rapport_ui_set_row_accessible_label (GTK_WIDGET (self), accessible);
}

static void
on_ticket_notify_cb (RapportTicketRow *self,
                     GParamSpec       *pspec,
                     RapportTicket    *ticket)
{
  g_assert (RAPPORT_IS_TICKET_ROW (self));

  sync_row (self);
}

static void
on_clock_ticked_cb (RapportTicketRow *self)
{
  sync_row (self);
}

static void
rapport_ticket_row_dispose (GObject *object)
{
  RapportTicketRow *self = (RapportTicketRow *)object;

  rapport_ticket_row_set_ticket (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_TICKET_ROW);

  G_OBJECT_CLASS (rapport_ticket_row_parent_class)->dispose (object);
}

static void
rapport_ticket_row_finalize (GObject *object)
{
  RapportTicketRow *self = (RapportTicketRow *)object;

  g_free (self->status_class);

  G_OBJECT_CLASS (rapport_ticket_row_parent_class)->finalize (object);
}

static void
rapport_ticket_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportTicketRow *self = RAPPORT_TICKET_ROW (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RapportTicketRow *self = RAPPORT_TICKET_ROW (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      rapport_ticket_row_set_ticket (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_row_class_init (RapportTicketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_ticket_row_dispose;
  object_class->finalize = rapport_ticket_row_finalize;
  object_class->get_property = rapport_ticket_row_get_property;
  object_class->set_property = rapport_ticket_row_set_property;

  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         RAPPORT_TYPE_TICKET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-ticket-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTicketRow, box);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketRow, status_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ticketrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_ticket_row_init (RapportTicketRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);
  sync_row (self);
}

GtkWidget *
rapport_ticket_row_new (void)
{
  return g_object_new (RAPPORT_TYPE_TICKET_ROW, NULL);
}

RapportTicket *
rapport_ticket_row_get_ticket (RapportTicketRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_ROW (self), NULL);

  return self->ticket;
}

void
rapport_ticket_row_set_ticket (RapportTicketRow *self,
                               RapportTicket    *ticket)
{
  g_return_if_fail (RAPPORT_IS_TICKET_ROW (self));
  g_return_if_fail (!ticket || RAPPORT_IS_TICKET (ticket));

  if (self->ticket == ticket)
    return;

  if (self->ticket != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->ticket);
      g_clear_object (&self->ticket);
    }

  if (ticket != NULL)
    {
      self->ticket = g_object_ref (ticket);
      self->notify_id = g_signal_connect_object (ticket, "notify",
                                                 G_CALLBACK (on_ticket_notify_cb), self,
                                                 G_CONNECT_SWAPPED);
    }

  sync_row (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}
