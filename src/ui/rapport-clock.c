/* rapport-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-clock"

#include "config.h"

#include "rapport-clock.h"

struct _RapportClock
{
  GObject parent_instance;

  guint   timeout_id;
};

G_DEFINE_FINAL_TYPE (RapportClock, rapport_clock, G_TYPE_OBJECT)

enum {
  TICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_tick (RapportClock *self);

static gboolean
on_tick_cb (gpointer user_data)
{
  RapportClock *self = user_data;

  self->timeout_id = 0;
  g_signal_emit (self, signals[TICKED], 0);
  schedule_tick (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_tick (RapportClock *self)
{
  gint64 now_ms = g_get_real_time () / 1000;
  guint to_next_minute = 60000 - (guint) (now_ms % 60000);

  /* A little after the minute, so formatting sees the new minute. */
  self->timeout_id = g_timeout_add (to_next_minute + 50, on_tick_cb, self);
}

static void
rapport_clock_dispose (GObject *object)
{
  RapportClock *self = (RapportClock *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (rapport_clock_parent_class)->dispose (object);
}

static void
rapport_clock_class_init (RapportClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_clock_dispose;

  signals[TICKED] =
    g_signal_new ("ticked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
rapport_clock_init (RapportClock *self)
{
  schedule_tick (self);
}

/**
 * rapport_clock_get_default:
 *
 * Returns: (transfer none): the process-wide clock, created on first use
 */
RapportClock *
rapport_clock_get_default (void)
{
  static RapportClock *clock;

  if (clock == NULL)
    clock = g_object_new (RAPPORT_TYPE_CLOCK, NULL);

  return clock;
}
