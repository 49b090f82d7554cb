/* rapport-bench-ui.c — what the agent waits for, measured in the running app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real app on a benchmark workspace with RAPPORT_TRACE=frames and drives it with
 * real key and wheel events: XTest, the X server's own input injection, so each event goes
 * through the X server, GDK and GTK's event dispatch exactly as a keyboard's would. The app
 * prints one line per key press once the frame showing its result is painted
 * (src/ui/rapport-trace.h); a reader thread collects the lines, and the driver sends the next
 * key only after the last one's line (closed loop). Every step has a timeout: a step that
 * does not finish says "timed out" and the app is started again for the next one.
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport-bench.h"
#include "rapport-demo.h"

#define LOAD_TIMEOUT_S     120
#define KEY_TIMEOUT_S      20
#define HEAVY_TIMEOUT_S    30
#define PAUSE_US           (200 * 1000)  /* after a key that waits for nothing */
#define SCROLL_FRAME_US    (400 * 1000)  /* a wheel step without a frame: the end */
#define SCROLL_STEPS       400           /* ≈ 32 000 pixels: past the first pages */
#define TWENTY_REPEATS     5

/* Realistic queries, typed one character at a time (ASCII: XTest types what the keymap has). */
static const char * const queries[] = {
  "refund", "invoice", "password reset", "charged twice", "parcel", "tracking number",
  "dark mode", "cancel subscription", "delivery", "gift card balance", "wrong address",
  "promo code",
};

typedef struct
{
  GSubprocess  *process;
  GAsyncQueue  *lines;     /* char *, from the reader thread; NULL item: end of output */
  GThread      *reader;
  GPtrArray    *frames;    /* double ms of each frame while recording, else NULL */
  double        worst_frame_ms;
  GArray       *hook_us;   /* double, every interaction's hook-us */
  gboolean      ended;
} App;

typedef struct
{
  gint64  key_us;
  gint64  ready_us;
  gint64  painted_us;
  gint64  hook_us;
} Interaction;

static Display *display;

/* ---------------------------------------------------------------------------------- */
/* The app and its trace lines                                                         */

static gpointer
read_lines_thread (gpointer data)
{
  App *app = data;
  GInputStream *stream = g_subprocess_get_stdout_pipe (app->process);
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (stream);
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL)) != NULL)
    g_async_queue_push (app->lines, line);
  g_async_queue_push (app->lines, g_strdup (""));
  return NULL;
}

static gint64
field (const char *line,
       const char *key)
{
  const char *p = strstr (line, key);

  return p != NULL ? g_ascii_strtoll (p + strlen (key), NULL, 10) : -1;
}

/* The next line starting with @prefix, within @timeout_us; frame lines seen on the way are
 * recorded. NULL on timeout or when the app ended. */
static char *
wait_line (App        *app,
           const char *prefix,
           gint64      timeout_us)
{
  gint64 until = g_get_monotonic_time () + timeout_us;

  while (!app->ended)
    {
      gint64 left = until - g_get_monotonic_time ();
      char *line;

      if (left <= 0)
        return NULL;
      line = g_async_queue_timeout_pop (app->lines, left);
      if (line == NULL)
        return NULL;
      if (*line == '\0')
        {
          app->ended = TRUE;
          g_free (line);
          return NULL;
        }
      if (g_str_has_prefix (line, "rapport-trace-frame "))
        {
          double ms = (field (line, "painted-us=") - field (line, "start-us=")) / 1000.0;

          if (app->frames != NULL)
            {
              g_ptr_array_add (app->frames, g_memdup2 (&ms, sizeof ms));
              app->worst_frame_ms = MAX (app->worst_frame_ms, ms);
            }
        }
      else if (g_str_has_prefix (line, "rapport-trace what=") &&
               strstr (line, "superseded=1") == NULL)
        {
          double us = field (line, "hook-us=");

          g_array_append_val (app->hook_us, us);
        }
      if (prefix == NULL || g_str_has_prefix (line, prefix))
        return line;
      g_free (line);
    }
  return NULL;
}

