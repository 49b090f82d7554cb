/* frame-floor.c — the floor of a ticket switch's frame: the same change, the least work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A libadwaita window of Rapport's size and shape, made of plain boxes and labels (no list
 * views, no models, no store): a ticket list of nine rows, a conversation with a wrapped
 * title, a meta line, three message cards and three suggestion rows, and a customer panel
 * with an avatar, a name, three lines and five history rows — about the text a ticket switch
 * of Rapport's demo workspace shows. Each press of j moves the list's selection to the next
 * row and puts another ticket's text, precomputed, into every label of the conversation and
 * the customer panel. The frame that shows it is the least a ticket switch can cost on this
 * machine with GTK and libadwaita: text shaping of what changed, layout and the repaint.
 *
 * It prints the lines of Rapport's trace hook (src/ui/rapport-trace.h), so the benchmark's
 * driver reads it like the app: "rapport-trace-loaded …" once the window is shown, then for
 * each key "rapport-trace what=floor key=j key-us=… ready-us=… frame-us=… painted-us=…
 * hook-us=0" with g_get_monotonic_time() at the key press and at the end of the after-paint
 * of the frame that shows the new text.
 */
#define G_LOG_DOMAIN "rapport-frame-floor"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#define N_LIST_ROWS     9
#define N_MESSAGES      3
#define N_SUGGESTIONS   3
#define N_HISTORY       5
#define N_VARIANTS      16

typedef struct
{
  GtkWidget *list_rows[N_LIST_ROWS];
  GtkWidget *title;
  GtkWidget *meta;
  GtkWidget *message_avatar[N_MESSAGES];
  GtkWidget *message_author[N_MESSAGES];
  GtkWidget *message_time[N_MESSAGES];
  GtkWidget *message_body[N_MESSAGES];
  GtkWidget *suggestion_title[N_SUGGESTIONS];
  GtkWidget *suggestion_detail[N_SUGGESTIONS];
  GtkWidget *avatar;
  GtkWidget *name;
  GtkWidget *summary;
  GtkWidget *last_contact;
  GtkWidget *money;
  GtkWidget *history_subject[N_HISTORY];
  GtkWidget *history_preview[N_HISTORY];
  guint      variant;
  gint64     key_us;      /* 0: no key waits for a frame */
  gint64     ready_us;
} Floor;

static const char * const first_names[] = {
  "Andre", "Imane", "Chloé", "Eetu", "Farkas", "Katarzyna", "Ava", "Varga", "Sam", "Lucía",
  "Olumide", "Mei", "Jonas", "Priya", "Tomás", "Hana",
};
static const char * const last_names[] = {
  "White", "Chraibi", "Silva", "Mäkinen", "Dániel", "Wróbel", "Jackson", "Zsófia", "Rivera",
  "Fernández", "Adeyemi", "Lin", "Berg", "Natarajan", "Novák", "Sato",
};
static const char * const subjects[] = {
  "Wrong address on invoice", "Account locked after failed logins", "Payment failed but my card works",
  "Cancel before it ships?", "Too many login attempts", "Error when I try to pay",
  "Cancel my subscription", "Can't reset my password", "Charged twice for one order",
  "Parcel shows delivered but never arrived", "Gift card balance is wrong", "Promo code not accepted",
  "Tracking number does not work", "Dark mode resets after update", "Refund not received yet",
  "Wrong item was delivered",
};
static const char * const bodies[] = {
  "Thanks. The postcode is still wrong though.",
  "Could you also correct the two invoices before that one? The billing address on both still shows my old flat.",
  "I added a new card. Can you retry the payment today? The order has been waiting since Monday.",
  "Hi, I've updated the billing address on your account and sent corrected invoices to your email. Let me know if anything still looks wrong.",
  "It locked again ten minutes later. I only tried once with the password from the reset email.",
  "Please cancel my subscription before the next renewal, I was charged last month although I asked for it to stop.",
  "The courier says it was left at the door, but nobody was home and the neighbours have not seen it either.",
  "When will the money be back on my account? Your email said five working days and it has been eight.",
};

