/* rapport-trace.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the agent waits for after a key press, measured in the running app: off unless the
 * environment variable RAPPORT_TRACE asks for it ("1", or "frames" to also print every frame).
 *
 * The window's capture-phase key controller notes the time of each key press (monotonic
 * clock, when GTK hands the event to the window). The code that acts on the key says which
 * parts of the window will show its result (rapport_trace_expect(), before it acts); each part
 * says when it shows the result (rapport_trace_ready(): the new data is in its widgets, or its
 * error or empty state). Once every expected part is ready, the first "after-paint" of the
 * window's frame clock is the frame that shows the result, and one line goes to stdout:
 *
 *   rapport-trace what=ticket key=j key-us=… ready-us=… frame-us=… painted-us=… hook-us=…
 *
 * key-us: the key press; ready-us: the last part ready; frame-us: the frame clock's time of that
 * frame; painted-us: the end of its "after-paint" (all on g_get_monotonic_time()); hook-us: the
 * time spent in the trace's own code for this interaction (its overhead). A key pressed before
 * the last one's result was shown supersedes it ("rapport-trace what=… superseded=1 …").
 * With RAPPORT_TRACE=frames, every frame also prints
 *
 *   rapport-trace-frame start-us=… painted-us=…
 *
 * (from "before-paint" to the end of "after-paint": update, layout and paint of that frame).
 * Ready calls without an expectation pending, and every call with tracing off, cost a branch. */

typedef enum
{
  RAPPORT_TRACE_PART_CONVERSATION = 1 << 0, /* the ticket's header and messages */
  RAPPORT_TRACE_PART_CUSTOMER     = 1 << 1, /* the customer panel: customer and history */
  RAPPORT_TRACE_PART_TICKET_LIST  = 1 << 2, /* a view's ticket list, first rows */
  RAPPORT_TRACE_PART_SEARCH       = 1 << 3, /* the results of the current search text */
} RapportTracePart;

gboolean rapport_trace_enabled (void);
void     rapport_trace_attach  (GtkWindow        *window);
void     rapport_trace_expect  (RapportTracePart  parts,
                                const char       *what);
void     rapport_trace_ready   (RapportTracePart  part);

G_END_DECLS