/* Drops what the app printed so far. */
static void
drain (App *app)
{
  char *line;

  while (!app->ended && (line = g_async_queue_try_pop (app->lines)) != NULL)
    {
      if (*line == '\0')
        app->ended = TRUE;
      g_free (line);
    }
}

static void
app_stop (App *app)
{
  if (app->process != NULL)
    {
      g_subprocess_force_exit (app->process);
      g_subprocess_wait (app->process, NULL, NULL);
    }
  if (app->reader != NULL)
    g_thread_join (app->reader);
  if (app->lines != NULL)
    {
      char *line;

      while ((line = g_async_queue_try_pop (app->lines)) != NULL)
        g_free (line);
      g_async_queue_unref (app->lines);
    }
  g_clear_object (&app->process);
  app->reader = NULL;
  app->lines = NULL;
}

static gint64
app_rss_kb (App *app)
{
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;

  if (app->process == NULL)
    return -1;
  path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (app->process));
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  return field (status, "VmRSS:");
}

/* Starts the app on @data_dir and waits until its workspace is loaded. */
static gboolean
app_start (App        *app,
           const char *program,
           const char *data_dir,
           char      **why)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *loaded = NULL;
  const char *argv[] = { program, NULL };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "RAPPORT_TRACE", "frames", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "RAPPORT_EXIT_AFTER_FIRST_FRAME");
  g_subprocess_launcher_unsetenv (launcher, "RAPPORT_EXIT_AFTER_LOAD");

  app->ended = FALSE;
  app->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (app->process == NULL)
    {
      *why = g_strdup_printf ("could not start %s: %s", program, error->message);
      return FALSE;
    }
  app->lines = g_async_queue_new ();
  app->reader = g_thread_new ("bench-app-lines", read_lines_thread, app);

  loaded = wait_line (app, "rapport-trace-loaded ", LOAD_TIMEOUT_S * G_USEC_PER_SEC);
  if (loaded == NULL || field (loaded, "failed=") != 0)
    {
      *why = g_strdup (loaded == NULL ? "the app did not load its workspace in time"
                                      : "the app could not open its workspace");
      app_stop (app);
      return FALSE;
    }
  /* The first frames after the load settle (the list, the conversation). */
  g_usleep (500 * 1000);
  drain (app);
  return TRUE;
}

/* ---------------------------------------------------------------------------------- */
/* XTest                                                                               */

/* The app's top-level window: the biggest mapped child of the root. */
static gboolean
app_window_geometry (int *x,
                     int *y,
                     int *width,
                     int *height)
{
  Window root_return, parent_return, *children = NULL;
  unsigned int n_children = 0;
  int best = 0;

  if (!XQueryTree (display, DefaultRootWindow (display), &root_return, &parent_return,
                   &children, &n_children))
    return FALSE;
  for (unsigned int i = 0; i < n_children; i++)
    {
      XWindowAttributes attributes;

      if (XGetWindowAttributes (display, children[i], &attributes) &&
          attributes.map_state == IsViewable &&
          attributes.width * attributes.height > best)
        {
          best = attributes.width * attributes.height;
          *x = attributes.x;
          *y = attributes.y;
          *width = attributes.width;
          *height = attributes.height;
        }
    }
  if (children != NULL)
    XFree (children);
  return best > 0;
}

static void
pointer_to (int x,
            int y)
{
  XTestFakeMotionEvent (display, -1, x, y, CurrentTime);
  XFlush (display);
}

static void
press (KeySym keysym,
       KeySym modifier)
{
  KeyCode code = XKeysymToKeycode (display, keysym);
  KeyCode mod = modifier != NoSymbol ? XKeysymToKeycode (display, modifier) : 0;

  if (code == 0)
    g_error ("The keymap has no key for %s", XKeysymToString (keysym));
  if (mod != 0)
    XTestFakeKeyEvent (display, mod, True, CurrentTime);
  XTestFakeKeyEvent (display, code, True, CurrentTime);
  XTestFakeKeyEvent (display, code, False, CurrentTime);
  if (mod != 0)
    XTestFakeKeyEvent (display, mod, False, CurrentTime);
  XFlush (display);
}

static KeySym
keysym_for_char (char c)
{
  char name[2] = { c, '\0' };

  return c == ' ' ? XK_space : XStringToKeysym (name);
}

