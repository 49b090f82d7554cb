/* rapport-history-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-history-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-history-row.h"

#include "rapport-clock.h"
#include "rapport-pane-layout.h"
#include "rapport-text.h"
#include "rapport-ui-util.h"

struct _RapportHistoryRow
{
  GtkWidget            parent_instance;

  /* template widgets */
  GtkImage            *channel_icon;
  GtkLabel            *subject_label;
  GtkLabel            *date_label;
  GtkLabel            *status_label;
  GtkImage            *kind_icon;
  GtkLabel            *summary_label;

  /* owned */
  RapportHistoryEntry *entry;
  RapportHistoryItem  *item;        /* followed for its entry, while bound to it */

  /* the style classes of the entry shown (static strings), taken off for the next one */
  const char          *channel_class;
  const char          *status_class;
  const char          *kind_class;
};

G_DEFINE_FINAL_TYPE (RapportHistoryRow, rapport_history_row, GTK_TYPE_WIDGET)

static void
rapport_history_row_dispose (GObject *object)
{
  RapportHistoryRow *self = (RapportHistoryRow *)object;
  GtkWidget *child;

  rapport_history_row_set_item (self, NULL);
  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_HISTORY_ROW);
  /* The template's box is not one of its bound children. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rapport_history_row_parent_class)->dispose (object);
}

static void
rapport_history_row_class_init (RapportHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_history_row_dispose;

  g_type_ensure (RAPPORT_TYPE_PANE_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportHistoryRow, summary_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "historyrow");
  /* A group, as the ticket and message rows: it carries the entry's name, and GTK 4.14 and
   * later give no name to a widget of the generic role. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
swap_class (GtkWidget   *widget,
            const char **shown,
            const char  *wanted)
{
  if (g_strcmp0 (*shown, wanted) == 0)
    return;

  if (*shown != NULL)
    gtk_widget_remove_css_class (widget, *shown);
  if (wanted != NULL)
    gtk_widget_add_css_class (widget, wanted);
  *shown = wanted;
}

/* @text, cut at @max_chars characters with "…" (transfer full). */
static char *
bounded (const char *text,
         glong       max_chars)
{
  g_autofree char *head = NULL;
  const char *end = text;

  for (glong i = 0; i < max_chars - 1 && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  /* The last character fits where "…" would go. */
  if (*end == '\0' || *g_utf8_next_char (end) == '\0')
    return g_strdup (text);

  head = g_strndup (text, end - text);

  return g_strconcat (head, "…", NULL);
}

static void
sync_row (RapportHistoryRow *self)
{
  RapportHistoryEntry *entry = self->entry;
  RapportChannel channel;
  RapportTicketStatus status;
  g_autofree char *date = NULL;
  g_autofree char *full_date = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *short_subject = NULL;
  g_autofree char *safe_subject = NULL;
  g_autofree char *author = NULL;
  const char *subject;
  const char *summary;
  const char *channel_label;
  gint64 now = rapport_ui_now ();

  if (entry == NULL)
    return;

  channel = rapport_history_entry_get_channel (entry);
  status = rapport_history_entry_get_ticket_status (entry);
  channel_label = rapport_ui_channel_label (channel);
  /* The subject and the author's name come from anyone: bidi-safe wherever they are shown. */
  safe_subject = rapport_ui_bidi_safe (rapport_history_entry_get_ticket_subject (entry));
  subject = safe_subject != NULL ? safe_subject : _("(No subject)");
  summary = rapport_history_entry_get_summary (entry);
  if (summary == NULL)
    summary = "";
  date = rapport_ui_format_relative_time (rapport_history_entry_get_created_at (entry), now);
  full_date = rapport_ui_format_message_time (rapport_history_entry_get_created_at (entry), now);

  rapport_ui_set_icon_name (self->channel_icon, rapport_ui_channel_icon_name (channel));
  swap_class (GTK_WIDGET (self->channel_icon), &self->channel_class,
              rapport_channel_to_string (channel));
  gtk_label_set_text (self->subject_label, subject);
  gtk_label_set_text (self->date_label, date);
  rapport_ui_set_tooltip_text (GTK_WIDGET (self->date_label), full_date);
  gtk_label_set_text (self->status_label, rapport_ui_status_label (status));
  swap_class (GTK_WIDGET (self->status_label), &self->status_class,
              rapport_ui_status_css_class (status));
  gtk_label_set_text (self->summary_label, summary);

  if (rapport_history_entry_get_visibility (entry) == RAPPORT_VISIBILITY_INTERNAL)
    {
      rapport_ui_set_icon_name (self->kind_icon, "rapport-note-symbolic");
      swap_class (GTK_WIDGET (self->kind_icon), &self->kind_class, "note-icon");
      rapport_ui_set_tooltip_text (GTK_WIDGET (self->kind_icon),
                                   C_("message kind", "Internal note"));
      gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "internal");
    }
  else if (rapport_history_entry_get_direction (entry) == RAPPORT_DIRECTION_OUTBOUND)
    {
      rapport_ui_set_icon_name (self->kind_icon, "rapport-reply-symbolic");
      rapport_ui_set_tooltip_text (GTK_WIDGET (self->kind_icon), C_("message kind", "Reply"));
      swap_class (GTK_WIDGET (self->kind_icon), &self->kind_class, "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), TRUE);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "internal");
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "internal");
    }

  /* Translators: tooltip of a history entry: channel, author */
  author = rapport_ui_bidi_safe (rapport_history_entry_get_author_name (entry));
  tooltip = g_strdup_printf (_("%s, by %s"), channel_label, author ?: _("Unknown author"));
  rapport_ui_set_tooltip_text (GTK_WIDGET (self->channel_icon), tooltip);

  /* The summary is one line of at most 120 characters; the subject is the helpdesk's and
   * may be of any length. */
  if (safe_subject != NULL)
    {
      /* Cut before isolating, so that the isolate is closed. */
      g_autofree char *clean = rapport_text_clean_label (rapport_history_entry_get_ticket_subject (entry));
      g_autofree char *cut = bounded (clean, RAPPORT_HISTORY_ROW_NAME_SUBJECT_CHARS);

      short_subject = rapport_ui_bidi_safe (cut);
    }
  else
    short_subject = g_strdup (subject);
  /* Translators: accessible label of a customer history entry:
   * channel, ticket subject, ticket status, date: summary */
  accessible = g_strdup_printf (_("%s, %s, %s, %s: %s"),
                                channel_label, short_subject, rapport_ui_status_label (status),
                                date, summary);
  rapport_ui_set_row_accessible_label (GTK_WIDGET (self), accessible);
}

