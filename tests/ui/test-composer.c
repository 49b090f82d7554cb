/* test-composer.c
 *
 * The composer against a real store and a workspace over a scripted provider: sending with and
 * without an undo-send window, Undo from the composer's undo bar and by Ctrl+Z (real key
 * events, XTest), the window counting from when it is seen, the mode of each ticket, drafts
 * across a restart, a workspace that cannot write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-composer"

#include "config.h"

#include <stdio.h>

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "rapport-application.h"
#include "rapport-composer.h"
#include "rapport-drafts.h"
#include "rapport-outbox.h"
#include "rapport-test-provider.h"
#include "rapport-ui-test-util.h"

typedef struct
{
  char             *dir;
  RapportStore     *store;
  RapportAccount   *account;
  RapportProvider  *provider;
  RapportWorkspace *workspace;
  GPtrArray        *tickets;   /* "My open", loaded */
  GSettings        *settings;
  GtkWidget        *window;
  GtkWidget        *overlay;
  RapportOutboxOp  *queued;    /* the last "queued" op */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gboolean read_only = GPOINTER_TO_INT (user_data);

  fixture->dir = g_dir_make_tmp ("rapport-test-composer-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = rapport_test_create_demo_store (fixture->dir,
                                                   g_get_real_time () / G_USEC_PER_SEC,
                                                   &fixture->account);

  ids = rapport_store_list_ticket_ids (fixture->store, rapport_account_get_id (fixture->account),
                                       RAPPORT_VIEW_MY_OPEN, NULL, &error);
  g_assert_no_error (error);
  fixture->tickets = rapport_store_load_tickets (fixture->store,
                                                 (const gint64 *) (gpointer) ids->data, ids->len,
                                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->tickets->len, >, 2);

  if (read_only)
    fixture->provider = rapport_test_read_only_provider_new ();
  else
    fixture->provider = rapport_test_provider_new (rapport_account_get_user_remote_id (fixture->account),
                                                   rapport_account_get_user_name (fixture->account));
  fixture->workspace = rapport_workspace_new (fixture->store, fixture->account, fixture->provider);

  fixture->settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
  g_settings_reset (fixture->settings, "undo-send-seconds");

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      rapport_test_release_and_wait (&fixture->window);
    }
  g_clear_pointer (&fixture->queued, rapport_outbox_op_free);
  rapport_workspace_stop (fixture->workspace);
  rapport_test_release_and_wait (&fixture->workspace);
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  rapport_test_release_and_wait (&fixture->store);
  g_clear_object (&fixture->account);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
on_queued_cb (RapportComposer *composer,
              RapportOutboxOp *op,
              Fixture         *fixture)
{
  g_clear_pointer (&fixture->queued, rapport_outbox_op_free);
  fixture->queued = rapport_outbox_op_copy (op);
}

/* Lets @composer write on @ticket through a session of its own. */
static void
set_ticket (Fixture         *fixture,
            RapportComposer *composer,
            RapportTicket   *ticket)
{
  g_autoptr(RapportTicketSession) session = rapport_ticket_session_new (fixture->workspace, ticket);

  rapport_composer_set_session (composer, session);
}

/* A composer for the first ticket, in a window with a toast overlay (as in the real window). */
static RapportComposer *
show_composer (Fixture *fixture)
{
  GtkWidget *composer = rapport_composer_new ();

  fixture->window = g_object_ref (gtk_window_new ());
  fixture->overlay = adw_toast_overlay_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 700, 400);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (fixture->overlay), composer);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->overlay);

  set_ticket (fixture, RAPPORT_COMPOSER (composer), g_ptr_array_index (fixture->tickets, 0));
  g_signal_connect (composer, "queued", G_CALLBACK (on_queued_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));

  return RAPPORT_COMPOSER (composer);
}

static GtkTextView *
text_view (RapportComposer *composer)
{
  GtkWidget *view = rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_TEXT_VIEW, "Reply");

  if (view == NULL)
    view = rapport_test_find_by_accessible_label (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW,
                                                  "Internal note");
  g_assert_nonnull (view);

  return GTK_TEXT_VIEW (view);
}

static void
type_text (RapportComposer *composer,
           const char      *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view (composer)), text, -1);
}

static gboolean
has_queued (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->queued != NULL;
}

static gboolean
has_no_ops (gpointer user_data)
{
  Fixture *fixture = user_data;
  RapportTicket *ticket = g_ptr_array_index (fixture->tickets, 0);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;

  ops = rapport_outbox_list_ops (fixture->store, rapport_ticket_get_id (ticket), NULL, &error);
  g_assert_no_error (error);

  return ops->len == 0;
}

static gboolean
posted_once (gpointer user_data)
{
  Fixture *fixture = user_data;

  return rapport_test_provider_get_n_posts (RAPPORT_TEST_PROVIDER (fixture->provider)) == 1;
}

typedef struct
{
  GtkWidget  *root;
  const char *prefix;
} LabelWait;