static void
show_variant (Floor *floor,
              guint  variant)
{
  guint v = variant % N_VARIANTS;
  g_autofree char *name = g_strdup_printf ("%s %s", first_names[v], last_names[(v * 7) % N_VARIANTS]);
  g_autofree char *title = g_strdup_printf ("%s INV-2026-%05u", subjects[v], 20000 + v * 131);
  g_autofree char *meta = g_strdup_printf ("#%u-2 · Assigned to Sam Rivera", 5780 + v * 17);
  g_autofree char *summary = g_strdup_printf ("%u tickets · %u open", 2 + v % 5, 1 + v % 3);
  g_autofree char *last = g_strdup_printf ("Last contact %u hours ago about %s", 1 + v % 9, title);
  g_autofree char *money = g_strdup_printf ("Credits: $%u.%02u to date, $0.00 in the last 30 days",
                                            v * 3 + 1, (v * 37) % 100);

  for (guint i = 0; i < N_LIST_ROWS; i++)
    {
      if (i == variant % N_LIST_ROWS)
        gtk_widget_add_css_class (floor->list_rows[i], "selected-row");
      else
        gtk_widget_remove_css_class (floor->list_rows[i], "selected-row");
    }

  gtk_label_set_text (GTK_LABEL (floor->title), title);
  gtk_label_set_text (GTK_LABEL (floor->meta), meta);
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autofree char *time = g_strdup_printf ("Chat · %02u:%02u", 7 + i, (v * 7 + i * 3) % 60);

      adw_avatar_set_text (ADW_AVATAR (floor->message_avatar[i]), name);
      gtk_label_set_text (GTK_LABEL (floor->message_author[i]), i == 1 ? "Sam Rivera" : name);
      gtk_label_set_text (GTK_LABEL (floor->message_time[i]), time);
      gtk_label_set_text (GTK_LABEL (floor->message_body[i]), bodies[(v + i * 3) % G_N_ELEMENTS (bodies)]);
    }
  for (guint i = 0; i < N_SUGGESTIONS; i++)
    {
      g_autofree char *detail = g_strdup_printf ("Canned response · Matches “%s”, “invoice” · Used %u times",
                                                 subjects[(v + i) % N_VARIANTS], 3 + v + i);

      gtk_label_set_text (GTK_LABEL (floor->suggestion_title[i]), subjects[(v + i + 5) % N_VARIANTS]);
      gtk_label_set_text (GTK_LABEL (floor->suggestion_detail[i]), detail);
    }
  adw_avatar_set_text (ADW_AVATAR (floor->avatar), name);
  gtk_label_set_text (GTK_LABEL (floor->name), name);
  gtk_label_set_text (GTK_LABEL (floor->summary), summary);
  gtk_label_set_text (GTK_LABEL (floor->last_contact), last);
  gtk_label_set_text (GTK_LABEL (floor->money), money);
  for (guint i = 0; i < N_HISTORY; i++)
    {
      gtk_label_set_text (GTK_LABEL (floor->history_subject[i]), i < 4 ? title : subjects[(v + 3) % N_VARIANTS]);
      gtk_label_set_text (GTK_LABEL (floor->history_preview[i]), bodies[(v + i) % G_N_ELEMENTS (bodies)]);
    }
}

/* ---------------------------------------------------------------------------------- */

static GtkWidget *
label_new (const char *css_class,
           gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
box_new (GtkOrientation orientation,
         int            spacing,
         int            margin)
{
  GtkWidget *box = gtk_box_new (orientation, spacing);

  gtk_widget_set_margin_start (box, margin);
  gtk_widget_set_margin_end (box, margin);
  gtk_widget_set_margin_top (box, margin);
  gtk_widget_set_margin_bottom (box, margin);
  return box;
}

static GtkWidget *
build_list (Floor *floor)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), gtk_label_new ("My open"));
  gtk_box_append (GTK_BOX (column), header);
  for (guint i = 0; i < N_LIST_ROWS; i++)
    {
      GtkWidget *row = box_new (GTK_ORIENTATION_HORIZONTAL, 12, 6);
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = label_new ("heading", FALSE);
      GtkWidget *subject = label_new (NULL, FALSE);
      GtkWidget *preview = label_new ("dim-label", FALSE);
      g_autofree char *who = g_strdup_printf ("%s %s", first_names[i], last_names[i]);

      gtk_label_set_text (GTK_LABEL (name), who);
      gtk_label_set_text (GTK_LABEL (subject), subjects[i]);
      gtk_label_set_text (GTK_LABEL (preview), bodies[i % G_N_ELEMENTS (bodies)]);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (text), name);
      gtk_box_append (GTK_BOX (text), subject);
      gtk_box_append (GTK_BOX (text), preview);
      gtk_box_append (GTK_BOX (row), adw_avatar_new (36, who, TRUE));
      gtk_box_append (GTK_BOX (row), text);
      gtk_box_append (GTK_BOX (column), row);
      floor->list_rows[i] = row;
    }
  return column;
}

