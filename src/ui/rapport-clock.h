/* rapport-clock.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_CLOCK (rapport_clock_get_type ())
G_DECLARE_FINAL_TYPE (RapportClock, rapport_clock, RAPPORT, CLOCK, GObject)

/* Ticks once a minute, on the minute, so relative times ("5 min", "2 h", "Yesterday") shown
 * by rows stay true while the window is open. Signal: "ticked". */
RapportClock *rapport_clock_get_default (void);

G_END_DECLS