static gboolean
has_label (gpointer user_data)
{
  LabelWait *wait = user_data;

  return rapport_test_find_label_with_prefix (wait->root, wait->prefix) != NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0 &&
        gtk_widget_get_mapped (g_ptr_array_index (buttons, i)))
      return g_ptr_array_index (buttons, i);

  return NULL;
}

/* The undo bar's text when it is on screen (NULL otherwise). */
static const char *
undo_bar_text (RapportComposer *composer)
{
  GtkWidget *undo = find_button (GTK_WIDGET (composer), "Undo");
  GtkWidget *bar = undo != NULL ? gtk_widget_get_parent (undo) : NULL;
  GtkWidget *label = bar != NULL ? gtk_widget_get_first_child (bar) : NULL;

  if (label == NULL || !GTK_IS_LABEL (label) || !gtk_widget_get_mapped (label))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (label));
}

typedef struct
{
  RapportComposer *composer;
  const char      *prefix;
} BarWait;

static gboolean
bar_shows (gpointer user_data)
{
  BarWait *wait = user_data;
  const char *text = undo_bar_text (wait->composer);

  return text != NULL && g_str_has_prefix (text, wait->prefix);
}

static gboolean
bar_hidden (gpointer user_data)
{
  return undo_bar_text (user_data) == NULL;
}

/* The hint under the text, when shown. */
static const char *
hint_text (RapportComposer *composer)
{
  GtkLabel *label = rapport_test_find_label_with_prefix (GTK_WIDGET (composer), "Ctrl+Enter");

  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label)) ? gtk_label_get_text (label)
                                                                      : NULL;
}

/* Whether the words "Internal note — not sent to the customer" are on screen. */
static gboolean
note_label_shown (RapportComposer *composer)
{
  GtkLabel *label = rapport_test_find_label_with_prefix (GTK_WIDGET (composer),
                                                         "Internal note — not sent");

  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label));
}

static gboolean
is_active (gpointer user_data)
{
  return gtk_window_is_active (user_data);
}

/* Presses Ctrl+@keysym as the X server's own input (XTest): the event goes through GDK and
 * the whole propagation of GTK, from the focus widget up to the window, like a key on a
 * keyboard. The window is given the X input focus first. */
static void
press_control_key (GtkWidget *window,
                   KeySym     keysym)
{
  GdkDisplay *display = gtk_widget_get_display (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *xdisplay;
  KeyCode control, code;
  int event_base, error_base, major, minor;

  if (!GDK_IS_X11_DISPLAY (display))
    g_error ("Real key events need an X display with XTest (GDK_BACKEND=x11, as tools/test runs)");
  xdisplay = gdk_x11_display_get_xdisplay (display);
  if (!XTestQueryExtension (xdisplay, &event_base, &error_base, &major, &minor))
    g_error ("The X display has no XTest extension");

  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XFlush (xdisplay);
  rapport_test_wait_until (is_active, window, 5000, "the window to have the keyboard focus");

  control = XKeysymToKeycode (xdisplay, XK_Control_L);
  code = XKeysymToKeycode (xdisplay, keysym);
  g_assert_cmpuint (control, !=, 0);
  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (xdisplay, control, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, code, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, code, False, CurrentTime);
  XTestFakeKeyEvent (xdisplay, control, False, CurrentTime);
  XFlush (xdisplay);
}

/* The op of the first ticket with id @op_id as stored (NULL when gone). */
static RapportOutboxOp *
stored_op (Fixture *fixture,
           gint64   op_id)
{
  RapportTicket *ticket = g_ptr_array_index (fixture->tickets, 0);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;

  ops = rapport_outbox_list_ops (fixture->store, rapport_ticket_get_id (ticket), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    if (((RapportOutboxOp *) ops->pdata[i])->id == op_id)
      return rapport_outbox_op_copy (ops->pdata[i]);

  return NULL;
}

typedef struct
{
  RapportComposer *composer;
  const char      *text;
} TextWait;

static gboolean
has_text (gpointer user_data)
{
  TextWait *wait = user_data;
  g_autofree char *text = rapport_composer_dup_text (wait->composer);

  return g_strcmp0 (text, wait->text) == 0;
}

static gboolean
message_stored (RapportStore  *store,
                RapportTicket *ticket,
                const char    *body,
                const char   **remote_id)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = rapport_store_list_messages (store, rapport_ticket_get_id (ticket), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < messages->len; i++)
    if (g_strcmp0 (rapport_message_get_body (g_ptr_array_index (messages, i)), body) == 0)
      {
        if (remote_id != NULL)
          *remote_id = g_intern_string (rapport_message_get_remote_id (g_ptr_array_index (messages, i)));
        return TRUE;
      }

  return FALSE;
}

static gboolean
message_sent (gpointer user_data)
{
  Fixture *fixture = user_data;
  const char *remote_id = NULL;

  return message_stored (fixture->store, g_ptr_array_index (fixture->tickets, 0),
                         "Thanks, your refund is on its way.", &remote_id) &&
         g_strcmp0 (remote_id, "T-1") == 0;
}

/* ------------------------------------------------------------------------------------------ */

static void
test_new_destroy (void)
{
  GtkWidget *composer = g_object_ref_sink (rapport_composer_new ());

  g_assert_null (rapport_composer_get_workspace (RAPPORT_COMPOSER (composer)));
  g_assert_cmpint (rapport_composer_get_visibility (RAPPORT_COMPOSER (composer)), ==,
                   RAPPORT_VISIBILITY_PUBLIC);
  g_assert_false (rapport_composer_get_sending (RAPPORT_COMPOSER (composer)));
  g_assert_finalize_object (composer);
}

static void
test_modes (Fixture       *fixture,
            gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture);
  GtkWidget *send;
  GtkWidget *note;

  /* Empty: nothing to send. */
  send = rapport_test_find_by_accessible_label (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "Send");
  g_assert_nonnull (send);
  g_assert_true (gtk_widget_has_css_class (send, "suggested-action"));
  g_assert_false (gtk_widget_get_sensitive (send));

  type_text (composer, "Hello");
  g_assert_true (gtk_widget_get_sensitive (send));
  type_text (composer, "  \n ");
  g_assert_false (gtk_widget_get_sensitive (send));

  /* Internal note: its own accessible name, button label and tint. */
  note = find_button (GTK_WIDGET (composer), "Internal Note");
  g_assert_nonnull (note);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (note), TRUE);
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (composer), "internal"));
  g_assert_nonnull (rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_TEXT_VIEW, "Internal note"));
  g_assert_true (send == rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                                GTK_TYPE_BUTTON, "Add Note"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (send, "Add Note"));
  g_assert_true (note_label_shown (composer));

  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_PUBLIC);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (composer), "internal"));
  g_assert_false (note_label_shown (composer));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_button (GTK_WIDGET (composer),
                                                                               "Reply"))));
}

