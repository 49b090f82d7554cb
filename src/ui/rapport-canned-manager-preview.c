/* rapport-canned-manager-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-canned-manager"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-canned-manager-private.h"

#include "rapport-canned-values.h"
#include "rapport-template.h"
#include "rapport-ui-util.h"

#define PREVIEW_TICKETS 50 /* the most recent open tickets offered for the preview */

/* The preview */

/* Adds the highlight of bytes [@start, @end) of @text to @attrs. */
static void
add_highlight (PangoAttrList *attrs,
               const char    *text,
               guint          start,
               guint          end)
{
  PangoAttrList *highlight = rapport_ui_highlight_attributes (text, (int) start, (int) end);
  GSList *list;

  if (highlight == NULL)
    return;

  list = pango_attr_list_get_attributes (highlight);
  for (GSList *l = list; l != NULL; l = l->next)
    pango_attr_list_insert (attrs, l->data);
  g_slist_free (list);
  pango_attr_list_unref (highlight);
}

static void
show_rendered (RapportCannedManager *self,
               const char           *rendered,
               GPtrArray            *holes)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (guint));
  PangoAttrList *attrs = pango_attr_list_new ();
  gsize from = 0;

  for (guint i = 0; i < holes->len; i++)
    {
      RapportTemplateHole *hole = g_ptr_array_index (holes, i);
      guint start;
      guint end;

      g_string_append_len (shown, rendered + from, hole->span.offset - from);
      start = shown->len;
      /* A required field shows its prompt: what the agent will be asked for. */
      if (hole->kind == RAPPORT_TEMPLATE_HOLE_FIELD && hole->prompt != NULL)
        g_string_append (shown, hole->prompt);
      else
        g_string_append_len (shown, rendered + hole->span.offset, hole->span.length);
      from = hole->span.offset + hole->span.length;
      end = shown->len;
      g_array_append_val (ranges, start);
      g_array_append_val (ranges, end);
    }
  g_string_append (shown, rendered + from);

  for (guint i = 0; i + 1 < ranges->len; i += 2)
    add_highlight (attrs, shown->str, g_array_index (ranges, guint, i),
                   g_array_index (ranges, guint, i + 1));

  gtk_label_set_text (self->preview_label, shown->str);
  gtk_label_set_attributes (self->preview_label, attrs);
  pango_attr_list_unref (attrs);
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "dim-label");
}

static void
show_preview_note (RapportCannedManager *self,
                   const char           *note)
{
  gtk_label_set_attributes (self->preview_label, NULL);
  gtk_label_set_text (self->preview_label, note);
  gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "dim-label");
}

void
_rapport_canned_manager_update_preview (RapportCannedManager *self)
{
  g_autoptr(RapportTemplate) template = NULL;
  g_autoptr(GPtrArray) holes = NULL;
  g_autofree char *body = NULL;
  g_autofree char *rendered = NULL;

  if (self->editing == NULL)
    return;

  body = _rapport_canned_manager_get_text (self->body_view);
  template = rapport_template_parse (body, NULL);
  if (template == NULL)
    {
      show_preview_note (self, _("The preview is shown once the body is valid."));
      return;
    }

  rendered = rapport_template_render (template, self->values, &holes);
  show_rendered (self, rendered, holes);
}

static void
on_values_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportCannedManager *self = user_data;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;

  values = rapport_canned_values_load_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  if (error != NULL)
    {
      g_warning ("Cannot read the values of the preview's ticket: %s", error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self->toast_overlay),
                                  _("Cannot preview with this ticket"), error);
    }

  g_clear_pointer (&self->values, g_hash_table_unref);
  self->values = g_steal_pointer (&values);
  _rapport_canned_manager_update_preview (self);
  g_object_unref (self);
}