static GtkWidget *
build_conversation (Floor *floor)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = box_new (GTK_ORIENTATION_VERTICAL, 12, 18);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *composer = gtk_text_view_new ();

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_box_append (GTK_BOX (column), header);
  gtk_widget_set_hexpand (column, TRUE);

  floor->title = label_new ("title-2", TRUE);
  floor->meta = label_new ("dim-label", TRUE);
  gtk_box_append (GTK_BOX (content), floor->title);
  gtk_box_append (GTK_BOX (content), floor->meta);
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      GtkWidget *card = box_new (GTK_ORIENTATION_VERTICAL, 6, 0);
      GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
      GtkWidget *who = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_widget_add_css_class (card, "card");
      floor->message_avatar[i] = adw_avatar_new (32, NULL, TRUE);
      floor->message_author[i] = label_new ("heading", FALSE);
      floor->message_time[i] = label_new ("caption", FALSE);
      floor->message_body[i] = label_new (NULL, TRUE);
      gtk_label_set_selectable (GTK_LABEL (floor->message_body[i]), TRUE);
      gtk_widget_set_margin_start (floor->message_body[i], 12);
      gtk_widget_set_margin_end (floor->message_body[i], 12);
      gtk_widget_set_margin_bottom (floor->message_body[i], 12);
      gtk_widget_set_margin_top (top, 12);
      gtk_widget_set_margin_start (top, 12);
      gtk_box_append (GTK_BOX (who), floor->message_author[i]);
      gtk_box_append (GTK_BOX (who), floor->message_time[i]);
      gtk_box_append (GTK_BOX (top), floor->message_avatar[i]);
      gtk_box_append (GTK_BOX (top), who);
      gtk_box_append (GTK_BOX (card), top);
      gtk_box_append (GTK_BOX (card), floor->message_body[i]);
      gtk_box_append (GTK_BOX (content), card);
    }
  gtk_box_append (GTK_BOX (content), label_new ("heading", FALSE));
  for (guint i = 0; i < N_SUGGESTIONS; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      floor->suggestion_title[i] = label_new ("heading", FALSE);
      floor->suggestion_detail[i] = label_new ("caption", FALSE);
      gtk_box_append (GTK_BOX (row), floor->suggestion_title[i]);
      gtk_box_append (GTK_BOX (row), floor->suggestion_detail[i]);
      gtk_box_append (GTK_BOX (content), row);
    }
  gtk_widget_set_size_request (composer, -1, 80);
  gtk_widget_add_css_class (composer, "card");
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (column), content);
  gtk_widget_set_margin_start (composer, 18);
  gtk_widget_set_margin_end (composer, 18);
  gtk_widget_set_margin_bottom (composer, 18);
  gtk_box_append (GTK_BOX (column), composer);
  return column;
}

static GtkWidget *
build_customer (Floor *floor)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = box_new (GTK_ORIENTATION_VERTICAL, 8, 14);
  GtkWidget *header = adw_header_bar_new ();

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_box_append (GTK_BOX (column), header);

  floor->avatar = adw_avatar_new (64, NULL, TRUE);
  floor->name = label_new ("title-2", FALSE);
  floor->summary = label_new ("dim-label", FALSE);
  floor->last_contact = label_new (NULL, TRUE);
  floor->money = label_new (NULL, TRUE);
  gtk_widget_set_halign (floor->name, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (floor->summary, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (content), floor->avatar);
  gtk_box_append (GTK_BOX (content), floor->name);
  gtk_box_append (GTK_BOX (content), floor->summary);
  gtk_box_append (GTK_BOX (content), floor->last_contact);
  gtk_box_append (GTK_BOX (content), floor->money);
  for (guint i = 0; i < N_HISTORY; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      floor->history_subject[i] = label_new ("heading", TRUE);
      floor->history_preview[i] = label_new ("dim-label", FALSE);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (text), floor->history_subject[i]);
      gtk_box_append (GTK_BOX (text), floor->history_preview[i]);
      gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("mail-unread-symbolic"));
      gtk_box_append (GTK_BOX (row), text);
      gtk_box_append (GTK_BOX (content), row);
    }
  gtk_box_append (GTK_BOX (column), content);
  return column;
}