static void
test_send_at_once (Fixture       *fixture,
                   gconstpointer  user_data)
{
  RapportComposer *composer;
  LabelWait toast = { NULL, "Reply queued" };
  g_autofree char *left = NULL;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 0);
  rapport_workspace_start (fixture->workspace);
  composer = show_composer (fixture);
  toast.root = fixture->overlay;

  type_text (composer, "Thanks, your refund is on its way.");
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);

  /* Emptied at once. */
  left = rapport_composer_dup_text (composer);
  g_assert_cmpstr (left, ==, "");

  rapport_test_wait_until (has_queued, fixture, 10000, "the reply to be queued");
  g_assert_cmpint (fixture->queued->kind, ==, RAPPORT_OUTBOX_KIND_REPLY);
  g_assert_cmpint (fixture->queued->state, ==, RAPPORT_OUTBOX_STATE_READY);
  rapport_test_wait_until (has_label, &toast, 5000, "the toast");
  /* No undo-send window: no Undo. */
  g_assert_null (find_button (fixture->overlay, "Undo"));
  g_assert_null (undo_bar_text (composer));

  /* The push engine sends it; the local message takes the server's id. */
  rapport_test_wait_until (message_sent, fixture, 10000, "the reply to be sent");
  rapport_test_wait_until (has_no_ops, fixture, 10000, "the op to be done");
  g_assert_cmpuint (rapport_test_provider_get_n_posts (RAPPORT_TEST_PROVIDER (fixture->provider)),
                    ==, 1);
}

/* The selected text of @composer's text view. */
static char *
selected_text (RapportComposer *composer)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view (composer));
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return g_strdup ("");
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Tab pressed in the text view, as its key controller gets it; whether it was taken. */
static gboolean
press_tab (RapportComposer *composer)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (text_view (composer)));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      /* The composer's own, ahead of the text view's (capture phase). */
      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) ==
          GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Tab, 0, 0, &handled);
          if (handled)
            return TRUE;
        }
    }
  return FALSE;
}

/* A reply with a placeholder left is not sent: the placeholder is selected, Tab goes to the
 * next one; filled in, it goes. A note may hold one. */