static void
wheel_down (void)
{
  XTestFakeButtonEvent (display, 5, True, CurrentTime);
  XTestFakeButtonEvent (display, 5, False, CurrentTime);
  XFlush (display);
}

/* Presses @keysym and waits for its interaction line; FALSE on timeout. */
static gboolean
interact (App         *app,
          KeySym       keysym,
          KeySym       modifier,
          gint64       timeout_us,
          Interaction *out)
{
  g_autofree char *line = NULL;
  gint64 sent = g_get_monotonic_time ();

  press (keysym, modifier);
  /* The line of this key: not a superseded one, nor a late one of an earlier key (the
   * clock is the same in both processes). */
  while (TRUE)
    {
      g_clear_pointer (&line, g_free);
      line = wait_line (app, "rapport-trace what=", timeout_us);
      if (line == NULL)
        return FALSE;
      if (strstr (line, "superseded=1") == NULL && field (line, "key-us=") >= sent)
        break;
    }
  out->key_us = field (line, "key-us=");
  out->ready_us = field (line, "ready-us=");
  out->painted_us = field (line, "painted-us=");
  out->hook_us = field (line, "hook-us=");
  return TRUE;
}

static gboolean
open_display (void)
{
  int event_base, error_base, major, minor;

  if (display == NULL)
    display = XOpenDisplay (NULL);
  return display != NULL &&
         XTestQueryExtension (display, &event_base, &error_base, &major, &minor);
}

static double
latency_ms (const Interaction *interaction)
{
  return (interaction->painted_us - interaction->key_us) / 1000.0;
}

/* ---------------------------------------------------------------------------------- */
/* Rows                                                                                */

typedef struct
{
  const char *app;
  const char *data_dir;
  const char *label;      /* "100 000 customers" */
  guint       n_my_open;  /* tickets in the first view */
  guint       switches;   /* for the memory row */
  App         app_state;
  guint       position;   /* of the selection in "My open" */
  int         direction;
} Session;

static char *
metric (Session    *session,
        const char *what)
{
  return g_strdup_printf ("UI, %s: %s", session->label, what);
}

static void
add_timed_out (Session    *session,
               const char *what,
               const char *target,
               const char *why)
{
  g_autofree char *name = metric (session, what);

  rapport_bench_add_text_row (name, g_strdup_printf ("not available (%s)", why), NULL, target,
                              "**FAIL**");
}

static gboolean
restart (Session  *session,
         char    **why)
{
  app_stop (&session->app_state);
  session->position = 0;
  session->direction = 1;
  if (!app_start (&session->app_state, session->app, session->data_dir, why))
    return FALSE;
  return TRUE;
}

/* One switch to the next ticket of "My open" (j), back up (k) at its end. */
static gboolean
switch_ticket_full (Session     *session,
                    Interaction *out)
{
  Interaction interaction = { 0, };

  if (session->n_my_open < 2)
    return FALSE;
  if (session->position + 1 >= session->n_my_open)
    session->direction = -1;
  else if (session->position == 0)
    session->direction = 1;

  if (!interact (&session->app_state, session->direction > 0 ? XK_j : XK_k, NoSymbol,
                 KEY_TIMEOUT_S * G_USEC_PER_SEC, &interaction))
    return FALSE;
  session->position += session->direction;
  *out = interaction;
  return TRUE;
}

static gboolean
switch_ticket (Session *session,
               double  *ms)
{
  Interaction interaction = { 0, };

  if (!switch_ticket_full (session, &interaction))
    return FALSE;
  *ms = latency_ms (&interaction);
  return TRUE;
}

