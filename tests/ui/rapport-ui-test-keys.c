/* rapport-ui-test-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ui-test"

#include "config.h"

#include "rapport-ui-test-keys.h"

#include <gdk/x11/gdkx.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "rapport-ui-test-util.h"

typedef struct
{
  guint    keycode;
  gboolean released;
} KeyWait;

static gboolean
on_key_released_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    KeyWait               *wait)
{
  if (keycode == wait->keycode)
    wait->released = TRUE;
  return GDK_EVENT_PROPAGATE;
}

static gboolean
key_released (gpointer user_data)
{
  return ((KeyWait *) user_data)->released;
}

static gboolean
window_is_active (gpointer user_data)
{
  return gtk_window_is_active (GTK_WINDOW (user_data));
}

static Display *
x_display_of (GtkWidget *window)
{
  GdkDisplay *display = gtk_widget_get_display (window);

  if (!GDK_IS_X11_DISPLAY (display))
    g_error ("Real key events need an X11 display (GDK_BACKEND=x11 under Xvfb)");
  return gdk_x11_display_get_xdisplay (display);
}

/* The window has the X input focus: key events go to it. */
static void
focus_window (GtkWidget *window)
{
  Display *display = x_display_of (window);
  GdkSurface *surface;

  if (gtk_window_is_active (GTK_WINDOW (window)))
    return;

  surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_assert_nonnull (surface);
  XSetInputFocus (display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (display, False);
  rapport_test_wait_until (window_is_active, window, 5000, "the window to get the key focus");
}

static void
fake_key (Display *display,
          KeySym   keysym,
          gboolean press)
{
  KeyCode code = XKeysymToKeycode (display, keysym);

  if (code == 0)
    g_error ("The keymap has no key for %s", XKeysymToString (keysym));
  XTestFakeKeyEvent (display, code, press, CurrentTime);
}

void
rapport_test_press_key (GtkWidget       *window,
                        guint            keyval,
                        GdkModifierType  mods)
{
  static const struct { GdkModifierType mask; KeySym keysym; } modifiers[] = {
    { GDK_CONTROL_MASK, XK_Control_L },
    { GDK_SHIFT_MASK, XK_Shift_L },
    { GDK_ALT_MASK, XK_Alt_L },
  };
  Display *display;
  GtkEventController *controller;
  KeyWait wait = { 0, FALSE };
  KeyCode code;

  g_assert_true (GTK_IS_WINDOW (window));

  focus_window (window);
  display = x_display_of (window);
  code = XKeysymToKeycode (display, keyval);
  if (code == 0)
    g_error ("The keymap has no key for %s", gdk_keyval_name (keyval));
  /* "question", "greater": the shifted level of their key. */
  if (XkbKeycodeToKeysym (display, code, 0, 0) != keyval &&
      XkbKeycodeToKeysym (display, code, 0, 1) == keyval)
    mods |= GDK_SHIFT_MASK;
  wait.keycode = code;

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-released", G_CALLBACK (on_key_released_cb), &wait);
  gtk_widget_add_controller (window, controller);

  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (mods & modifiers[i].mask)
      fake_key (display, modifiers[i].keysym, TRUE);
  XTestFakeKeyEvent (display, code, True, CurrentTime);
  XTestFakeKeyEvent (display, code, False, CurrentTime);
  for (guint i = G_N_ELEMENTS (modifiers); i > 0; i--)
    if (mods & modifiers[i - 1].mask)
      fake_key (display, modifiers[i - 1].keysym, FALSE);
  XSync (display, False);

  rapport_test_wait_until (key_released, &wait, 5000, gdk_keyval_name (keyval));
  gtk_widget_remove_controller (window, controller);
}

void
rapport_test_press_keys (GtkWidget  *window,
                         const char *keys)
{
  g_auto(GStrv) accelerators = g_strsplit (keys, " ", -1);

  for (guint i = 0; accelerators[i] != NULL; i++)
    {
      guint keyval = 0;
      GdkModifierType mods = 0;

      if (accelerators[i][0] == '\0')
        continue;
      if (!gtk_accelerator_parse (accelerators[i], &keyval, &mods))
        g_error ("Not a key: “%s”", accelerators[i]);
      rapport_test_press_key (window, keyval, mods);
    }
}