static void
test_placeholder (Fixture       *fixture,
                  gconstpointer  user_data)
{
  RapportComposer *composer;
  LabelWait toast = { NULL, "Fill in the selected placeholder before sending" };
  g_autofree char *left = NULL;
  g_autofree char *selected = NULL;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 0);
  rapport_workspace_start (fixture->workspace);
  composer = show_composer (fixture);
  toast.root = fixture->overlay;

  type_text (composer, "Hi Chloé, order {{order_number|Order number}} is refunded; "
                       "the card shows it within {{days|Days}} days.");
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (has_label, &toast, 5000, "the toast about the placeholder");
  left = rapport_composer_dup_text (composer);
  g_assert_nonnull (strstr (left, "{{order_number|Order number}}"));
  selected = selected_text (composer);
  g_assert_cmpstr (selected, ==, "{{order_number|Order number}}");
  g_clear_pointer (&selected, g_free);
  g_assert_false (rapport_composer_get_sending (composer));

  /* Tab: the next one, then round to the first. */
  g_assert_true (press_tab (composer));
  selected = selected_text (composer);
  g_assert_cmpstr (selected, ==, "{{days|Days}}");
  g_clear_pointer (&selected, g_free);
  g_assert_true (press_tab (composer));
  selected = selected_text (composer);
  g_assert_cmpstr (selected, ==, "{{order_number|Order number}}");
  g_clear_pointer (&selected, g_free);

  /* Nothing was queued. */
  rapport_test_wait_ms (200);
  g_assert_null (fixture->queued);

  /* Filled in: Tab is Tab again, and the reply goes. */
  type_text (composer, "Hi Chloé, order 4490 is refunded; the card shows it within 5 days.");
  g_assert_false (press_tab (composer));
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (has_queued, fixture, 10000, "the reply to be queued");
  g_assert_cmpint (fixture->queued->kind, ==, RAPPORT_OUTBOX_KIND_REPLY);
  g_clear_pointer (&fixture->queued, rapport_outbox_op_free);

  /* An internal note may quote one. */
  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_INTERNAL);
  type_text (composer, "The template asks for {{order_number|Order number}}.");
  g_assert_false (press_tab (composer));
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (has_queued, fixture, 10000, "the note to be queued");
  g_assert_cmpint (fixture->queued->kind, ==, RAPPORT_OUTBOX_KIND_NOTE);
}

static void
test_send_held (Fixture       *fixture,
                gconstpointer  user_data)
{
  RapportComposer *composer;
  BarWait bar = { NULL, "Adding the note in 1 s" };
  gint64 queued_at;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 1);
  rapport_workspace_start (fixture->workspace);
  composer = show_composer (fixture);
  bar.composer = composer;

  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_INTERNAL);
  type_text (composer, "Thanks, your refund is on its way.");
  queued_at = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);

  rapport_test_wait_until (has_queued, fixture, 10000, "the note to be queued");
  g_assert_cmpint (fixture->queued->kind, ==, RAPPORT_OUTBOX_KIND_NOTE);
  g_assert_cmpint (fixture->queued->state, ==, RAPPORT_OUTBOX_STATE_HELD);
  g_assert_cmpint (fixture->queued->hold_until - fixture->queued->created_at, ==, 1000);
  g_assert_cmpuint (rapport_test_provider_get_n_posts (RAPPORT_TEST_PROVIDER (fixture->provider)),
                    ==, 0);
  rapport_test_wait_until (bar_shows, &bar, 5000, "the undo bar");
  g_assert_null (hint_text (composer));

  /* Sent once the second is over, not before; the bar goes with its window, the hint is
   * back. */
  rapport_test_wait_until (posted_once, fixture, 10000, "the note to be posted");
  g_assert_cmpint (g_get_monotonic_time () - queued_at, >=, 900 * 1000);
  rapport_test_wait_until (bar_hidden, composer, 1000, "the undo bar to go with its window");
  g_assert_cmpstr (hint_text (composer), ==, "Ctrl+Enter to add the note");
  rapport_test_wait_until (has_no_ops, fixture, 10000, "the op to be done");
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  user_data)
{
  RapportComposer *composer;
  BarWait bar = { NULL, "Adding the note in" };
  TextWait restored = { NULL, "Let me check with billing." };
  GtkWidget *undo;

  /* A long window: the Undo below is surely inside it. */
  g_settings_set_uint (fixture->settings, "undo-send-seconds", 30);
  rapport_workspace_start (fixture->workspace);
  composer = show_composer (fixture);
  bar.composer = composer;
  restored.composer = composer;

  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_INTERNAL);
  type_text (composer, "Let me check with billing.");
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_PUBLIC);
  rapport_test_wait_until (has_queued, fixture, 10000, "the note to be queued");
  g_assert_true (message_stored (fixture->store, g_ptr_array_index (fixture->tickets, 0),
                                 "Let me check with billing.", NULL));
  rapport_test_wait_until (bar_shows, &bar, 5000, "the undo bar");

  undo = find_button (GTK_WIDGET (composer), "Undo");
  g_assert_nonnull (undo);
  g_assert_true (gtk_widget_get_focusable (undo));
  g_signal_emit_by_name (undo, "clicked");

  /* The text is back, as a note; the op and its local message are gone; nothing was sent. */
  rapport_test_wait_until (has_text, &restored, 10000, "the text to come back");
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_true (has_no_ops (fixture));
  g_assert_false (message_stored (fixture->store, g_ptr_array_index (fixture->tickets, 0),
                                  "Let me check with billing.", NULL));
  g_assert_cmpuint (rapport_test_provider_get_n_posts (RAPPORT_TEST_PROVIDER (fixture->provider)),
                    ==, 0);
  rapport_test_wait_until (bar_hidden, composer, 1000, "the undo bar to go");
}