static void
run_ticket_switches (Session *session,
                     guint    n)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_ready = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_painted = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) twenty = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *name = NULL;
  g_autofree char *name_ready = NULL;
  g_autofree char *name_frame = NULL;
  g_autofree char *name20 = NULL;

  g_printerr ("  %s: %u ticket switches (j/k)…\n", session->label, n);
  for (guint i = 0; i < n; i++)
    {
      Interaction interaction = { 0, };
      double ms, ready_ms, frame_ms;

      if (!switch_ticket_full (session, &interaction))
        break;
      ms = latency_ms (&interaction);
      ready_ms = (interaction.ready_us - interaction.key_us) / 1000.0;
      frame_ms = (interaction.painted_us - interaction.ready_us) / 1000.0;
      g_array_append_val (samples, ms);
      g_array_append_val (to_ready, ready_ms);
      g_array_append_val (to_painted, frame_ms);
    }
  name = metric (session, "ticket switch j/k, key → frame with conversation and customer history");
  if (samples->len < n)
    {
      g_autofree char *message = g_strdup_printf ("timed out after %u switches", samples->len);

      add_timed_out (session, "ticket switch j/k", "median ≤ 16 ms, p95 ≤ 33 ms", message);
      return;
    }
  rapport_bench_add_count_row (name, samples, 16, 33);
  /* Its two parts: the data in the panes' widgets, then the frame that shows them. */
  name_ready = metric (session, "ticket switch j/k, its first part: key → ready (the data in the panes' widgets)");
  rapport_bench_add_baseline_row (name_ready, to_ready);
  name_frame = metric (session, "ticket switch j/k, its second part: ready → the frame painted");
  rapport_bench_add_baseline_row (name_frame, to_painted);

  for (guint r = 0; r < TWENTY_REPEATS; r++)
    {
      double sum = 0;
      guint done = 0;

      for (; done < 20; done++)
        {
          double ms;

          if (!switch_ticket (session, &ms))
            break;
          sum += ms;
        }
      if (done < 20)
        break;
      sum /= 1000.0;
      g_array_append_val (twenty, sum);
    }
  name20 = metric (session, "20 tickets in a row (sum of 20 closed-loop switches, s)");
  if (twenty->len < TWENTY_REPEATS)
    add_timed_out (session, "20 tickets in a row", "≤ 0.5 s", "timed out");
  else
    rapport_bench_add_seconds_row (name20, twenty, 0.5);
}

static void
run_view_switches (Session *session,
                   guint    cycles)
{
  static const KeySym view_keys[] = { XK_2, XK_3, XK_4, XK_1 };
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_open = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *name = NULL;
  g_autofree char *name_all = NULL;

  g_printerr ("  %s: view switches (Alt+1…4)…\n", session->label);
  for (guint c = 0; c < cycles; c++)
    for (guint v = 0; v < G_N_ELEMENTS (view_keys); v++)
      {
        Interaction interaction = { 0, };
        double ms;

        if (!interact (&session->app_state, view_keys[v], XK_Alt_L,
                       KEY_TIMEOUT_S * G_USEC_PER_SEC, &interaction))
          {
            add_timed_out (session, "view switch Alt+1…4", "p95 ≤ 50 ms", "timed out");
            return;
          }
        ms = latency_ms (&interaction);
        g_array_append_val (samples, ms);
        if (view_keys[v] == XK_3)
          g_array_append_val (all_open, ms);
      }
  /* Back in "My open", on its first ticket. */
  session->position = 0;
  session->direction = 1;

  name = metric (session, "view switch Alt+1…4, key → first rows shown");
  rapport_bench_add_count_row (name, samples, -1, 50);
  name_all = metric (session, "view switch to All open (Alt+3)");
  rapport_bench_add_count_row (name_all, all_open, -1, 50);
}

/* Types @text in the search (Ctrl+F first: it selects what was there), closed loop; the last
 * character's latency in @last_ms. */
static gboolean
type_search (Session    *session,
             const char *text,
             double     *last_ms,
             GArray     *every_ms)
{
  press (XK_f, XK_Control_L);
  g_usleep (PAUSE_US);
  drain (&session->app_state);

  for (const char *c = text; *c != '\0'; c++)
    {
      Interaction interaction = { 0, };
      double ms;

      if (!interact (&session->app_state, keysym_for_char (*c), NoSymbol,
                     KEY_TIMEOUT_S * G_USEC_PER_SEC, &interaction))
        return FALSE;
      ms = latency_ms (&interaction);
      if (every_ms != NULL)
        g_array_append_val (every_ms, ms);
      *last_ms = ms;
    }
  return TRUE;
}

static void
close_search (Session *session)
{
  press (XK_Escape, NoSymbol);
  g_usleep (PAUSE_US);
  drain (&session->app_state);
}