static void
on_clock_ticked_cb (RapportHistoryRow *self)
{
  sync_row (self);
}

static void
rapport_history_row_init (RapportHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
rapport_history_row_new (RapportHistoryEntry *entry)
{
  RapportHistoryRow *self;

  g_return_val_if_fail (entry == NULL || RAPPORT_IS_HISTORY_ENTRY (entry), NULL);

  self = g_object_new (RAPPORT_TYPE_HISTORY_ROW, NULL);
  rapport_history_row_set_entry (self, entry);

  return GTK_WIDGET (self);
}

/* A list box row is named as its history row, whose date the clock moves on. */
static void
on_list_row_ticked_cb (GtkListBoxRow *row)
{
  GtkWidget *child = gtk_list_box_row_get_child (row);

  rapport_ui_set_accessible_label (GTK_WIDGET (row), rapport_ui_get_accessible_label (child));
}

GtkWidget *
rapport_history_row_new_list_row (RapportHistoryEntry *entry)
{
  GtkWidget *row;

  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (entry), NULL);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), rapport_history_row_new (entry));
  on_list_row_ticked_cb (GTK_LIST_BOX_ROW (row));
  /* After the history row's own handler, connected when it was made. */
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_list_row_ticked_cb), row, G_CONNECT_SWAPPED);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-ticket");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x",
                                    rapport_history_entry_get_ticket_id (entry));

  return row;
}