static void
test_undo_too_late (Fixture       *fixture,
                    gconstpointer  user_data)
{
  RapportComposer *composer;
  LabelWait toast = { NULL, "Already sent" };
  g_autofree char *left = NULL;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 1);
  rapport_workspace_start (fixture->workspace);
  composer = show_composer (fixture);
  toast.root = fixture->overlay;

  type_text (composer, "Thanks, your refund is on its way.");
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (has_queued, fixture, 10000, "the reply to be queued");
  rapport_test_wait_until (message_sent, fixture, 10000, "the reply to be sent");

  rapport_composer_undo (composer, rapport_composer_get_session (composer), fixture->queued->id,
                         RAPPORT_VISIBILITY_PUBLIC);
  rapport_test_wait_until (has_label, &toast, 10000, "“Already sent”");
  left = rapport_composer_dup_text (composer);
  g_assert_cmpstr (left, ==, "");
}

static gboolean
draft_is (Fixture           *fixture,
          RapportTicket     *ticket,
          const char        *expected,
          RapportVisibility  expected_visibility)
{
  RapportVisibility visibility = RAPPORT_VISIBILITY_PUBLIC;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;

  draft = rapport_drafts_load (fixture->store, rapport_account_get_id (fixture->account),
                               rapport_ticket_get_id (ticket), &visibility, NULL, &error);
  g_assert_no_error (error);

  return g_strcmp0 (draft, expected) == 0 && (draft == NULL || visibility == expected_visibility);
}

typedef struct
{
  Fixture           *fixture;
  RapportTicket     *ticket;
  const char        *text;
  RapportVisibility  visibility;
} DraftWait;

static gboolean
has_draft (gpointer user_data)
{
  DraftWait *wait = user_data;

  return draft_is (wait->fixture, wait->ticket, wait->text, wait->visibility);
}

static void
test_drafts (Fixture       *fixture,
             gconstpointer  user_data)
{
  RapportTicket *first = g_ptr_array_index (fixture->tickets, 0);
  RapportTicket *second = g_ptr_array_index (fixture->tickets, 1);
  RapportComposer *composer = show_composer (fixture);
  DraftWait wait = { fixture, first, "Half a thought", RAPPORT_VISIBILITY_INTERNAL };
  TextWait restored = { NULL, "Half a thought" };
  g_autofree char *text = NULL;

  /* Typing is saved after a pause. */
  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_INTERNAL);
  type_text (composer, "Half a thought");
  rapport_test_wait_until (has_draft, &wait, 5000, "the draft to be saved");

  /* Restart: a new composer restores text and visibility. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  rapport_test_release_and_wait (&fixture->window);
  composer = show_composer (fixture);
  restored.composer = composer;
  rapport_test_wait_until (has_text, &restored, 5000, "the draft to be restored");
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_INTERNAL);

  /* Another ticket: the text is saved at once (no pause), and the other ticket has none. */
  type_text (composer, "Half a thought, and more");
  set_ticket (fixture, composer, second);
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_PUBLIC);
  wait.text = "Half a thought, and more";
  rapport_test_wait_until (has_draft, &wait, 5000, "the draft to be saved on switching");

  /* Back on the first ticket; emptying the text deletes the draft. */
  set_ticket (fixture, composer, first);
  restored.text = "Half a thought, and more";
  rapport_test_wait_until (has_text, &restored, 5000, "the draft to come back");
  type_text (composer, "");
  wait.text = NULL;
  rapport_test_wait_until (has_draft, &wait, 5000, "the draft to be deleted");
  g_assert_true (draft_is (fixture, second, NULL, RAPPORT_VISIBILITY_PUBLIC));

  /* Unmapping saves at once. */
  type_text (composer, "Closing the window");
  gtk_widget_set_visible (fixture->window, FALSE);
  wait.text = "Closing the window";
  rapport_test_wait_until (has_draft, &wait, 500, "the draft to be saved on unmap");
}

/* Undo from the toast after the agent left the ticket and came back (the window makes a new
 * session of the ticket then): the text comes back into the composer that shows the ticket,
 * and stays in its draft when the agent goes on typing. */