static void
run_searches (Session *session)
{
  g_autoptr(GArray) last = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) every = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *name = NULL;
  g_autofree char *name_every = NULL;

  g_printerr ("  %s: %u searches typed character by character…\n", session->label,
              (guint) G_N_ELEMENTS (queries));
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      double ms;

      if (!type_search (session, queries[q], &ms, every))
        {
          add_timed_out (session, "search", "p95 ≤ 50 ms", "timed out");
          return;
        }
      g_array_append_val (last, ms);
      close_search (session);
    }
  name = metric (session, "search, last keystroke → results frame (1–3 words)");
  rapport_bench_add_count_row (name, last, -1, 50);
  name_every = metric (session, "search, every keystroke → results frame");
  rapport_bench_add_count_row (name_every, every, -1, 50);
}

/* Opens the heavy shape @shape through the search (its word, then Return), then scrolls the
 * part that holds it with the wheel until its end or SCROLL_STEPS steps. */
static void
run_heavy_shape (Session *session,
                 guint    shape)
{
  const RapportDemoHeavyShape *heavy = rapport_demo_get_heavy_shape (shape);
  App *app = &session->app_state;
  Interaction interaction = { 0, };
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *what = NULL;
  g_autofree char *scroll_what = NULL;
  g_autofree char *name = NULL;
  g_autofree char *why = NULL;
  g_autofree char *value = NULL;
  const char *shape_name;
  gint64 rss_before, rss_after;
  double ms, open_worst;
  int x = 0, y = 0, width = 0, height = 0;
  guint steps = 0, idle = 0;
  gboolean body = heavy->kind == RAPPORT_DEMO_HEAVY_BODY;

  shape_name = heavy->kind == RAPPORT_DEMO_HEAVY_HISTORY ? "customer with 5 000 interactions"
             : heavy->kind == RAPPORT_DEMO_HEAVY_THREAD ? "ticket with 5 000 messages"
             : heavy->size >= 10 * 1024 * 1024 ? "10 MB message" : "1 MB message";
  what = g_strdup_printf ("open the %s (search “%s”, Return), first frame", shape_name,
                          heavy->word);
  g_printerr ("  %s: %s…\n", session->label, what);

  if (app->process == NULL && !restart (session, &why))
    {
      add_timed_out (session, what, "≤ 50 ms", why);
      return;
    }
  if (!type_search (session, heavy->word, &ms, NULL))
    {
      add_timed_out (session, what, "≤ 50 ms", "the search timed out");
      restart (session, &why);
      return;
    }

  rss_before = app_rss_kb (app);
  app->frames = frames;
  app->worst_frame_ms = 0;
  if (!interact (app, XK_Return, NoSymbol, HEAVY_TIMEOUT_S * G_USEC_PER_SEC, &interaction))
    {
      gint64 rss_then = app_rss_kb (app);
      g_autofree char *message = NULL;

      message = body && rss_then > 0
        ? g_strdup_printf ("timed out after %u s, RSS %+.0f MB by then", HEAVY_TIMEOUT_S,
                           (rss_then - rss_before) / 1024.0)
        : g_strdup_printf ("timed out after %u s", HEAVY_TIMEOUT_S);

      app->frames = NULL;
      add_timed_out (session, what, body ? "≤ 50 ms, RSS growth bounded" : "≤ 50 ms", message);
      app_stop (app);
      return;
    }
  open_worst = app->worst_frame_ms;
  ms = latency_ms (&interaction);
  rss_after = app_rss_kb (app);
  name = metric (session, what);
  if (body)
    value = g_strdup_printf ("%.1f ms (worst frame %.1f ms; RSS %+.0f MB)", ms, open_worst,
                             (rss_after - rss_before) / 1024.0);
  else
    value = g_strdup_printf ("%.1f ms (worst frame %.1f ms)", ms, open_worst);
  rapport_bench_add_text_row (name, g_steal_pointer (&value), NULL,
                              body ? "≤ 50 ms, RSS growth bounded" : "≤ 50 ms",
                              ms <= 50 ? "pass" : "**FAIL**");

  /* Scroll: the pointer over the conversation's messages (or the customer panel, whose
   * history is below its identities), from the window's layout at its default size:
   * views ≈ 200 px, tickets ≈ 320 px, the customer panel ≈ 340 px on the right. */
  if (!app_window_geometry (&x, &y, &width, &height))
    return;
  if (heavy->kind == RAPPORT_DEMO_HEAVY_HISTORY)
    pointer_to (x + width - 170, y + height / 2);
  else
    pointer_to (x + 530 + (width - 530 - 340) / 2, y + height / 3);
  g_usleep (100 * 1000);
  drain (app);
  g_ptr_array_set_size (frames, 0);
  app->worst_frame_ms = 0;
  for (steps = 0; steps < SCROLL_STEPS && idle < 5; steps++)
    {
      g_autofree char *line = NULL;

      wheel_down ();
      line = wait_line (app, "rapport-trace-frame ", SCROLL_FRAME_US);
      idle = line != NULL ? 0 : idle + 1;
      if (app->ended)
        break;
    }
  app->frames = NULL;
  for (guint i = 0; i < frames->len; i++)
    g_array_append_val (frame_ms, *(double *) g_ptr_array_index (frames, i));

  scroll_what = g_strdup_printf ("scroll the %s, wheel (%u steps%s): frames", shape_name, steps,
                                 idle >= 5 ? ", the last 5 without a frame" : "");
  g_clear_pointer (&name, g_free);
  name = metric (session, scroll_what);
  if (frame_ms->len == 0)
    rapport_bench_add_text_row (name, g_strdup ("not available (no frame painted)"), NULL,
                                "no frame over 33 ms", "**FAIL**");
  else
    {
      double worst = 0;

      for (guint i = 0; i < frame_ms->len; i++)
        worst = MAX (worst, g_array_index (frame_ms, double, i));
      rapport_bench_add_frames_row (name, frame_ms, worst, 33);
    }

  /* Out of the search, for the next shape. */
  close_search (session);
}

