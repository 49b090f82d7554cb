/* rapport-ui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-ui-util.h"

#include "rapport-outbox.h"
#include "rapport-provider.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"
#include "rapport-text.h"

#include <string.h>

static GQuark accessible_label_quark;
static GQuark tooltip_text_quark;

const char *
rapport_ui_channel_label (RapportChannel channel)
{
  switch (channel)
    {
    case RAPPORT_CHANNEL_EMAIL:
      return _("Email");
    case RAPPORT_CHANNEL_CHAT:
      return _("Chat");
    case RAPPORT_CHANNEL_PHONE:
      return _("Phone");
    case RAPPORT_CHANNEL_SOCIAL:
      return _("Social");
    case RAPPORT_CHANNEL_WEB:
      return _("Web");
    default:
      return C_("channel", "Other");
    }
}

const char *
rapport_ui_channel_icon_name (RapportChannel channel)
{
  switch (channel)
    {
    case RAPPORT_CHANNEL_EMAIL:
      return "rapport-channel-email-symbolic";
    case RAPPORT_CHANNEL_CHAT:
      return "rapport-channel-chat-symbolic";
    case RAPPORT_CHANNEL_PHONE:
      return "rapport-channel-phone-symbolic";
    case RAPPORT_CHANNEL_SOCIAL:
      return "rapport-channel-social-symbolic";
    case RAPPORT_CHANNEL_WEB:
    default:
      return "rapport-channel-web-symbolic";
    }
}

const char *
rapport_ui_status_label (RapportTicketStatus status)
{
  switch (status)
    {
    case RAPPORT_TICKET_STATUS_NEW:
      return C_("ticket status", "New");
    case RAPPORT_TICKET_STATUS_OPEN:
      return C_("ticket status", "Open");
    case RAPPORT_TICKET_STATUS_PENDING:
      return C_("ticket status", "Pending");
    case RAPPORT_TICKET_STATUS_ON_HOLD:
      return C_("ticket status", "On hold");
    case RAPPORT_TICKET_STATUS_SOLVED:
      return C_("ticket status", "Solved");
    case RAPPORT_TICKET_STATUS_CLOSED:
      return C_("ticket status", "Closed");
    default:
      return C_("ticket status", "Unknown");
    }
}

const char *
rapport_ui_status_css_class (RapportTicketStatus status)
{
  switch (status)
    {
    case RAPPORT_TICKET_STATUS_NEW:
      return "status-new";
    case RAPPORT_TICKET_STATUS_OPEN:
      return "status-open";
    case RAPPORT_TICKET_STATUS_PENDING:
      return "status-pending";
    case RAPPORT_TICKET_STATUS_ON_HOLD:
      return "status-on-hold";
    case RAPPORT_TICKET_STATUS_SOLVED:
      return "status-solved";
    case RAPPORT_TICKET_STATUS_CLOSED:
    default:
      return "status-closed";
    }
}

const char *
rapport_ui_view_label (RapportView view)
{
  switch (view)
    {
    case RAPPORT_VIEW_MY_OPEN:
      return _("My open");
    case RAPPORT_VIEW_UNASSIGNED:
      return _("Unassigned");
    case RAPPORT_VIEW_ALL_OPEN:
      return _("All open");
    case RAPPORT_VIEW_RECENTLY_SOLVED:
      return _("Recently solved");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
rapport_ui_view_icon_name (RapportView view)
{
  switch (view)
    {
    case RAPPORT_VIEW_MY_OPEN:
      return "rapport-view-mine-symbolic";
    case RAPPORT_VIEW_UNASSIGNED:
      return "rapport-view-unassigned-symbolic";
    case RAPPORT_VIEW_ALL_OPEN:
      return "rapport-view-all-symbolic";
    case RAPPORT_VIEW_RECENTLY_SOLVED:
      return "rapport-view-solved-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
rapport_ui_view_empty_description (RapportView view)
{
  switch (view)
    {
    case RAPPORT_VIEW_MY_OPEN:
      return _("Open tickets assigned to you appear here");
    case RAPPORT_VIEW_UNASSIGNED:
      return _("Open tickets that nobody has picked up appear here");
    case RAPPORT_VIEW_ALL_OPEN:
      return _("Every open ticket of the team appears here");
    case RAPPORT_VIEW_RECENTLY_SOLVED:
      return _("Tickets solved in the last 30 days appear here");
    default:
      g_return_val_if_reached (NULL);
    }
}

gint64
rapport_ui_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The local time zone, looked up again at most once a minute. GLib 2.74 reloads it (a stat
 * and a parse of /etc/localtime) on every g_date_time_new_*_local() call when TZ is unset,
 * and list rows format a date for every row they show. Main thread only, like the rest of
 * the UI. */
