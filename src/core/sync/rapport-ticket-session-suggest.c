/* rapport-ticket-session-suggest.c: the suggestions the agent inserted into the draft, and
 * what queueing the reply does with them (uses recorded, articles linked on the server).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ticket-session"

#include "config.h"

#include "rapport-ticket-session.h"

#include "rapport-ticket-session-private.h"

typedef struct
{
  RapportCandidate *candidate;
  guint64           write_seq;  /* the session's write_seq when it was inserted */
} Inserted;

static void
inserted_free (Inserted *inserted)
{
  g_clear_object (&inserted->candidate);
  g_free (inserted);
}

GPtrArray *
_rapport_ticket_session_inserted_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) inserted_free);
}

void
rapport_ticket_session_use_candidate (RapportTicketSession *self,
                                      RapportCandidate     *candidate)
{
  Inserted *inserted;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));
  g_return_if_fail (G_IS_OBJECT (candidate));

  for (guint i = 0; i < self->inserted->len; i++)
    {
      Inserted *known = g_ptr_array_index (self->inserted, i);

      if (known->candidate == candidate)
        {
          /* Inserted again after a write that would have forgotten the first: keep it. */
          known->write_seq = self->write_seq;
          return;
        }
    }

  inserted = g_new0 (Inserted, 1);
  inserted->candidate = g_object_ref (candidate);
  inserted->write_seq = self->write_seq;
  g_ptr_array_add (self->inserted, inserted);
}

void
_rapport_ticket_session_forget_candidates (RapportTicketSession *self,
                                           guint64               write_seq)
{
  g_autoptr(GPtrArray) forgotten = _rapport_ticket_session_take_candidates (self, write_seq);

  if (forgotten->len > 0)
    g_debug ("The draft of ticket %" G_GINT64_FORMAT " went: %u suggestions forgotten",
             rapport_ticket_get_id (self->ticket), forgotten->len);
}

GPtrArray *
_rapport_ticket_session_take_candidates (RapportTicketSession *self,
                                         guint64               write_seq)
{
  GPtrArray *taken = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->inserted->len;)
    {
      Inserted *inserted = g_ptr_array_index (self->inserted, i);

      /* Inserted after the write was asked for: it belongs to the next draft. */
      if (inserted->write_seq >= write_seq)
        {
          i++;
          continue;
        }

      g_ptr_array_add (taken, g_steal_pointer (&inserted->candidate));
      g_ptr_array_remove_index (self->inserted, i);
    }

  return taken;
}