static void
run_memory (Session *session)
{
  g_autofree char *name = NULL;
  g_autofree char *why = NULL;
  gint64 before, after;
  guint done = 0;
  double growth;

  g_printerr ("  %s: RSS across %u ticket switches…\n", session->label, session->switches);
  if (!restart (session, &why))
    {
      add_timed_out (session, "RSS across ticket switches", "≤ +5 %", why);
      return;
    }
  /* Once every part was used once. */
  for (guint i = 0; i < 20; i++)
    {
      double ms;

      if (!switch_ticket (session, &ms))
        break;
    }
  before = app_rss_kb (&session->app_state);
  for (; done < session->switches; done++)
    {
      double ms;

      if (!switch_ticket (session, &ms))
        break;
      if (done % 1000 == 999)
        g_printerr ("    %u switches, RSS %.0f MB\n", done + 1,
                    app_rss_kb (&session->app_state) / 1024.0);
    }
  after = app_rss_kb (&session->app_state);
  growth = 100.0 * (after - before) / before;
  name = metric (session, "RSS across ticket switches (VmRSS before → after)");
  rapport_bench_add_text_row (name,
                              g_strdup_printf ("%.0f → %.0f MB (%+.1f %%) over %u switches%s",
                                               before / 1024.0, after / 1024.0, growth, done,
                                               done < session->switches ? ", then timed out" : ""),
                              NULL, "≤ +5 %",
                              done == session->switches && growth <= 5 ? "pass" : "**FAIL**");
}

/**
 * rapport_bench_run_frame_floor:
 *
 * The floor of a ticket switch's frame: tests/bench/frame-floor.c shows a window of the app's
 * size and shape in plain labels and, on j, puts another ticket's text in all of them. Its
 * key → painted frame is what the same change costs with the least work on this machine, the
 * baseline of the ticket switch rows.
 */