static void
on_ticket_selected_cb (RapportCannedManager *self,
                       GParamSpec           *pspec,
                       GtkDropDown          *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  RapportTicket *ticket;

  g_cancellable_cancel (self->values_cancellable);
  g_clear_object (&self->values_cancellable);
  g_clear_pointer (&self->values, g_hash_table_unref);

  if (self->tickets == NULL || position >= self->tickets->len)
    {
      _rapport_canned_manager_update_preview (self);
      return;
    }

  ticket = g_ptr_array_index (self->tickets, position);
  self->values_cancellable = g_cancellable_new ();
  rapport_canned_values_load_async (self->store, ticket, self->account, rapport_ui_now (),
                                    self->values_cancellable, on_values_cb, g_object_ref (self));
}

static void
set_preview_tickets (RapportCannedManager *self,
                     GPtrArray            *tickets)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;

  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  self->tickets = g_ptr_array_ref (tickets);

  for (guint i = 0; i < tickets->len; i++)
    {
      RapportTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *customer = rapport_ui_bidi_safe (rapport_ticket_get_customer_name (ticket));
      g_autofree char *subject = rapport_ui_bidi_safe (rapport_ticket_get_subject (ticket));
      g_autofree char *name = NULL;

      /* Translators: a ticket in the preview's drop-down: its number, subject and customer,
       * e.g. "#1042 Refund for a double charge — Chloé Silva" */
      name = g_strdup_printf (_("#%s %s — %s"), rapport_ticket_get_remote_id (ticket),
                              subject != NULL ? subject : _("(No subject)"),
                              customer != NULL ? customer : _("Unknown customer"));
      gtk_string_list_append (names, name);
    }

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->ticket_dropdown, expression);
  gtk_drop_down_set_model (self->ticket_dropdown, G_LIST_MODEL (names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->ticket_dropdown), tickets->len > 0);
  gtk_drop_down_set_selected (self->ticket_dropdown, 0);
  /* The same position as before notifies nothing. */
  on_ticket_selected_cb (self, NULL, self->ticket_dropdown);
}

static void
on_preview_tickets_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  RapportCannedManager *self = user_data;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  loaded = rapport_store_load_tickets_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self);
      return;
    }

  tickets = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->ticket != NULL)
    g_ptr_array_add (tickets, g_object_ref (self->ticket));

  if (error != NULL)
    {
      g_warning ("Cannot list the tickets to preview with: %s", error->message);
    }
  else
    {
      for (guint i = 0; i < loaded->len; i++)
        {
          RapportTicket *ticket = g_ptr_array_index (loaded, i);

          if (self->ticket == NULL ||
              rapport_ticket_get_id (ticket) != rapport_ticket_get_id (self->ticket))
            g_ptr_array_add (tickets, g_object_ref (ticket));
        }
    }

  set_preview_tickets (self, tickets);
  g_object_unref (self);
}

static void
on_preview_ticket_ids_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  RapportCannedManager *self = user_data;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = rapport_store_list_ticket_ids_finish (RAPPORT_STORE (object), result, &error);
  /* Closed meanwhile: the store may have closed before the request ran, which is no failure
   * to report. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self);
      return;
    }

  if (error != NULL)
    {
      g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);

      g_warning ("Cannot list the tickets to preview with: %s", error->message);
      if (self->ticket != NULL)
        g_ptr_array_add (tickets, g_object_ref (self->ticket));
      set_preview_tickets (self, tickets);
      g_object_unref (self);
      return;
    }

  rapport_store_load_tickets_async (self->store, (const gint64 *) (gpointer) ids->data,
                                    MIN (ids->len, PREVIEW_TICKETS), self->cancellable,
                                    on_preview_tickets_cb, self);
}

void
_rapport_canned_manager_load_preview_tickets (RapportCannedManager *self)
{
  if (self->account == NULL)
    {
      g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);

      if (self->ticket != NULL)
        g_ptr_array_add (tickets, g_object_ref (self->ticket));
      set_preview_tickets (self, tickets);
      return;
    }

  rapport_store_list_ticket_ids_async (self->store, rapport_account_get_id (self->account),
                                       RAPPORT_VIEW_ALL_OPEN, self->cancellable,
                                       on_preview_ticket_ids_cb, g_object_ref (self));
}

void
_rapport_canned_manager_preview_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_ticket_selected_cb);
}
