/* rapport-trace.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-trace"

#include "config.h"

#include <stdio.h>

#include "rapport-trace.h"

/* Main thread only. One interaction at a time: the last key press and what it waits for. */
typedef struct
{
  GtkWidget        *window;       /* weak */
  gboolean          frames;

  /* the interaction */
  gboolean          key_pending;  /* a key was pressed and its result not shown yet */
  char             *key;
  char             *what;
  gint64            key_us;
  gint64            ready_us;
  gint64            hook_us;      /* time spent in this file for the interaction */
  RapportTracePart  expected;
  RapportTracePart  ready;
  gboolean          painting;     /* everything is ready: waiting for the next frame */

  /* the frame under way */
  gint64            frame_start_us;
} Trace;

static Trace trace;
static int   enabled = -1;

gboolean
rapport_trace_enabled (void)
{
  if (G_UNLIKELY (enabled < 0))
    {
      const char *value = g_getenv ("RAPPORT_TRACE");

      enabled = value != NULL && *value != '\0' && g_strcmp0 (value, "0") != 0;
      trace.frames = g_strcmp0 (value, "frames") == 0;
    }

  return enabled;
}

static void
clear_interaction (void)
{
  trace.key_pending = FALSE;
  trace.painting = FALSE;
  trace.expected = 0;
  trace.ready = 0;
  trace.ready_us = 0;
  trace.hook_us = 0;
  g_clear_pointer (&trace.key, g_free);
  g_clear_pointer (&trace.what, g_free);
}

static void
print_interaction (gboolean superseded,
                   gint64   frame_us,
                   gint64   painted_us)
{
  if (superseded)
    g_print ("rapport-trace what=%s key=%s superseded=1 key-us=%" G_GINT64_FORMAT "\n",
             trace.what, trace.key, trace.key_us);
  else
    g_print ("rapport-trace what=%s key=%s key-us=%" G_GINT64_FORMAT " ready-us=%" G_GINT64_FORMAT
             " frame-us=%" G_GINT64_FORMAT " painted-us=%" G_GINT64_FORMAT
             " hook-us=%" G_GINT64_FORMAT "\n",
             trace.what, trace.key, trace.key_us, trace.ready_us, frame_us, painted_us,
             trace.hook_us);
  fflush (stdout);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   gpointer               user_data)
{
  gint64 now = g_get_monotonic_time ();
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  const char *name;

  /* Alt of Alt+1 is not an action of its own. */
  if (event != NULL && gdk_key_event_is_modifier (event))
    return GDK_EVENT_PROPAGATE;

  /* The last key's result was not shown before this one: it never will be. */
  if (trace.key_pending && trace.expected != 0)
    print_interaction (TRUE, 0, 0);

  clear_interaction ();
  name = gdk_keyval_name (keyval);
  trace.key = g_strdup (name != NULL ? name : "?");
  trace.what = g_strdup ("none");
  trace.key_us = now;
  trace.key_pending = TRUE;
  trace.hook_us = g_get_monotonic_time () - now;

  return GDK_EVENT_PROPAGATE;
}

static void
on_before_paint_cb (GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  trace.frame_start_us = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (trace.frames)
    {
      g_print ("rapport-trace-frame start-us=%" G_GINT64_FORMAT " painted-us=%" G_GINT64_FORMAT "\n",
               trace.frame_start_us, now);
      fflush (stdout);
    }

  if (!trace.painting)
    return;

  trace.hook_us += g_get_monotonic_time () - now;
  print_interaction (FALSE, gdk_frame_clock_get_frame_time (frame_clock), now);
  clear_interaction ();
}

static void
on_window_realize_cb (GtkWidget *window,
                      gpointer   user_data)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (frame_clock, "before-paint", G_CALLBACK (on_before_paint_cb), NULL);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
}

void
rapport_trace_attach (GtkWindow *window)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (!rapport_trace_enabled () || trace.window != NULL)
    return;

  trace.window = GTK_WIDGET (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &trace.window);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_window_realize_cb (GTK_WIDGET (window), NULL);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_window_realize_cb), NULL);
}

static void
check_complete (void)
{
  if (trace.painting || trace.expected == 0 || (trace.ready & trace.expected) != trace.expected)
    return;

  trace.ready_us = g_get_monotonic_time ();
  trace.painting = TRUE;
  /* The next frame is the one that shows it, even when nothing else asks for one. */
  if (trace.window != NULL)
    gtk_widget_queue_draw (trace.window);
}

void
rapport_trace_expect (RapportTracePart  parts,
                      const char       *what)
{
  gint64 start;

  if (enabled <= 0 || !trace.key_pending || trace.painting)
    return;

  start = g_get_monotonic_time ();
  if (trace.expected == 0 || g_strcmp0 (trace.what, what) != 0)
    {
      g_free (trace.what);
      trace.what = g_strdup (what);
    }
  trace.expected |= parts;
  trace.ready &= ~parts;
  trace.hook_us += g_get_monotonic_time () - start;
}

void
rapport_trace_ready (RapportTracePart part)
{
  gint64 start;

  if (enabled <= 0 || !trace.key_pending || (trace.expected & part) == 0)
    return;

  start = g_get_monotonic_time ();
  trace.ready |= part;
  check_complete ();
  trace.hook_us += g_get_monotonic_time () - start;
}
