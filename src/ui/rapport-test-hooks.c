/* rapport-test-hooks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-hooks"

#include "config.h"

#include <stdio.h>

#include "rapport-test-hooks.h"
#include "rapport-trace.h"

static void
quit_application (void)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL)
    g_application_quit (app);
}

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
  if (line == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

gboolean
rapport_widget_save_png (GtkWidget   *widget,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GtkNative *native;
  GskRenderer *renderer;
  int width;
  int height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  native = gtk_widget_get_native (widget);
  renderer = native ? gtk_native_get_renderer (native) : NULL;
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "The widget has not been shown yet");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "The widget has not been painted yet");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }

  return TRUE;
}

/* RAPPORT_EXIT_AFTER_FIRST_FRAME */

static void
on_first_frame_cb (GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_first_frame_cb, user_data);
  g_print ("first-frame-us=%" G_GINT64_FORMAT "\n", g_get_real_time ());
  fflush (stdout);
  quit_application ();
}

static void
on_window_mapped_cb (GtkWidget *window,
                     gpointer   user_data)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, on_window_mapped_cb, user_data);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_first_frame_cb), NULL);
}

/* RAPPORT_EXIT_AFTER_LOAD */

static void
on_loaded_cb (RapportWindow *window,
              GParamSpec    *pspec,
              gpointer       user_data)
{
  if (rapport_window_get_failed (window))
    {
      g_signal_handlers_disconnect_by_func (window, on_loaded_cb, user_data);
      g_printerr ("The workspace could not be opened; see the warning above\n");
      quit_application ();
      return;
    }

  if (!rapport_window_get_loaded (window))
    return;

  g_signal_handlers_disconnect_by_func (window, on_loaded_cb, user_data);
  g_print ("loaded-us=%" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_print ("rss-kb=%" G_GINT64_FORMAT "\n", read_rss_kb ());
  fflush (stdout);
  quit_application ();
}

/* RAPPORT_TRACE: once the workspace is loaded and its sync at start is over, one line says
 * the window is ready for keys (a driver waits for it before its first key). */

static void
on_trace_state_cb (RapportWindow *window,
                   GParamSpec    *pspec,
                   gpointer       user_data)
{
  if (!rapport_window_get_failed (window) &&
      (!rapport_window_get_loaded (window) || rapport_window_get_syncing (window)))
    return;

  g_signal_handlers_disconnect_by_func (window, on_trace_state_cb, user_data);
  g_print ("rapport-trace-loaded loaded-us=%" G_GINT64_FORMAT " failed=%d\n",
           g_get_monotonic_time (), rapport_window_get_failed (window));
  fflush (stdout);
}

/* RAPPORT_SCREENSHOT */

typedef struct
{
  RapportWindow *window;
  char          *path;
  gulong         after_paint_id;
  GdkFrameClock *frame_clock;
  guint          tries;
} Screenshot;

static void
screenshot_free (Screenshot *shot)
{
  if (shot->frame_clock != NULL)
    g_clear_signal_handler (&shot->after_paint_id, shot->frame_clock);
  g_clear_object (&shot->frame_clock);
  g_clear_object (&shot->window);
  g_free (shot->path);
  g_free (shot);
}

static gboolean
quit_cb (gpointer user_data)
{
  quit_application ();

  return G_SOURCE_REMOVE;
}

static void
on_screenshot_painted_cb (GdkFrameClock *frame_clock,
                          gpointer       user_data)
{
  Screenshot *shot = user_data;
  g_autoptr(GError) error = NULL;

  /* Right after painting, the window's layout is clean and its picture current. */
  if (!rapport_widget_save_png (GTK_WIDGET (shot->window), shot->path, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED) && ++shot->tries < 10)
        {
          gtk_widget_queue_draw (GTK_WIDGET (shot->window));
          return;
        }
      g_printerr ("Could not save the screenshot: %s\n", error->message);
    }
  else
    {
      g_print ("screenshot=%s\n", shot->path);
    }

  screenshot_free (shot);
  g_idle_add (quit_cb, NULL);
}

static void
on_screenshot_state_cb (RapportWindow *window,
                        GParamSpec    *pspec,
                        gpointer       user_data)
{
  Screenshot *shot = user_data;

  /* The loaded workspace, the welcome page, or the error page when it could not be opened. */
  if (!rapport_window_get_failed (window) &&
      g_strcmp0 (rapport_window_get_page (window), "welcome") != 0 &&
      (!rapport_window_get_loaded (window) || rapport_window_get_syncing (window)))
    return;

  g_signal_handlers_disconnect_by_func (window, on_screenshot_state_cb, user_data);

  /* Render what the next frame paints, with everything loaded in it. */
  shot->frame_clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (window)));
  shot->after_paint_id = g_signal_connect (shot->frame_clock, "after-paint",
                                           G_CALLBACK (on_screenshot_painted_cb), shot);
  gtk_widget_queue_draw (GTK_WIDGET (window));
}

void
rapport_test_hooks_attach (RapportWindow *window)
{
  const char *screenshot;

  g_return_if_fail (RAPPORT_IS_WINDOW (window));

  rapport_trace_attach (GTK_WINDOW (window));
  if (rapport_trace_enabled ())
    {
      g_signal_connect (window, "notify::loaded", G_CALLBACK (on_trace_state_cb), NULL);
      g_signal_connect (window, "notify::syncing", G_CALLBACK (on_trace_state_cb), NULL);
      g_signal_connect (window, "notify::failed", G_CALLBACK (on_trace_state_cb), NULL);
    }

  if (g_strcmp0 (g_getenv ("RAPPORT_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_signal_connect (window, "map", G_CALLBACK (on_window_mapped_cb), NULL);

  if (g_strcmp0 (g_getenv ("RAPPORT_EXIT_AFTER_LOAD"), "1") == 0)
    {
      g_signal_connect (window, "notify::loaded", G_CALLBACK (on_loaded_cb), NULL);
      g_signal_connect (window, "notify::failed", G_CALLBACK (on_loaded_cb), NULL);
    }

  screenshot = g_getenv ("RAPPORT_SCREENSHOT");
  if (screenshot != NULL && *screenshot != '\0')
    {
      Screenshot *shot = g_new0 (Screenshot, 1);

      /* Deterministic pictures: no transitions half-way. */
      g_object_set (gtk_widget_get_settings (GTK_WIDGET (window)),
                    "gtk-enable-animations", FALSE,
                    NULL);

      shot->window = g_object_ref (window);
      shot->path = g_strdup (screenshot);
      g_signal_connect (window, "notify::loaded", G_CALLBACK (on_screenshot_state_cb), shot);
      g_signal_connect (window, "notify::syncing", G_CALLBACK (on_screenshot_state_cb), shot);
      g_signal_connect (window, "notify::failed", G_CALLBACK (on_screenshot_state_cb), shot);
      g_signal_connect (window, "notify::page", G_CALLBACK (on_screenshot_state_cb), shot);
    }
}