void
rapport_bench_run_frame_floor (const char *frame_floor,
                               const char *data_dir,
                               guint       n_switches)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *why = NULL;
  const char *name = "UI floor: the same change in plain labels (rapport-frame-floor), key j → frame";
  App app = { 0, };
  int x, y, width, height;

  if (!g_file_test (frame_floor, G_FILE_TEST_IS_EXECUTABLE))
    {
      rapport_bench_add_text_row (name, g_strdup_printf ("not available (%s does not exist)",
                                                         frame_floor),
                                  NULL, "(baseline)", "not measured");
      return;
    }
  if (!open_display ())
    {
      rapport_bench_add_text_row (name, g_strdup ("not available (no X display with XTest)"),
                                  NULL, "(baseline)", "not measured");
      return;
    }
  g_printerr ("UI floor: %u presses of j in rapport-frame-floor…\n", n_switches);
  app.hook_us = g_array_new (FALSE, FALSE, sizeof (double));
  if (!app_start (&app, frame_floor, data_dir, &why))
    {
      rapport_bench_add_text_row (name, g_strdup_printf ("not available (%s)", why), NULL,
                                  "(baseline)", "not measured");
      g_array_unref (app.hook_us);
      return;
    }
  if (app_window_geometry (&x, &y, &width, &height))
    pointer_to (x + width / 2, y + 40);
  for (guint i = 0; i < n_switches; i++)
    {
      Interaction interaction = { 0, };
      double ms;

      if (!interact (&app, XK_j, NoSymbol, KEY_TIMEOUT_S * G_USEC_PER_SEC, &interaction))
        break;
      ms = latency_ms (&interaction);
      g_array_append_val (samples, ms);
    }
  app_stop (&app);
  g_array_unref (app.hook_us);
  rapport_bench_add_baseline_row (name, samples);
}

/**
 * rapport_bench_run_ui:
 *
 * The UI rows for the workspace in @data_dir (@label names it in the table): ticket
 * switches, 20 in a row, view switches, searches, the heavy shapes (opened through the
 * search, then scrolled) and the memory across @switches ticket switches. @n_my_open is the
 * number of tickets of "My open", the view the app starts in.
 */
void
rapport_bench_run_ui (const char *app,
                      const char *data_dir,
                      const char *label,
                      guint       n_my_open,
                      guint       n_switches,
                      guint       switches)
{
  Session session = { 0, };
  g_autofree char *why = NULL;

  session.app = app;
  session.data_dir = data_dir;
  session.label = label;
  session.n_my_open = n_my_open;
  session.switches = switches;
  session.app_state.hook_us = g_array_new (FALSE, FALSE, sizeof (double));

  if (!open_display ())
    {
      add_timed_out (&session, "key-driven rows", "–", "no X display with the XTest extension");
      g_array_unref (session.app_state.hook_us);
      return;
    }

  g_printerr ("UI rows on %s, driven by XTest key events…\n", label);
  if (!restart (&session, &why))
    {
      add_timed_out (&session, "key-driven rows", "–", why);
      g_array_unref (session.app_state.hook_us);
      return;
    }

  /* The pointer in the window: with no window manager, the keyboard focus follows it. */
  {
    int x, y, width, height;

    if (app_window_geometry (&x, &y, &width, &height))
      pointer_to (x + width / 2, y + 40);
  }

  run_ticket_switches (&session, n_switches);
  if (session.app_state.process == NULL || session.app_state.ended)
    restart (&session, &why);
  run_view_switches (&session, 5);
  run_searches (&session);
  for (guint shape = 0; shape < RAPPORT_DEMO_N_HEAVY_SHAPES; shape++)
    {
      const RapportDemoHeavyShape *heavy = rapport_demo_get_heavy_shape (shape);

      /* One of each kind (the others are there for the data's sake) and both bodies. */
      if (heavy->kind == RAPPORT_DEMO_HEAVY_BODY || g_str_has_suffix (heavy->word, "alpha"))
        run_heavy_shape (&session, shape);
    }
  run_memory (&session);

  if (session.app_state.hook_us->len > 0)
    {
      g_autofree char *name = metric (&session, "the trace hook's own time per interaction (hook-us)");
      g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < session.app_state.hook_us->len; i++)
        {
          double v = g_array_index (session.app_state.hook_us, double, i) / 1000.0;

          g_array_append_val (ms, v);
        }
      rapport_bench_add_latency_row_precise (name, ms, -1, 0.5, 3);
    }

  app_stop (&session.app_state);
  g_array_unref (session.app_state.hook_us);
}