static void
test_undo_after_return (Fixture       *fixture,
                        gconstpointer  user_data)
{
  RapportTicket *first = g_ptr_array_index (fixture->tickets, 0);
  RapportTicket *second = g_ptr_array_index (fixture->tickets, 1);
  RapportComposer *composer;
  BarWait bar = { NULL, "Sending the reply in" };
  TextWait restored = { NULL, "Refund text" };
  DraftWait wait = { fixture, first, NULL, RAPPORT_VISIBILITY_PUBLIC };
  GtkTextBuffer *buffer;
  GtkTextIter end;
  GtkWidget *undo;
  g_autofree char *all = NULL;
  g_autofree char *draft = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 30);
  rapport_workspace_start (fixture->workspace);
  composer = show_composer (fixture);
  bar.composer = composer;
  restored.composer = composer;

  type_text (composer, "Refund text");
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (has_queued, fixture, 10000, "the reply to be queued");
  rapport_test_wait_until (bar_shows, &bar, 5000, "the undo bar");

  /* Away: the bar stays, and names the ticket the reply is on. */
  set_ticket (fixture, composer, second);
  bar.prefix = "Sending the reply on “";
  rapport_test_wait_until (bar_shows, &bar, 2000, "the undo bar to name the other ticket");
  g_assert_nonnull (strstr (undo_bar_text (composer), rapport_ticket_get_subject (first)));

  /* And back: a new session of the same ticket, as RapportWindow makes it. */
  set_ticket (fixture, composer, first);

  undo = find_button (GTK_WIDGET (composer), "Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  rapport_test_wait_until (has_no_ops, fixture, 10000, "the op to be undone");
  rapport_test_wait_until (has_text, &restored, 5000, "the text to come back into the composer");

  /* The agent goes on typing: the autosaved draft keeps the text given back. */
  buffer = gtk_text_view_get_buffer (text_view (composer));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, " Typed later", -1);
  all = rapport_composer_dup_text (composer);
  wait.text = all;
  rapport_test_wait_until (has_draft, &wait, 5000, "the typed text to be saved");
  draft = rapport_drafts_load (fixture->store, rapport_account_get_id (fixture->account),
                               rapport_ticket_get_id (first), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (draft, "Refund text"));
}

/* Each ticket starts as a reply: a note on one ticket (with or without text) does not carry
 * over to another; a ticket's own note draft brings its mode back. */
static void
test_mode_per_ticket (Fixture       *fixture,
                      gconstpointer  user_data)
{
  RapportTicket *first = g_ptr_array_index (fixture->tickets, 0);
  RapportTicket *second = g_ptr_array_index (fixture->tickets, 1);
  RapportTicket *third = g_ptr_array_index (fixture->tickets, 2);
  RapportComposer *composer = show_composer (fixture);
  DraftWait wait = { fixture, first, "Customer is on the VIP plan", RAPPORT_VISIBILITY_INTERNAL };
  TextWait restored = { composer, "Customer is on the VIP plan" };

  /* A note on the first ticket, saved as its draft. */
  rapport_composer_start_note (composer);
  type_text (composer, "Customer is on the VIP plan");
  rapport_test_wait_until (has_draft, &wait, 5000, "the note draft to be saved");

  /* The others open as replies, and say so. */
  set_ticket (fixture, composer, second);
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_PUBLIC);
  rapport_test_wait_ms (300);
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_PUBLIC);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (composer), "internal"));
  g_assert_false (note_label_shown (composer));
  g_assert_cmpstr (hint_text (composer), ==, "Ctrl+Enter to send");
  g_assert_nonnull (rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_BUTTON, "Send"));

  /* Note mode chosen on an empty composer stays with nothing. */
  rapport_composer_start_note (composer);
  set_ticket (fixture, composer, third);
  rapport_test_wait_ms (300);
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_PUBLIC);
  set_ticket (fixture, composer, second);
  rapport_test_wait_ms (300);
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_PUBLIC);

  /* The first ticket's own note comes back as a note. */
  set_ticket (fixture, composer, first);
  rapport_test_wait_until (has_text, &restored, 5000, "the note draft to come back");
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_true (note_label_shown (composer));

  /* r keeps the note a note (its text never becomes a reply by a key); n on a reply makes
   * it a note. */
  rapport_composer_start_reply (composer);
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_INTERNAL);
  set_ticket (fixture, composer, second);
  type_text (composer, "Hello Chloé");
  rapport_composer_start_note (composer);
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (text_view (composer))));
}

/* The hint under the text and the words next to the mode say what Ctrl+Enter does. */
static void
test_note_hint (Fixture       *fixture,
                gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture);
  GtkWidget *send = rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_BUTTON, "Send");

  rapport_test_wait_for_frame (GTK_WIDGET (composer));
  g_assert_cmpstr (hint_text (composer), ==, "Ctrl+Enter to send");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send), ==, "Send (Ctrl+Enter)");
  g_assert_false (note_label_shown (composer));

  rapport_composer_start_note (composer);
  rapport_test_wait_for_frame (GTK_WIDGET (composer));
  g_assert_cmpstr (hint_text (composer), ==, "Ctrl+Enter to add the note");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send), ==, "Add Note (Ctrl+Enter)");
  g_assert_true (note_label_shown (composer));
  g_assert_nonnull (rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_TEXT_VIEW, "Internal note"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (composer), "internal"));

  rapport_composer_start_reply (composer);
  g_assert_cmpstr (hint_text (composer), ==, "Ctrl+Enter to send");
  g_assert_false (note_label_shown (composer));
}

/* Types @body as the agent does (one step of the text view's undo each) and sends it with
 * Ctrl+Enter; waits for the undo bar. */