static GTimeZone *
local_time_zone (void)
{
  static GTimeZone *zone;
  static gint64 looked_up_at;
  gint64 now = g_get_monotonic_time ();

  if (zone == NULL || now - looked_up_at > 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      looked_up_at = now;
    }

  return zone;
}

static GDateTime *
local_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_to_timezone (utc, local_time_zone ());
}

static gboolean
same_local_day (GDateTime *a,
                GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* Whole calendar days between the local dates of @then and @now (0 = same day). */
static int
days_between (GDateTime *then,
              GDateTime *now)
{
  g_autoptr(GDateTime) then_day = NULL;
  g_autoptr(GDateTime) now_day = NULL;

  then_day = g_date_time_new (local_time_zone (),
                              g_date_time_get_year (then),
                              g_date_time_get_month (then),
                              g_date_time_get_day_of_month (then), 12, 0, 0);
  now_day = g_date_time_new (local_time_zone (),
                             g_date_time_get_year (now),
                             g_date_time_get_month (now),
                             g_date_time_get_day_of_month (now), 12, 0, 0);

  /* Noon to noon, rounded: robust against daylight saving changes. */
  return (int) ((g_date_time_difference (now_day, then_day) + G_TIME_SPAN_HOUR * 2) / G_TIME_SPAN_DAY);
}

char *
rapport_ui_format_relative_time (gint64 unix_time,
                                 gint64 now)
{
  g_autoptr(GDateTime) then_dt = NULL;
  g_autoptr(GDateTime) now_dt = NULL;
  gint64 diff = now - unix_time;
  int days;

  if (unix_time <= 0)
    /* Translators: in lists, for a date the helpdesk did not give (or gave as 1970) */
    return g_strdup (C_("relative time", "Date unknown"));

  if (diff < -60)
    {
      /* A date to come (clocks that disagree, or a cache from before dates were checked):
       * said as it is, never as "Now". */
      then_dt = local_date_time (unix_time);
      now_dt = local_date_time (now);
      if (same_local_day (then_dt, now_dt))
        /* Translators: a time later today in lists, e.g. "14:05"; see g_date_time_format() */
        return g_date_time_format (then_dt, C_("relative time", "%H:%M"));
      /* Translators: a date in another year in lists, e.g. "3 Nov 2023"; see g_date_time_format() */
      return g_date_time_format (then_dt, C_("relative time", "%-d %b %Y"));
    }

  if (diff < 60)
    return g_strdup (C_("relative time", "Now"));

  if (diff < 60 * 60)
    {
      int minutes = (int) (diff / 60);
      /* Translators: a short relative time in lists, e.g. "5 min" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", minutes), minutes);
    }

  then_dt = local_date_time (unix_time);
  now_dt = local_date_time (now);
  days = days_between (then_dt, now_dt);

  if (diff < 24 * 60 * 60 && days == 0)
    {
      int hours = (int) (diff / (60 * 60));
      /* Translators: a short relative time in lists, e.g. "2 h" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h", "%d h", hours), hours);
    }

  if (days == 1)
    return g_strdup (C_("relative time", "Yesterday"));

  if (days > 1 && days < 7)
    /* Translators: a date within the last week in lists; see g_date_time_format() */
    return g_date_time_format (then_dt, C_("relative time", "%a"));

  if (g_date_time_get_year (then_dt) == g_date_time_get_year (now_dt))
    /* Translators: a date in this year in lists, e.g. "3 Nov"; see g_date_time_format() */
    return g_date_time_format (then_dt, C_("relative time", "%-d %b"));

  /* Translators: a date in another year in lists, e.g. "3 Nov 2023"; see g_date_time_format() */
  return g_date_time_format (then_dt, C_("relative time", "%-d %b %Y"));
}

char *
rapport_ui_format_message_time (gint64 unix_time,
                                gint64 now)
{
  g_autoptr(GDateTime) then_dt = NULL;
  g_autoptr(GDateTime) now_dt = NULL;
  int days;

  if (unix_time <= 0)
    /* Translators: a message's time when the helpdesk did not give one (or gave 1970) */
    return g_strdup (C_("message time", "Date unknown"));

  then_dt = local_date_time (unix_time);
  now_dt = local_date_time (now);
  days = days_between (then_dt, now_dt);
  /* A later day (clocks that disagree, or a cache from before dates were checked) is dated. */
  if (unix_time > now && !same_local_day (then_dt, now_dt))
    days = -1;

  if (days == 0)
    /* Translators: time of a message sent today; see g_date_time_format() */
    return g_date_time_format (then_dt, C_("message time", "%H:%M"));
  if (days == 1)
    /* Translators: time of a message sent yesterday; see g_date_time_format() */
    return g_date_time_format (then_dt, C_("message time", "Yesterday, %H:%M"));
  if (days > 1 && days < 7)
    /* Translators: time of a message sent in the last week; see g_date_time_format() */
    return g_date_time_format (then_dt, C_("message time", "%a, %H:%M"));
  if (g_date_time_get_year (then_dt) == g_date_time_get_year (now_dt))
    /* Translators: time of a message sent this year; see g_date_time_format() */
    return g_date_time_format (then_dt, C_("message time", "%-d %b, %H:%M"));

  /* Translators: time of a message sent in another year; see g_date_time_format() */
  return g_date_time_format (then_dt, C_("message time", "%-d %b %Y, %H:%M"));
}

char *
rapport_ui_format_duration_ago (gint64 unix_time,
                                gint64 now)
{
  gint64 diff = MAX (0, now - unix_time);

  if (diff < 60 * 60)
    {
      int minutes = (int) MAX (1, diff / 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes),
                              minutes);
    }

  if (diff < 24 * 60 * 60)
    {
      int hours = (int) (diff / (60 * 60));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", hours), hours);
    }

  {
    int days = (int) (diff / (24 * 60 * 60));
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
  }
}

static gboolean
is_right_to_left_script (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_ARABIC:
    case G_UNICODE_SCRIPT_HEBREW:
    case G_UNICODE_SCRIPT_SYRIAC:
    case G_UNICODE_SCRIPT_THAANA:
    case G_UNICODE_SCRIPT_NKO:
    case G_UNICODE_SCRIPT_SAMARITAN:
    case G_UNICODE_SCRIPT_MANDAIC:
    case G_UNICODE_SCRIPT_ADLAM:
      return TRUE;
    default:
      return FALSE;
    }
}