RapportHistoryEntry *
rapport_history_row_get_entry (RapportHistoryRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ROW (self), NULL);

  return self->entry;
}

void
rapport_history_row_set_entry (RapportHistoryRow   *self,
                               RapportHistoryEntry *entry)
{
  g_return_if_fail (RAPPORT_IS_HISTORY_ROW (self));
  g_return_if_fail (entry == NULL || RAPPORT_IS_HISTORY_ENTRY (entry));

  if (!g_set_object (&self->entry, entry))
    return;

  if (entry != NULL)
    sync_row (self);
  else
    /* Put aside: no name of an entry it no longer shows. */
    rapport_ui_set_row_accessible_label (GTK_WIDGET (self), NULL);
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

gboolean
rapport_history_row_get_current (RapportHistoryRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ROW (self), FALSE);

  return gtk_widget_has_css_class (GTK_WIDGET (self), "current");
}

gboolean
rapport_history_row_open_ticket (GtkWidget           *widget,
                                 RapportHistoryEntry *entry)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (entry), FALSE);

  return gtk_widget_activate_action (widget, "win.open-ticket", "x",
                                     rapport_history_entry_get_ticket_id (entry));
}

static void
on_item_entry_changed_cb (RapportHistoryRow  *self,
                          GParamSpec         *pspec,
                          RapportHistoryItem *item)
{
  rapport_history_row_set_entry (self, rapport_history_item_get_entry (item));
}

void
rapport_history_row_set_item (RapportHistoryRow  *self,
                              RapportHistoryItem *item)
{
  g_return_if_fail (RAPPORT_IS_HISTORY_ROW (self));
  g_return_if_fail (item == NULL || RAPPORT_IS_HISTORY_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, on_item_entry_changed_cb, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    g_signal_connect_object (item, "notify::entry", G_CALLBACK (on_item_entry_changed_cb), self,
                             G_CONNECT_SWAPPED);

  rapport_history_row_set_entry (self, item != NULL ? rapport_history_item_get_entry (item) : NULL);
}

/* ---------------------------------------------------------------------------------------------
 * RapportHistoryItem
 * ------------------------------------------------------------------------------------------- */

struct _RapportHistoryItem
{
  GObject              parent_instance;

  RapportHistoryEntry *entry;
};

G_DEFINE_FINAL_TYPE (RapportHistoryItem, rapport_history_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_ENTRY,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
rapport_history_item_dispose (GObject *object)
{
  RapportHistoryItem *self = (RapportHistoryItem *)object;

  g_clear_object (&self->entry);

  G_OBJECT_CLASS (rapport_history_item_parent_class)->dispose (object);
}

static void
rapport_history_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RapportHistoryItem *self = RAPPORT_HISTORY_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_history_item_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RapportHistoryItem *self = RAPPORT_HISTORY_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ENTRY:
      rapport_history_item_set_entry (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_history_item_class_init (RapportHistoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_history_item_dispose;
  object_class->get_property = rapport_history_item_get_property;
  object_class->set_property = rapport_history_item_set_property;

  item_properties[ITEM_PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL,
                         RAPPORT_TYPE_HISTORY_ENTRY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
rapport_history_item_init (RapportHistoryItem *self)
{
}

RapportHistoryItem *
rapport_history_item_new (RapportHistoryEntry *entry)
{
  g_return_val_if_fail (entry == NULL || RAPPORT_IS_HISTORY_ENTRY (entry), NULL);

  return g_object_new (RAPPORT_TYPE_HISTORY_ITEM, "entry", entry, NULL);
}

RapportHistoryEntry *
rapport_history_item_get_entry (RapportHistoryItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ITEM (self), NULL);

  return self->entry;
}

void
rapport_history_item_set_entry (RapportHistoryItem  *self,
                                RapportHistoryEntry *entry)
{
  g_return_if_fail (RAPPORT_IS_HISTORY_ITEM (self));
  g_return_if_fail (entry == NULL || RAPPORT_IS_HISTORY_ENTRY (entry));

  if (g_set_object (&self->entry, entry))
    g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_ENTRY]);
}
