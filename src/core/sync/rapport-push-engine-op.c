/* rapport-push-engine-op.c
 *
 * One op's turn in the push engine: marking it in_flight, the push through its kind
 * (rapport-outbox-private.h), the completion or the failure policy (backoff, unknown,
 * failed, blocked), and the verification of an attempt whose outcome is unknown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-push"

#include "config.h"

#include "rapport-push-engine-private.h"

/* Exponential backoff with jitter after @attempts failed attempts: a random wait between half
 * and all of base × 2^(attempts − 1), at most the cap. */
static gint64
backoff_ms (RapportPushEngine *self,
            guint              attempts)
{
  guint64 delay = MAX (self->backoff_base_ms, 1);

  for (guint i = 1; i < attempts && delay < self->backoff_cap_ms; i++)
    delay *= 2;
  delay = MIN (delay, (guint64) MAX (self->backoff_cap_ms, 1));

  return (gint64) (delay / 2 + (guint64) g_random_int_range (0, (gint32) MAX (delay / 2, 1) + 1));
}

/* ---------------------------------------------------------------------------------------------
 * Finishing an op's turn
 * ------------------------------------------------------------------------------------------- */

static void
release_slot (RapportPushEngine     *self,
              const RapportOutboxOp *op)
{
  g_assert (self->n_in_flight > 0);

  self->n_in_flight--;
  g_hash_table_remove (self->busy_tickets, &op->ticket_id);
  _rapport_push_engine_scan (self);
}

static gboolean
record_failure_work (RapportPushJob  *job,
                     GError         **error)
{
  return rapport_outbox_record_failure (job->store, job->op->id, job->state, job->failure,
                                        job->not_before, error);
}

static void
record_failure_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (source);
  RapportPushJob *job = _rapport_push_job_of (result);
  g_autoptr(GError) error = NULL;

  if (!_rapport_push_job_finish (self, result, &error))
    g_warning ("Cannot record the failure of outbox op %" G_GINT64_FORMAT ": %s",
               job->op->id, error->message);
  else
    _rapport_push_engine_report_state (self, job->op->id, job->state);

  release_slot (self, job->op);
}