static void
send_and_wait_for_bar (Fixture         *fixture,
                       RapportComposer *composer,
                       const char      *body)
{
  BarWait bar = { composer, "Sending the reply in" };
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view (composer));

  g_clear_pointer (&fixture->queued, rapport_outbox_op_free);
  type_text (composer, "");
  gtk_text_buffer_insert_interactive_at_cursor (buffer, body, -1, TRUE);
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (has_queued, fixture, 10000, "the reply to be queued");
  rapport_test_wait_until (bar_shows, &bar, 5000, "the undo bar");
}

/* Ctrl+Z, pressed as a real key: in the emptied composer it takes the send back (the text
 * view's own undo has nothing to bring back: the text comes back once, from the outbox); with
 * the focus elsewhere in the window it does the same; with nothing to take back it does
 * nothing. */
static void
test_undo_key (Fixture       *fixture,
               gconstpointer  user_data)
{
  RapportComposer *composer;
  TextWait restored = { NULL, "Your refund went out today." };
  GtkWidget *elsewhere;
  GtkWidget *box;
  GtkTextBuffer *buffer;
  g_autofree char *text = NULL;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 30);
  composer = show_composer (fixture);
  restored.composer = composer;

  /* Something else in the window to hold the focus. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  elsewhere = gtk_button_new_with_label ("Elsewhere");
  g_object_ref (fixture->overlay);
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);
  gtk_box_append (GTK_BOX (box), elsewhere);
  gtk_box_append (GTK_BOX (box), fixture->overlay);
  g_object_unref (fixture->overlay);
  rapport_test_wait_for_frame (GTK_WIDGET (composer));

  /* In the composer, as after Ctrl+Enter. */
  gtk_widget_grab_focus (GTK_WIDGET (text_view (composer)));
  send_and_wait_for_bar (fixture, composer, "Your refund went out today.");
  buffer = gtk_text_view_get_buffer (text_view (composer));
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (text_view (composer))));
  press_control_key (fixture->window, XK_z);
  rapport_test_wait_until (has_text, &restored, 10000, "Ctrl+Z to give the text back");
  rapport_test_wait_until (has_no_ops, fixture, 10000, "the op to be taken back");
  rapport_test_wait_ms (200);
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Your refund went out today.");
  g_clear_pointer (&text, g_free);
  g_assert_null (undo_bar_text (composer));
  /* The text given back is not undone by the next Ctrl+Z in the text either. */
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));

  /* Focus elsewhere in the window. */
  send_and_wait_for_bar (fixture, composer, "Your refund went out today.");
  gtk_widget_grab_focus (elsewhere);
  g_assert_true (gtk_widget_has_focus (elsewhere));
  press_control_key (fixture->window, XK_z);
  rapport_test_wait_until (has_text, &restored, 10000, "Ctrl+Z elsewhere to give the text back");
  rapport_test_wait_until (has_no_ops, fixture, 10000, "the op to be taken back");

  /* Nothing to take back: the text stays as it is. */
  press_control_key (fixture->window, XK_z);
  rapport_test_wait_ms (300);
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Your refund went out today.");
  g_assert_cmpuint (rapport_test_provider_get_n_posts (RAPPORT_TEST_PROVIDER (fixture->provider)),
                    ==, 0);
}

/* The undo-send window is shown inside the composer, over none of it: no toast is laid over
 * the composer (the window's toast overlay is around it, as in RapportWindow), and the bar
 * takes the hint's place, away from the text and Send. */
static void
test_undo_bar_placement (Fixture       *fixture,
                         gconstpointer  user_data)
{
  RapportComposer *composer;
  GtkWidget *overlay_child;
  GtkWidget *undo;
  GtkWidget *bar;
  GtkWidget *frame;
  GtkWidget *send;
  graphene_rect_t composer_bounds, bar_bounds, frame_bounds, send_bounds, other, meet;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 30);
  composer = show_composer (fixture);
  rapport_test_wait_for_frame (GTK_WIDGET (composer));
  send_and_wait_for_bar (fixture, composer, "We sent a new card.");
  rapport_test_wait_for_frame (GTK_WIDGET (composer));

  undo = find_button (GTK_WIDGET (composer), "Undo");
  bar = gtk_widget_get_parent (undo);
  frame = gtk_widget_get_ancestor (GTK_WIDGET (text_view (composer)), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (frame);
  send = rapport_test_find_by_accessible_label (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "Send");

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (composer), fixture->window,
                                            &composer_bounds));
  g_assert_true (gtk_widget_compute_bounds (bar, fixture->window, &bar_bounds));
  g_assert_true (gtk_widget_compute_bounds (frame, fixture->window, &frame_bounds));
  g_assert_true (gtk_widget_compute_bounds (send, fixture->window, &send_bounds));
  g_assert_cmpfloat (bar_bounds.size.width, >, 0);
  g_assert_true (graphene_rect_contains_rect (&composer_bounds, &bar_bounds));
  g_assert_false (graphene_rect_intersection (&bar_bounds, &frame_bounds, &meet));
  g_assert_false (graphene_rect_intersection (&bar_bounds, &send_bounds, &meet));

  /* Nothing else laid over the composer by the overlay (its toasts are its other children). */
  overlay_child = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (fixture->overlay));
  for (GtkWidget *child = gtk_widget_get_first_child (fixture->overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child == overlay_child || !gtk_widget_get_mapped (child))
        continue;
      g_assert_true (gtk_widget_compute_bounds (child, fixture->window, &other));
      g_assert_false (graphene_rect_intersection (&other, &composer_bounds, &meet));
    }
}

