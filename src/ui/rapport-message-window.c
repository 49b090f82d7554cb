/* rapport-message-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-message-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-message-window.h"

#include "rapport-ui-util.h"

#include <string.h>

struct _RapportMessageWindow
{
  AdwWindow       parent_instance;

  /* widgets */
  GtkStack       *stack;
  GtkTextView    *view;
  AdwStatusPage  *error_page;

  /* owned */
  RapportStore   *store;
  GCancellable   *cancellable;
  char           *body;

  gint64          message_id;
  gsize           inserted;     /* bytes of @body in the view */
  guint           insert_id;
  gboolean        loaded;
};

G_DEFINE_FINAL_TYPE (RapportMessageWindow, rapport_message_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loaded (RapportMessageWindow *self)
{
  if (self->loaded)
    return;

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static gboolean
insert_chunk_cb (gpointer user_data)
{
  RapportMessageWindow *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  gsize length = strlen (self->body + self->inserted);
  const char *start = self->body + self->inserted;
  const char *end = start + MIN (length, RAPPORT_MESSAGE_WINDOW_CHUNK_BYTES);
  GtkTextIter iter;

  /* Never inside a UTF-8 sequence. */
  if (*end != '\0')
    end = g_utf8_find_prev_char (start, end + 1);

  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, start, end - start);
  self->inserted += end - start;

  if (self->body[self->inserted] != '\0')
    return G_SOURCE_CONTINUE;

  self->insert_id = 0;
  g_clear_pointer (&self->body, g_free);
  set_loaded (self);

  return G_SOURCE_REMOVE;
}

static void
on_body_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RapportMessageWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  body = rapport_store_load_message_body_finish (RAPPORT_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (body == NULL)
    {
      g_autofree char *description = rapport_ui_error_to_markup (error);

      g_warning ("Could not load message %" G_GINT64_FORMAT ": %s", self->message_id,
                 error->message);
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      set_loaded (self);
      return;
    }

  if (!g_utf8_validate (body, -1, NULL))
    {
      char *valid = g_utf8_make_valid (body, -1);

      g_free (body);
      body = valid;
    }

  self->body = g_steal_pointer (&body);
  self->inserted = 0;
  gtk_stack_set_visible_child_name (self->stack, "text");
  self->insert_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, insert_chunk_cb, self, NULL);
}

static void
rapport_message_window_dispose (GObject *object)
{
  RapportMessageWindow *self = (RapportMessageWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->insert_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_pointer (&self->body, g_free);

  G_OBJECT_CLASS (rapport_message_window_parent_class)->dispose (object);
}

static void
rapport_message_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportMessageWindow *self = RAPPORT_MESSAGE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_message_window_class_init (RapportMessageWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_message_window_dispose;
  object_class->get_property = rapport_message_window_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_message_window_init (RapportMessageWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  self->cancellable = g_cancellable_new ();

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  self->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->view, FALSE);
  gtk_text_view_set_cursor_visible (self->view, FALSE);
  gtk_text_view_set_wrap_mode (self->view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->view, 18);
  gtk_text_view_set_right_margin (self->view, 18);
  gtk_text_view_set_top_margin (self->view, 12);
  gtk_text_view_set_bottom_margin (self->view, 12);
  rapport_ui_set_accessible_label (GTK_WIDGET (self->view), _("Whole message"));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  rapport_ui_set_accessible_label (spinner, _("Loading the message"));

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_page, _("Could Not Load the Message"));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, spinner, "loading");
  gtk_stack_add_named (self->stack, scroller, "text");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 640);
}

GtkWidget *
rapport_message_window_new (RapportStore *store,
                            gint64        message_id,
                            const char   *title)
{
  RapportMessageWindow *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_new (RAPPORT_TYPE_MESSAGE_WINDOW,
                       "title", title,
                       NULL);
  self->store = g_object_ref (store);
  self->message_id = message_id;
  rapport_store_load_message_body_async (store, message_id, self->cancellable,
                                         on_body_loaded_cb, g_object_ref (self));

  return GTK_WIDGET (self);
}

gboolean
rapport_message_window_get_loaded (RapportMessageWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE_WINDOW (self), FALSE);

  return self->loaded;
}

GtkTextView *
rapport_message_window_get_view (RapportMessageWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE_WINDOW (self), NULL);

  return self->view;
}