char *
rapport_ui_bidi_safe (const char *text)
{
  g_autofree char *label = rapport_text_clean_label (text);
  gboolean isolate;

  if (label == NULL || label[0] == '\0')
    return NULL;

  isolate = gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL;
  for (const char *p = label; !isolate && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* ASCII is never written right to left: the common case stays a plain scan. */
      isolate = c >= 0x0590 && is_right_to_left_script (c);
    }

  if (!isolate)
    return g_steal_pointer (&label);

  return rapport_text_isolate (label);
}

void
rapport_ui_set_avatar_text (AdwAvatar  *avatar,
                            const char *text)
{
  static const char fsi[] = "\u2068";
  static const char pdi[] = "\u2069";
  gsize length;

  g_return_if_fail (ADW_IS_AVATAR (avatar));

  length = text != NULL ? strlen (text) : 0;
  if (length >= strlen (fsi) + strlen (pdi) && g_str_has_prefix (text, fsi) &&
      g_str_has_suffix (text, pdi))
    {
      g_autofree char *inner = g_strndup (text + strlen (fsi),
                                          length - strlen (fsi) - strlen (pdi));

      adw_avatar_set_text (avatar, inner);
      return;
    }

  adw_avatar_set_text (avatar, text);
}

void
rapport_ui_set_accessible_label (GtkWidget  *widget,
                                 const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (accessible_label_quark == 0)
    accessible_label_quark = g_quark_from_static_string ("rapport-accessible-label");

  if (label != NULL &&
      g_strcmp0 (g_object_get_qdata (G_OBJECT (widget), accessible_label_quark), label) == 0)
    return;

  g_object_set_qdata_full (G_OBJECT (widget), accessible_label_quark, g_strdup (label), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label ? label : "",
                                  -1);
  rapport_ui_keep_accessible_label (widget);
}

