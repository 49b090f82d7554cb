/* empty-window.c — the baseline for Rapport's cold start: an empty GTK window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkApplication showing one empty GtkWindow. On its first painted frame it prints
 * first-frame-us=<g_get_real_time()> (the line Rapport prints under
 * RAPPORT_EXIT_AFTER_FIRST_FRAME) and rss-kb=<VmRSS>, then quits.
 */
#define G_LOG_DOMAIN "rapport-empty-window"

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

static gint64
read_rss_kb (void)
{
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, &error))
    {
      g_warning ("Could not read /proc/self/status: %s", error->message);
      return -1;
    }
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10) : -1;
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_after_paint_cb, window);
  g_print ("first-frame-us=%" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_print ("rss-kb=%" G_GINT64_FORMAT "\n", read_rss_kb ());
  fflush (stdout);
  gtk_window_destroy (window);
}

static void
on_map_cb (GtkWidget *window,
           gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), window);
}

static void
on_activate_cb (GtkApplication *app,
                gpointer        user_data)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Empty");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "map", G_CALLBACK (on_map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;

  app = gtk_application_new ("io.github.rapportdesk.RapportBenchEmptyWindow",
                             G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