static gboolean
is_permanent (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    return error->code == G_IO_ERROR_NOT_SUPPORTED;

  if (error->domain != RAPPORT_PROVIDER_ERROR)
    return FALSE;

  switch (error->code)
    {
    case RAPPORT_PROVIDER_ERROR_NOT_FOUND:
    case RAPPORT_PROVIDER_ERROR_FORBIDDEN:
    case RAPPORT_PROVIDER_ERROR_INVALID_INPUT:
    case RAPPORT_PROVIDER_ERROR_CONFLICT:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Decides what a failed provider call means for the op and records it. @verify_unknown: the
 * call may have changed the server and sending it again may not (a push of a kind that is not
 * idempotent), as opposed to reading the evidence or a rejected answer. */
static void
handle_failure (RapportPushEngine     *self,
                const RapportOutboxOp *op,
                GError                *failure,
                gboolean               verify_unknown)
{
  g_autoptr(RapportPushJob) job = NULL;
  guint attempts = MAX (op->attempts, 1);

  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The engine is going away: in_flight stays, the next start verifies it. */
      g_error_free (failure);
      self->n_in_flight--;
      g_hash_table_remove (self->busy_tickets, &op->ticket_id);
      return;
    }

  job = _rapport_push_job_new (self, op);
  job->failure = failure;

  if (is_permanent (failure))
    {
      job->state = RAPPORT_OUTBOX_STATE_FAILED;
    }
  else if (g_error_matches (failure, RAPPORT_PROVIDER_ERROR,
                            RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED) ||
           g_error_matches (failure, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INSECURE))
    {
      /* Nothing went out, and nothing will until the user acts (signs in again, or gives
       * the account an https:// address). */
      job->state = op->state == RAPPORT_OUTBOX_STATE_UNKNOWN ? RAPPORT_OUTBOX_STATE_UNKNOWN
                                                             : RAPPORT_OUTBOX_STATE_READY;
      _rapport_push_engine_set_blocked_reason (self, failure->message);
    }
  else if (verify_unknown &&
           (g_error_matches (failure, RAPPORT_PROVIDER_ERROR,
                             RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN) ||
            g_error_matches (failure, RAPPORT_PROVIDER_ERROR,
                             RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE) ||
            g_error_matches (failure, RAPPORT_PROVIDER_ERROR,
                             RAPPORT_PROVIDER_ERROR_SERVER_ERROR)))
    {
      /* The server may still be working on the request, or have failed half-way: look for
       * its effect only once it had time to finish. */
      job->state = RAPPORT_OUTBOX_STATE_UNKNOWN;
      job->not_before = job->now + MAX ((gint64) backoff_ms (self, attempts),
                                        (gint64) self->settle_ms);
    }
  else
    {
      guint retry_after = rapport_provider_error_get_retry_after (failure);

      /* An unknown op whose evidence could not be read stays unknown. */
      job->state = op->state == RAPPORT_OUTBOX_STATE_UNKNOWN ? RAPPORT_OUTBOX_STATE_UNKNOWN
                                                             : RAPPORT_OUTBOX_STATE_READY;
      job->not_before = job->now + MAX (backoff_ms (self, attempts),
                                        (gint64) retry_after * 1000);
      if (g_error_matches (failure, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK))
        _rapport_push_engine_set_online (self, FALSE);
    }

  g_debug ("Outbox op %" G_GINT64_FORMAT " failed (%s): %s", op->id,
           rapport_outbox_state_to_string (job->state), failure->message);

  _rapport_push_job_run (g_steal_pointer (&job), record_failure_work, record_failure_cb);
}

/* ---------------------------------------------------------------------------------------------
 * Completing
 * ------------------------------------------------------------------------------------------- */

static gboolean
complete_work (RapportPushJob  *job,
               GError         **error)
{
  return rapport_outbox_complete (job->store, job->op->id, job->answer, error);
}

static void
complete_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (source);
  RapportPushJob *job = _rapport_push_job_of (result);
  g_autoptr(GError) error = NULL;

  /* The server has it; should the store fail here, the op stays in_flight and the next start
   * finds the effect through verification instead of sending it again. */
  if (!_rapport_push_job_finish (self, result, &error))
    g_warning ("Outbox op %" G_GINT64_FORMAT " was sent, but recording that failed: %s",
               job->op->id, error->message);
  else
    _rapport_push_engine_report_state (self, job->op->id, RAPPORT_OUTBOX_STATE_DONE);

  release_slot (self, job->op);
}

static void
succeeded (RapportPushEngine     *self,
           const RapportOutboxOp *op,
           GObject               *answer)
{
  const RapportOutboxOpClass *klass = _rapport_outbox_op_get_class (op);
  g_autoptr(RapportPushJob) job = _rapport_push_job_new (self, op);
  GError *rejected = NULL;

  _rapport_push_engine_set_online (self, TRUE);

  /* The server answered, but did not do what the op asked. */
  if (klass->check_answer != NULL && !klass->check_answer (op, answer, &rejected))
    {
      g_object_unref (answer);
      handle_failure (self, op, rejected, FALSE);
      return;
    }

  job->answer = answer;
  _rapport_push_job_run (g_steal_pointer (&job), complete_work, complete_cb);
}

/* ---------------------------------------------------------------------------------------------
 * Sending
 * ------------------------------------------------------------------------------------------- */

static void
push_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RapportPushJob) job = user_data;
  const RapportOutboxOpClass *klass = _rapport_outbox_op_get_class (job->op);
  GError *error = NULL;
  GObject *answer;

  answer = klass->push_finish (RAPPORT_PROVIDER (source), result, &error);
  if (answer == NULL)
    handle_failure (job->self, job->op, error, !klass->idempotent);
  else
    succeeded (job->self, job->op, answer);
}