void
rapport_ui_list_view_tab_leaves (GtkListView *view)
{
  g_return_if_fail (GTK_IS_LIST_VIEW (view));

#if GTK_CHECK_VERSION (4, 12, 0)
  /* Tab through the controls of the focused row, then out of the list. The property by its
   * name: the floor's version macros (GDK_VERSION_MAX_ALLOWED, 4.8) flag the setter. */
  g_object_set (view, "tab-behavior", GTK_LIST_TAB_ITEM, NULL);
#endif
}

GtkAccessibleRole
rapport_ui_menu_button_role (void)
{
  return gtk_get_major_version () == 4 && gtk_get_minor_version () <= 8
         ? GTK_ACCESSIBLE_ROLE_GENERIC
         : GTK_ACCESSIBLE_ROLE_GROUP;
}

/* The first label with text in @widget, depth first. */
static GtkLabel *
find_text_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label;

      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        return GTK_LABEL (child);
      if ((label = find_text_label (child)) != NULL)
        return label;
    }

  return NULL;
}

/* The items GtkPopoverMenu makes of a menu model (GtkModelButton, a private type): GTK 4.18
 * exposes them with no name (they are labelled by their label, which it does not expose), so
 * each is named after its label's text when the menu is shown. */
static void
name_model_items (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (G_OBJECT_TYPE_NAME (child), "GtkModelButton") == 0)
        {
          GtkLabel *label = find_text_label (child);

          if (label != NULL)
            {
              gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              gtk_label_get_text (label),
                                              -1);
              rapport_ui_keep_accessible_label (child);
            }
          continue;
        }
      name_model_items (child);
    }
}

static void
on_menu_popover_map_cb (GtkWidget *popover)
{
  name_model_items (popover);
}

static void
on_menu_button_popover_cb (GtkMenuButton *menu_button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (menu_button);

  if (popover != NULL &&
      g_signal_handler_find (popover, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                             on_menu_popover_map_cb, NULL) == 0)
    g_signal_connect (popover, "map", G_CALLBACK (on_menu_popover_map_cb), NULL);
}

void
rapport_ui_menu_button_fix_role (GtkWidget *menu_button)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (menu_button));
  g_return_if_fail (!gtk_widget_get_realized (menu_button));

  g_object_set (menu_button, "accessible-role", rapport_ui_menu_button_role (), NULL);
  if (rapport_ui_menu_button_role () != GTK_ACCESSIBLE_ROLE_GENERIC)
    {
      g_signal_connect (menu_button, "notify::popover", G_CALLBACK (on_menu_button_popover_cb),
                        NULL);
      g_signal_connect (menu_button, "notify::menu-model",
                        G_CALLBACK (on_menu_button_popover_cb), NULL);
      on_menu_button_popover_cb (GTK_MENU_BUTTON (menu_button));
    }
}

void
rapport_ui_keep_accessible_label (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
on_mnemonic_button_label_cb (GtkButton *button)
{
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
rapport_ui_name_by_mnemonic (GtkButton *button)
{
  g_return_if_fail (GTK_IS_BUTTON (button));

  on_mnemonic_button_label_cb (button);
  g_signal_connect (button, "notify::label", G_CALLBACK (on_mnemonic_button_label_cb), NULL);
}

void
rapport_ui_name_buttons_by_mnemonic (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)))
    rapport_ui_name_by_mnemonic (GTK_BUTTON (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rapport_ui_name_buttons_by_mnemonic (child);
}

/* The list item widget around @row, or NULL when @row is not in a list view or list box. */
static GtkWidget *
list_item_around (GtkWidget *row)
{
  GtkWidget *parent = gtk_widget_get_parent (row);

  if (parent == NULL ||
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (parent)) != GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    return NULL;

  return parent;
}

static void
on_row_parent_cb (GtkWidget *row)
{
  GtkWidget *item = list_item_around (row);

  if (item != NULL)
    rapport_ui_set_accessible_label (item, rapport_ui_get_accessible_label (row));
}

void
rapport_ui_set_row_accessible_label (GtkWidget  *row,
                                     const char *label)
{
  static GQuark watched_quark;
  GtkWidget *item;

  g_return_if_fail (GTK_IS_WIDGET (row));

  if (watched_quark == 0)
    watched_quark = g_quark_from_static_string ("rapport-row-label-watched");
  if (g_object_get_qdata (G_OBJECT (row), watched_quark) == NULL)
    {
      g_object_set_qdata (G_OBJECT (row), watched_quark, GINT_TO_POINTER (TRUE));
      g_signal_connect (row, "notify::parent", G_CALLBACK (on_row_parent_cb), NULL);
    }

  rapport_ui_set_accessible_label (row, label);
  item = list_item_around (row);
  if (item != NULL)
    rapport_ui_set_accessible_label (item, label);
}

const char *
rapport_ui_get_accessible_label (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if (accessible_label_quark == 0)
    return NULL;

  return g_object_get_qdata (G_OBJECT (widget), accessible_label_quark);
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard_mode,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  const char *text = g_object_get_qdata (G_OBJECT (widget), tooltip_text_quark);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

guint
rapport_ui_rows_for_screen (GtkWidget *widget,
                            int        min_row_px,
                            guint      fallback)
{
  int height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), fallback);
  g_return_val_if_fail (min_row_px > 0, fallback);

  height = gtk_widget_get_height (widget);
  if (height <= 0)
    return fallback;
  return MIN ((guint) (height / min_row_px) + 2, fallback);
}

