/* rapport-ticket-session-suggest.c: the suggestions the agent inserted into the draft, and
 * what queueing the reply does with them (uses recorded, articles linked on the server).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ticket-session"

#include "config.h"

#include "rapport-ticket-session.h"

#include "rapport-store-private.h"
#include "rapport-store-suggest.h"
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

/* Whether @a and @b are the same content: the same stored candidate, or the same past reply. */
static gboolean
same_candidate (RapportCandidate *a,
                RapportCandidate *b)
{
  if (rapport_candidate_get_kind (a) == RAPPORT_CANDIDATE_PAST_REPLY ||
      rapport_candidate_get_kind (b) == RAPPORT_CANDIDATE_PAST_REPLY)
    return rapport_candidate_get_kind (a) == rapport_candidate_get_kind (b) &&
           rapport_candidate_get_id (a) == rapport_candidate_get_id (b);

  return rapport_candidate_get_account_id (a) == rapport_candidate_get_account_id (b) &&
         g_strcmp0 (rapport_candidate_get_key (a), rapport_candidate_get_key (b)) == 0;
}

void
rapport_ticket_session_use_candidate (RapportTicketSession *self,
                                      RapportCandidate     *candidate)
{
  Inserted *inserted;

  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (self));
  g_return_if_fail (RAPPORT_IS_CANDIDATE (candidate));

  for (guint i = 0; i < self->inserted->len; i++)
    {
      Inserted *known = g_ptr_array_index (self->inserted, i);

      if (same_candidate (known->candidate, candidate))
        {
          /* Inserted again after a write that would have forgotten the first: keep it. */
          known->write_seq = self->write_seq;
          return;
        }
    }

  inserted = g_new0 (Inserted, 1);
  inserted->candidate = rapport_candidate_copy (candidate);
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

/* ---------------------------------------------------------------------------------------------
 * A reply queued with them
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  gint64     account_id;
  gint64     ticket_id;
  gint64     reply_op_id;
  gint64     used_at;
  GArray    *candidate_ids;  /* (element-type gint64) stored candidates used */
  GPtrArray *articles;       /* (element-type utf8) remote ids of the articles to link */
} RecordData;

static void
record_data_free (gpointer data)
{
  RecordData *d = data;

  g_array_unref (d->candidate_ids);
  g_ptr_array_unref (d->articles);
  g_free (d);
}

static gpointer
record_work (RapportStore  *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  RecordData *d = data;

  /* Uses first: they only feed the ranker, and the links do not depend on them. */
  for (guint i = 0; i < d->candidate_ids->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 candidate_id = g_array_index (d->candidate_ids, gint64, i);

      /* A candidate removed since it was inserted (a sync replaced the backend's content). */
      if (!rapport_store_record_use (store, candidate_id, d->ticket_id, d->used_at,
                                     &local_error))
        g_message ("Could not record the use of candidate %" G_GINT64_FORMAT " on ticket %"
                   G_GINT64_FORMAT ": %s", candidate_id, d->ticket_id, local_error->message);
    }

  for (guint i = 0; i < d->articles->len; i++)
    {
      g_autoptr(RapportOutboxOp) op = NULL;

      op = rapport_outbox_enqueue_link (store, d->account_id, d->ticket_id,
                                        g_ptr_array_index (d->articles, i), d->reply_op_id,
                                        cancellable, error);
      if (op == NULL)
        return NULL;
    }

  return RAPPORT_STORE_WORK_BOOLEAN (TRUE);
}

static void
on_recorded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportTicketSession *self = RAPPORT_TICKET_SESSION (source);
  RecordData *d = _rapport_store_run_get_data (result);
  g_autoptr(GError) error = NULL;

  /* The push engine sees the links queued through the store's "changed". */
  if (!_rapport_store_run_finish_boolean (self, result, _rapport_ticket_session_record_candidates,
                                          &error))
    g_warning ("Could not queue the links of the articles reply %" G_GINT64_FORMAT
               " used: %s", d->reply_op_id, error->message);
}

void
_rapport_ticket_session_record_candidates (RapportTicketSession  *self,
                                           const RapportOutboxOp *reply,
                                           GPtrArray             *used)
{
  RapportProvider *provider = rapport_workspace_get_provider (self->workspace);
  gint64 account_id = rapport_workspace_get_account_id (self->workspace);
  gboolean can_link = provider != NULL && rapport_provider_can_link_articles (provider);
  RecordData *d;

  d = g_new0 (RecordData, 1);
  d->account_id = account_id;
  d->ticket_id = reply->ticket_id;
  d->reply_op_id = reply->id;
  d->used_at = g_get_real_time () / G_USEC_PER_SEC;
  d->candidate_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  d->articles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < used->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (used, i);
      RapportCandidateKind kind = rapport_candidate_get_kind (candidate);
      gint64 id = rapport_candidate_get_id (candidate);
      const char *remote_id = rapport_candidate_get_remote_id (candidate);

      /* A past reply is not a stored candidate: its ticket's answer votes already. */
      if (kind != RAPPORT_CANDIDATE_PAST_REPLY && id > 0)
        g_array_append_val (d->candidate_ids, id);

      if (kind == RAPPORT_CANDIDATE_ARTICLE && can_link && remote_id != NULL &&
          *remote_id != '\0' && rapport_candidate_get_account_id (candidate) == account_id)
        g_ptr_array_add (d->articles, g_strdup (remote_id));
    }

  if (d->candidate_ids->len == 0 && d->articles->len == 0)
    {
      record_data_free (d);
      return;
    }

  _rapport_store_run_async (self->store, self, _rapport_ticket_session_record_candidates,
                            record_work, d, record_data_free, NULL, NULL, on_recorded_cb, NULL);
}