/* The three panes side by side at fixed widths (the middle one takes the rest), each measured
 * only for the width it gets: the least layout work (a horizontal GtkBox would ask the wrapping
 * labels for their width at a given height, a search over widths). */
static const int pane_widths[] = { 320, 1, -1, 1, 340 };

static GtkSizeRequestMode
panes_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static int
pane_width (guint index,
            int   total)
{
  int fixed = 0;

  if (pane_widths[index] >= 0)
    return pane_widths[index];
  for (guint i = 0; i < G_N_ELEMENTS (pane_widths); i++)
    fixed += MAX (pane_widths[i], 0);
  return MAX (total - fixed, 200);
}

static void
panes_measure (GtkWidget      *widget,
               GtkOrientation  orientation,
               int             for_size,
               int            *minimum,
               int            *natural,
               int            *minimum_baseline,
               int            *natural_baseline)
{
  guint index = 0;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child), index++)
    {
      int child_min = 0, child_nat = 0;

      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum += pane_width (index, 0);
          *natural += pane_width (index, 0);
          continue;
        }
      gtk_widget_measure (child, orientation, pane_width (index, for_size < 0 ? 1280 : for_size),
                          &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
panes_allocate (GtkWidget *widget,
                int        width,
                int        height,
                int        baseline)
{
  guint index = 0;
  int x = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child), index++)
    {
      int w = pane_width (index, width);

      gtk_widget_size_allocate (child, &(GtkAllocation) { x, 0, w, height }, -1);
      x += w;
    }
}

/* ---------------------------------------------------------------------------------- */

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   Floor         *floor)
{
  static gboolean loaded = FALSE;

  if (!loaded)
    {
      loaded = TRUE;
      g_print ("rapport-trace-loaded loaded-us=%" G_GINT64_FORMAT " failed=0\n",
               g_get_monotonic_time ());
      fflush (stdout);
      return;
    }
  if (floor->key_us == 0)
    return;
  g_print ("rapport-trace what=floor key=j key-us=%" G_GINT64_FORMAT " ready-us=%" G_GINT64_FORMAT
           " frame-us=%" G_GINT64_FORMAT " painted-us=%" G_GINT64_FORMAT " hook-us=0\n",
           floor->key_us, floor->ready_us, gdk_frame_clock_get_frame_time (frame_clock),
           g_get_monotonic_time ());
  fflush (stdout);
  floor->key_us = 0;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   Floor                 *floor)
{
  if (keyval != GDK_KEY_j)
    return FALSE;
  floor->key_us = g_get_monotonic_time ();
  show_variant (floor, ++floor->variant);
  floor->ready_us = g_get_monotonic_time ();
  return TRUE;
}

static void
on_map_cb (GtkWidget *window,
           Floor     *floor)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), floor);
}

static void
on_activate_cb (GtkApplication *app,
                Floor          *floor)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *panes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkLayoutManager *layout = gtk_custom_layout_new (panes_request_mode, panes_measure,
                                                    panes_allocate);
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_data (css, ".selected-row { background: alpha(@accent_bg_color, 0.15); }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_box_append (GTK_BOX (panes), build_list (floor));
  gtk_box_append (GTK_BOX (panes), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (panes), build_conversation (floor));
  gtk_box_append (GTK_BOX (panes), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (panes), build_customer (floor));
  gtk_widget_set_layout_manager (panes, layout);
  show_variant (floor, 0);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), floor);
  gtk_widget_add_controller (window, keys);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), panes);
  gtk_window_set_title (GTK_WINDOW (window), "Frame floor");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "map", G_CALLBACK (on_map_cb), floor);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  Floor floor = { 0, };

  app = adw_application_new ("io.github.rapportdesk.RapportBenchFrameFloor",
                             G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), &floor);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