static gboolean
begin_attempt_work (RapportPushJob  *job,
                    GError         **error)
{
  GError *local_error = NULL;

  job->begun = rapport_outbox_begin_attempt (job->store, job->op->id, job->now, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static void
begin_attempt_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (source);
  RapportPushJob *task_job = _rapport_push_job_of (result);
  g_autoptr(GError) error = NULL;
  RapportPushJob *job;

  if (!_rapport_push_job_finish (self, result, &error))
    {
      g_warning ("Cannot start sending outbox op %" G_GINT64_FORMAT ": %s",
                 task_job->op->id, error->message);
      release_slot (self, task_job->op);
      return;
    }

  if (!task_job->begun)
    {
      /* Undone or discarded meanwhile. */
      release_slot (self, task_job->op);
      return;
    }

  job = _rapport_push_job_new (self, task_job->op);
  job->op->state = RAPPORT_OUTBOX_STATE_IN_FLIGHT;
  job->op->attempts++;
  if (job->op->first_attempt_at == 0)
    job->op->first_attempt_at = task_job->now;
  _rapport_push_engine_report_state (self, job->op->id, RAPPORT_OUTBOX_STATE_IN_FLIGHT);

  _rapport_outbox_op_get_class (job->op)->push (self->provider, job->op, self->cancellable,
                                                push_cb, job);
}

/* ---------------------------------------------------------------------------------------------
 * Verifying an op whose outcome is unknown
 * ------------------------------------------------------------------------------------------- */

static gboolean
resolve_work (RapportPushJob  *job,
              GError         **error)
{
  return rapport_outbox_resolve_unknown (job->store, job->op->id, job->user_remote_id,
                                         job->evidence, &job->found, error);
}

static void
resolve_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RapportPushEngine *self = RAPPORT_PUSH_ENGINE (source);
  RapportPushJob *job = _rapport_push_job_of (result);
  g_autoptr(GError) error = NULL;

  if (!_rapport_push_job_finish (self, result, &error))
    g_warning ("Cannot verify outbox op %" G_GINT64_FORMAT ": %s", job->op->id, error->message);
  else
    _rapport_push_engine_report_state (self, job->op->id,
                  job->found ? RAPPORT_OUTBOX_STATE_DONE : RAPPORT_OUTBOX_STATE_READY);

  release_slot (self, job->op);
}

static void
fetch_evidence_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RapportPushJob) job = user_data;
  const RapportOutboxOpClass *klass = _rapport_outbox_op_get_class (job->op);
  GError *error = NULL;

  job->evidence = klass->fetch_evidence_finish (RAPPORT_PROVIDER (source), result, &error);
  if (job->evidence == NULL)
    {
      handle_failure (job->self, job->op, error, FALSE);
      return;
    }

  _rapport_push_engine_set_online (job->self, TRUE);
  job->user_remote_id = g_strdup (job->self->user_remote_id);
  _rapport_push_job_run (g_steal_pointer (&job), resolve_work, resolve_cb);
}

void
_rapport_push_engine_run_op (RapportPushEngine     *self,
                             const RapportOutboxOp *op)
{
  const RapportOutboxOpClass *klass = _rapport_outbox_op_get_class (op);
  RapportPushJob *job = _rapport_push_job_new (self, op);

  self->n_in_flight++;
  g_hash_table_add (self->busy_tickets, g_memdup2 (&op->ticket_id, sizeof op->ticket_id));

  if (op->state == RAPPORT_OUTBOX_STATE_UNKNOWN)
    {
      if (klass->fetch_evidence == NULL)
        {
          /* Nothing on the server to look at (sending it again is harmless). */
          job->evidence = g_ptr_array_new ();
          job->user_remote_id = g_strdup (self->user_remote_id);
          _rapport_push_job_run (job, resolve_work, resolve_cb);
        }
      else
        {
          klass->fetch_evidence (self->provider, op, self->cancellable, fetch_evidence_cb, job);
        }
      return;
    }

  _rapport_push_job_run (job, begin_attempt_work, begin_attempt_cb);
}