/* The undo-send window counts from when the bar is on screen: sent while the composer is not
 * shown, the op keeps the window it was queued with; shown 1.5 s later, the op is held for
 * the whole window from then, and the bar counts that down. */
static void
test_countdown_starts_on_map (Fixture       *fixture,
                              gconstpointer  user_data)
{
  RapportComposer *composer;
  g_autoptr(RapportOutboxOp) op = NULL;
  gint64 queued_until, shown_at;
  guint left_s = 0, expected_s;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 30);
  composer = show_composer (fixture);
  gtk_widget_set_visible (GTK_WIDGET (composer), FALSE);

  type_text (composer, "Checked with the warehouse.");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  rapport_test_wait_until (has_queued, fixture, 10000, "the reply to be queued");
  queued_until = fixture->queued->hold_until;
  g_assert_cmpint (queued_until - fixture->queued->created_at, ==, 30000);

  /* Not seen: the window is the one it was queued with. */
  rapport_test_wait_ms (1500);
  op = stored_op (fixture, fixture->queued->id);
  g_assert_nonnull (op);
  g_assert_cmpint (op->hold_until, ==, queued_until);
  g_clear_pointer (&op, rapport_outbox_op_free);

  shown_at = g_get_real_time () / 1000;
  gtk_widget_set_visible (GTK_WIDGET (composer), TRUE);
  rapport_test_wait_for_frame (GTK_WIDGET (composer));

  /* Held for the whole window from the frame that showed it. */
  for (guint tries = 0; tries < 100; tries++)
    {
      g_clear_pointer (&op, rapport_outbox_op_free);
      op = stored_op (fixture, fixture->queued->id);
      g_assert_nonnull (op);
      if (op->hold_until != queued_until)
        break;
      rapport_test_wait_ms (50);
    }
  g_assert_cmpint (op->state, ==, RAPPORT_OUTBOX_STATE_HELD);
  g_assert_cmpint (op->hold_until, >=, shown_at + 30000);
  g_assert_cmpint (op->hold_until, <=, g_get_real_time () / 1000 + 30000);
  g_assert_cmpint (op->hold_until - queued_until, >=, 1500);

  /* The bar and the store agree. */
  g_assert_nonnull (undo_bar_text (composer));
  g_assert_cmpint (sscanf (undo_bar_text (composer), "Sending the reply in %u s", &left_s), ==, 1);
  expected_s = (guint) ((op->hold_until - g_get_real_time () / 1000 + 999) / 1000);
  /* (Its next second may be a few milliseconds late.) */
  g_assert_cmpuint (left_s, >=, expected_s);
  g_assert_cmpuint (left_s, <=, expected_s + 1);
  g_assert_cmpuint (left_s, >=, 28);
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture);
  GtkWidget *send;

  g_assert_false (rapport_workspace_get_can_write (fixture->workspace));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (composer),
                                                         "This helpdesk account cannot send"));
  send = rapport_test_find_by_accessible_label (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "Send");
  type_text (composer, "Hello");
  g_assert_false (gtk_widget_get_sensitive (send));
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_null (fixture->queued);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/composer/new-destroy", test_new_destroy);
  g_test_add ("/rapport/ui/composer/modes", Fixture, NULL,
              fixture_set_up, test_modes, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/send-at-once", Fixture, NULL,
              fixture_set_up, test_send_at_once, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/placeholder", Fixture, NULL,
              fixture_set_up, test_placeholder, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/send-held", Fixture, NULL,
              fixture_set_up, test_send_held, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/undo", Fixture, NULL,
              fixture_set_up, test_undo, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/undo-too-late", Fixture, NULL,
              fixture_set_up, test_undo_too_late, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/undo-after-return", Fixture, NULL,
              fixture_set_up, test_undo_after_return, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/drafts", Fixture, NULL,
              fixture_set_up, test_drafts, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/mode-per-ticket", Fixture, NULL,
              fixture_set_up, test_mode_per_ticket, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/note-hint", Fixture, NULL,
              fixture_set_up, test_note_hint, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/undo-key", Fixture, NULL,
              fixture_set_up, test_undo_key, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/undo-bar-placement", Fixture, NULL,
              fixture_set_up, test_undo_bar_placement, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/countdown-starts-on-map", Fixture, NULL,
              fixture_set_up, test_countdown_starts_on_map, fixture_tear_down);
  g_test_add ("/rapport/ui/composer/read-only", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_read_only, fixture_tear_down);

  return g_test_run ();
}