void
rapport_ui_set_tooltip_text (GtkWidget  *widget,
                             const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (tooltip_text_quark == 0)
    tooltip_text_quark = g_quark_from_static_string ("rapport-tooltip-text");

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (g_object_get_qdata (G_OBJECT (widget), tooltip_text_quark), text) == 0)
    return;

  if (g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_query_tooltip_cb,
                             NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);

  g_object_set_qdata_full (G_OBJECT (widget), tooltip_text_quark, g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

void
rapport_ui_set_icon_name (GtkImage   *image,
                          const char *icon_name)
{
  g_return_if_fail (GTK_IS_IMAGE (image));

  if (gtk_image_get_storage_type (image) == GTK_IMAGE_ICON_NAME &&
      g_strcmp0 (gtk_image_get_icon_name (image), icon_name) == 0)
    return;

  gtk_image_set_from_icon_name (image, icon_name);
}

void
rapport_ui_stack_show_page (GtkStack   *stack,
                            const char *name)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (name != NULL);

  child = gtk_stack_get_child_by_name (stack, name);
  g_return_if_fail (child != NULL);

  gtk_widget_set_visible (child, TRUE);
  gtk_stack_set_visible_child (stack, child);
}

AdwStatusPage *
rapport_ui_stack_add_status_page (GtkStack   *stack,
                                  const char *name,
                                  const char *icon_name,
                                  const char *title,
                                  gboolean    compact)
{
  GtkWidget *page;

  g_return_val_if_fail (GTK_IS_STACK (stack), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (gtk_stack_get_child_by_name (stack, name) == NULL, NULL);

  page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  if (compact)
    gtk_widget_add_css_class (page, "compact");
  gtk_widget_set_visible (page, FALSE);
  gtk_stack_add_named (stack, page, name);

  return ADW_STATUS_PAGE (page);
}

PangoAttrList *
rapport_ui_highlight_attributes (const char *text,
                                 int         start,
                                 int         end)
{
  PangoAttrList *attrs;
  PangoAttribute *attr;
  size_t len;

  if (text == NULL || start < 0 || end <= start)
    return NULL;

  len = strlen (text);
  if ((size_t) end > len)
    return NULL;

  attrs = pango_attr_list_new ();

  attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
  attr->start_index = (guint) start;
  attr->end_index = (guint) end;
  pango_attr_list_insert (attrs, attr);

  /* A translucent yellow reads well on light and dark backgrounds alike. */
  attr = pango_attr_background_new (0xf6 * 257, 0xd3 * 257, 0x2d * 257);
  attr->start_index = (guint) start;
  attr->end_index = (guint) end;
  pango_attr_list_insert (attrs, attr);

  attr = pango_attr_background_alpha_new (0xffff * 45 / 100);
  attr->start_index = (guint) start;
  attr->end_index = (guint) end;
  pango_attr_list_insert (attrs, attr);

  return attrs;
}

/* What stands between Rapport and the helpdesk, or a full disk, in plain words with what to
 * do; NULL for any other error. */
static char *
describe_connection_error (const GError *error)
{
  g_autofree char *host = rapport_provider_error_get_host (error);

  if (g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FULL) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return g_strdup (_("The disk is full: Rapport cannot save its data. Free some disk space, "
                       "then try again."));

  if (error->domain != RAPPORT_PROVIDER_ERROR)
    return NULL;

  switch ((RapportProviderError) error->code)
    {
    case RAPPORT_PROVIDER_ERROR_NETWORK:
      return g_strdup (_("The helpdesk cannot be reached. Check the network connection; "
                         "Rapport tries again on its own."));

    case RAPPORT_PROVIDER_ERROR_SERVER_ERROR:
      return g_strdup (_("The helpdesk's server reported an error of its own. Rapport tries "
                         "again on its own; if this goes on, tell the helpdesk's "
                         "administrator."));

    case RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE:
      return g_strdup (_("The helpdesk sent an answer Rapport does not understand. Rapport "
                         "tries again on its own; if this goes on, tell the helpdesk's "
                         "administrator."));

    case RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE:
      if (host != NULL)
        /* Translators: %s is a host name, e.g. helpdesk.example.com */
        return g_strdup_printf (_("A web sign-in page at %s answered instead of the helpdesk: "
                                  "a single sign-on service or proxy is in front of it. Ask "
                                  "the helpdesk's administrator to let Rapport's API token "
                                  "through."), host);
      return g_strdup (_("A web sign-in page answered instead of the helpdesk: a single "
                         "sign-on service or proxy is in front of it. Ask the helpdesk's "
                         "administrator to let Rapport's API token through."));

    case RAPPORT_PROVIDER_ERROR_REDIRECTED:
      if (host != NULL)
        /* Translators: %s is a host name, e.g. sso.example.com */
        return g_strdup_printf (_("The helpdesk sends Rapport to another address, at %s, "
                                  "which Rapport does not follow. A sign-in service may be in "
                                  "front of the helpdesk, or its address has changed: ask its "
                                  "administrator."), host);
      return g_strdup (_("The helpdesk sends Rapport to another address, which Rapport does "
                         "not follow. A sign-in service may be in front of the helpdesk, or "
                         "its address has changed: ask its administrator."));

    case RAPPORT_PROVIDER_ERROR_TLS:
      if (host != NULL)
        /* Translators: %s is a host name, e.g. helpdesk.example.com */
        return g_strdup_printf (_("The connection to %s is not secure: its certificate is not "
                                  "trusted on this computer or was issued for another name. "
                                  "Rapport does not connect to it; ask the helpdesk's "
                                  "administrator."), host);
      return g_strdup (_("The connection to the helpdesk is not secure: its certificate is not "
                         "trusted on this computer or was issued for another name. Rapport "
                         "does not connect to it; ask the helpdesk's administrator."));

    case RAPPORT_PROVIDER_ERROR_INSECURE:
      if (host != NULL)
        /* Translators: %s is a host name, e.g. helpdesk.example.com */
        return g_strdup_printf (_("Rapport does not send the API token to %s over an "
                                  "unencrypted http:// connection. Add the account again with "
                                  "its https:// address."), host);
      return g_strdup (_("Rapport does not send the API token over an unencrypted http:// "
                         "connection. Add the account again with its https:// address."));

    case RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED:
    case RAPPORT_PROVIDER_ERROR_FORBIDDEN:
    case RAPPORT_PROVIDER_ERROR_NOT_FOUND:
    case RAPPORT_PROVIDER_ERROR_CONFLICT:
    case RAPPORT_PROVIDER_ERROR_RATE_LIMITED:
    case RAPPORT_PROVIDER_ERROR_INVALID_INPUT:
    case RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN:
    default:
      return NULL;
    }
}

char *
rapport_ui_error_to_text (const GError *error)
{
  char *connection;

  g_return_val_if_fail (error != NULL, NULL);

  connection = describe_connection_error (error);
  if (connection != NULL)
    return connection;

  if (error->domain == RAPPORT_STORE_ERROR)
    {
      switch ((RapportStoreError) error->code)
        {
        case RAPPORT_STORE_ERROR_TOO_NEW:
          return g_strdup (_("The workspace database was written by a newer version of Rapport."));
        case RAPPORT_STORE_ERROR_CORRUPT:
          /* The store marked the file: the next start checks it whole and rebuilds it. */
          return g_strdup (_("The workspace database is damaged. Restart Rapport to rebuild "
                             "it; queued changes and drafts are kept where they can be read."));
        case RAPPORT_STORE_ERROR_NOT_FOUND:
          return g_strdup (_("The item no longer exists."));
        case RAPPORT_STORE_ERROR_LOCKED:
          return g_strdup (_("The workspace database is in use by another program. Another "
                             "Rapport may be running: close it, then start Rapport again."));
        case RAPPORT_STORE_ERROR_NOT_OPEN:
        case RAPPORT_STORE_ERROR_FAILED:
        case RAPPORT_STORE_ERROR_CONSTRAINT:
        case RAPPORT_STORE_ERROR_INVALID:
        case RAPPORT_STORE_ERROR_NOT_OURS:
        default:
          return g_strdup (_("The workspace database could not be read or written."));
        }
    }

  if (error->domain == RAPPORT_OUTBOX_ERROR &&
      error->code == RAPPORT_OUTBOX_ERROR_UNRESOLVED_PLACEHOLDER)
    return g_strdup (_("The reply still has a placeholder to fill in, such as {{order_number}}."));

  if (error->domain == RAPPORT_PROVIDER_ERROR)
    {
      switch ((RapportProviderError) error->code)
        {
        case RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED:
          return g_strdup (_("The helpdesk asks you to sign in again."));
        case RAPPORT_PROVIDER_ERROR_FORBIDDEN:
          return g_strdup (_("Your helpdesk account is not allowed to do this."));
        case RAPPORT_PROVIDER_ERROR_NOT_FOUND:
          return g_strdup (_("The helpdesk no longer has this item."));
        case RAPPORT_PROVIDER_ERROR_CONFLICT:
          return g_strdup (_("Someone else changed this in the meantime."));
        case RAPPORT_PROVIDER_ERROR_RATE_LIMITED:
          return g_strdup (_("The helpdesk asks Rapport to slow down; it will try again shortly."));
        case RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN:
          return g_strdup (_("It is not known whether the helpdesk received the change."));
        case RAPPORT_PROVIDER_ERROR_INVALID_INPUT:
        default:
          return g_strdup (_("The helpdesk sent an answer Rapport does not understand."));
        }
    }

  if (error->domain == RAPPORT_SYNC_ERROR && error->code == RAPPORT_SYNC_ERROR_BUSY)
    return g_strdup (_("A synchronization is already running."));

  return g_strdup (_("Something went wrong."));
}

char *
rapport_ui_error_to_markup (const GError *error)
{
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  g_autofree char *escaped_text = NULL;
  g_autofree char *escaped_message = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  text = rapport_ui_error_to_text (error);
  escaped_text = g_markup_escape_text (text, -1);
  /* Messages quote servers: markup of invalid UTF-8 would not show at all. */
  message = rapport_text_make_storable (error->message, -1);
  escaped_message = g_markup_escape_text (message, -1);

  return g_strdup_printf ("%s\n<small>%s</small>", escaped_text, escaped_message);
}

void
rapport_ui_add_toast (GtkWidget *widget,
                      AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

void
rapport_ui_add_text_toast (GtkWidget  *widget,
                           const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  /* Toast titles are markup in libadwaita 1.2 (translations may use "&"). */
  escaped = g_markup_escape_text (text, -1);
  rapport_ui_add_toast (widget, adw_toast_new (escaped));
}

void
rapport_ui_add_error_toast (GtkWidget    *widget,
                            const char   *what,
                            const GError *error)
{
  g_autofree char *reason = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (what != NULL);
  g_return_if_fail (error != NULL);

  reason = rapport_ui_error_to_text (error);
  /* Translators: a toast: what failed, then why, e.g. "Could not queue the reply: …" */
  title = g_strdup_printf (_("%s: %s"), what, reason);
  /* Toast titles are markup in libadwaita 1.2: escape. */
  escaped = g_markup_escape_text (title, -1);
  rapport_ui_add_toast (widget, adw_toast_new (escaped));
}

void
rapport_ui_add_shortcut (GtkShortcutController *controller,
                         guint                  keyval,
                         GdkModifierType        modifiers,
                         const char            *action_name)
{
  GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (keyval, modifiers);

  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (trigger,
                                                          gtk_named_action_new (action_name)));
}

/* "1 account", "2 queued replies"… of one kind of rescued item. */
static char *
cache_item_text (RapportCacheItem item,
                 guint            n)
{
  switch (item)
    {
    case RAPPORT_CACHE_ITEM_ACCOUNT:
      return g_strdup_printf (ngettext ("%u account", "%u accounts", n), n);
    case RAPPORT_CACHE_ITEM_REPLY:
      return g_strdup_printf (ngettext ("%u queued reply", "%u queued replies", n), n);
    case RAPPORT_CACHE_ITEM_NOTE:
      return g_strdup_printf (ngettext ("%u queued note", "%u queued notes", n), n);
    case RAPPORT_CACHE_ITEM_UPDATE:
      return g_strdup_printf (ngettext ("%u queued ticket change", "%u queued ticket changes",
                                        n), n);
    case RAPPORT_CACHE_ITEM_MONEY:
      return g_strdup_printf (ngettext ("%u queued refund or credit",
                                        "%u queued refunds or credits", n), n);
    case RAPPORT_CACHE_ITEM_DECISION:
      return g_strdup_printf (ngettext ("%u queued approval decision",
                                        "%u queued approval decisions", n), n);
    case RAPPORT_CACHE_ITEM_LINK:
      return g_strdup_printf (ngettext ("%u queued article link", "%u queued article links",
                                        n), n);
    case RAPPORT_CACHE_ITEM_DRAFT:
      return g_strdup_printf (ngettext ("%u draft", "%u drafts", n), n);
    case RAPPORT_CACHE_N_ITEMS:
    default:
      g_assert_not_reached ();
    }
}

/* The items counted in @counts, as a list ("1 account, 2 queued replies"); NULL when none. */
static char *
cache_items_text (const guint *counts,
                  GPtrArray   *more)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < RAPPORT_CACHE_N_ITEMS; i++)
    {
      if (counts[i] > 0)
        g_ptr_array_add (parts, cache_item_text (i, counts[i]));
    }
  for (guint i = 0; more != NULL && i < more->len; i++)
    g_ptr_array_add (parts, g_strdup (more->pdata[i]));

  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);

  /* Translators: what separates the items of a list, e.g. "1 account, 2 queued replies" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

char *
rapport_ui_cache_rescue_to_text (const RapportCacheRescue *rescue)
{
  g_autoptr(GPtrArray) unreadable = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *kept = NULL;
  g_autofree char *lost = NULL;

  g_return_val_if_fail (rescue != NULL, NULL);

  switch (rescue->damage)
    {
    case RAPPORT_STORE_ERROR_TOO_NEW:
      g_string_append (text, _("The local cache was written by a newer version of Rapport, "
                                "so it was set aside and rebuilt."));
      break;
    case RAPPORT_STORE_ERROR_NOT_OURS:
      g_string_append (text, _("The local cache file belongs to another program, so it was "
                               "set aside and rebuilt."));
      break;
    case RAPPORT_STORE_ERROR_CORRUPT:
    default:
      g_string_append (text, _("The local cache was damaged and was rebuilt."));
      break;
    }
  g_string_append_c (text, ' ');
  g_string_append (text, _("Tickets come back from the helpdesk with the next sync."));

  if (rescue->unreadable & RAPPORT_CACHE_PART_ACCOUNTS)
    g_ptr_array_add (unreadable, _("accounts that could not be read"));
  if (rescue->unreadable & RAPPORT_CACHE_PART_OUTBOX)
    g_ptr_array_add (unreadable, _("queued changes that could not be read"));
  if (rescue->unreadable & RAPPORT_CACHE_PART_DRAFTS)
    g_ptr_array_add (unreadable, _("drafts that could not be read"));

  kept = cache_items_text (rescue->kept, NULL);
  lost = cache_items_text (rescue->lost, unreadable);

  g_string_append (text, "\n\n");
  if (kept != NULL)
    /* Translators: %s is a list, e.g. "1 account, 2 queued replies, 1 draft" */
    g_string_append_printf (text, _("Kept: %s."), kept);
  else
    g_string_append (text, _("Nothing could be kept: add your accounts again."));

  g_string_append (text, "\n\n");
  if (lost != NULL)
    /* Translators: %s is a list, e.g. "1 queued note, drafts that could not be read" */
    g_string_append_printf (text, _("Could not recover: %s."), lost);
  else
    g_string_append (text, _("Nothing else was lost."));

  if (rescue->damaged_path != NULL)
    {
      g_string_append (text, "\n\n");
      /* Translators: %s is the path of a file */
      g_string_append_printf (text, _("The damaged file was kept at %s."),
                              rescue->damaged_path);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
