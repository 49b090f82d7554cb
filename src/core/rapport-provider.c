/* rapport-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-provider"

#include "config.h"

#include "rapport-provider.h"

#include <string.h>

#define RETRY_AFTER_PREFIX " (retry after "
#define RETRY_AFTER_SUFFIX " s)"
#define RETRY_AFTER_MAX    86400u

G_DEFINE_QUARK (rapport-provider-error-quark, rapport_provider_error)

G_DEFINE_INTERFACE (RapportProvider, rapport_provider, G_TYPE_OBJECT)

static void
rapport_provider_default_init (RapportProviderInterface *iface)
{
}

/**
 * rapport_provider_get_kind:
 * @self: a #RapportProvider
 *
 * Returns: the backend kind ("demo", "rt", "zendesk" …), owned by the provider.
 */
const char *
rapport_provider_get_kind (RapportProvider *self)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_kind != NULL, NULL);

  return iface->get_kind (self);
}

/**
 * rapport_provider_get_capabilities:
 * @self: a #RapportProvider
 *
 * WRITES is only reported when the provider implements post_message() and update_ticket()
 * (rapport_provider_can_write()), whatever its get_capabilities() says.
 *
 * Returns: what the backend can do beyond reading tickets.
 */
RapportProviderCapabilities
rapport_provider_get_capabilities (RapportProvider *self)
{
  RapportProviderInterface *iface;
  RapportProviderCapabilities capabilities;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), RAPPORT_PROVIDER_CAPABILITY_NONE);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->get_capabilities != NULL)
    capabilities = iface->get_capabilities (self);
  else
    capabilities = RAPPORT_PROVIDER_CAPABILITY_WRITES;

  if (!rapport_provider_can_write (self))
    capabilities &= ~RAPPORT_PROVIDER_CAPABILITY_WRITES;

  return capabilities;
}

void
rapport_provider_whoami_async (RapportProvider     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_if_fail (iface->whoami_async != NULL);

  iface->whoami_async (self, cancellable, callback, user_data);
}

/**
 * rapport_provider_whoami_finish:
 *
 * Returns: (transfer full): a new account describing the signed-in user, or %NULL with
 *   @error set.
 */
RapportAccount *
rapport_provider_whoami_finish (RapportProvider  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->whoami_finish != NULL, NULL);

  return iface->whoami_finish (self, result, error);
}

void
rapport_provider_pull_changes_async (RapportProvider     *self,
                                     const char          *cursor,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_if_fail (iface->pull_changes_async != NULL);

  iface->pull_changes_async (self, cursor, cancellable, callback, user_data);
}

/**
 * rapport_provider_pull_changes_finish:
 *
 * Returns: (transfer full): the page, or %NULL with @error set.
 */
RapportSyncPage *
rapport_provider_pull_changes_finish (RapportProvider  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->pull_changes_finish != NULL, NULL);

  return iface->pull_changes_finish (self, result, error);
}

void
rapport_provider_fetch_ticket_history_async (RapportProvider     *self,
                                             const char          *ticket_remote_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (ticket_remote_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_if_fail (iface->fetch_ticket_history_async != NULL);

  iface->fetch_ticket_history_async (self, ticket_remote_id, cancellable, callback, user_data);
}

/**
 * rapport_provider_fetch_ticket_history_finish:
 *
 * Returns: (transfer full) (element-type RapportMessage): the ticket's messages, oldest
 *   first, or %NULL with @error set.
 */
GPtrArray *
rapport_provider_fetch_ticket_history_finish (RapportProvider  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->fetch_ticket_history_finish != NULL, NULL);

  return iface->fetch_ticket_history_finish (self, result, error);
}

RapportTicketChanges *
rapport_ticket_changes_new (void)
{
  return g_new0 (RapportTicketChanges, 1);
}

RapportTicketChanges *
rapport_ticket_changes_copy (const RapportTicketChanges *changes)
{
  RapportTicketChanges *copy;

  g_return_val_if_fail (changes != NULL, NULL);

  copy = g_memdup2 (changes, sizeof *changes);
  copy->assignee_remote_id = g_strdup (changes->assignee_remote_id);

  return copy;
}

void
rapport_ticket_changes_free (RapportTicketChanges *changes)
{
  if (changes == NULL)
    return;

  g_free (changes->assignee_remote_id);
  g_free (changes);
}

/**
 * rapport_provider_can_write:
 *
 * Returns: whether the backend implements post_message() and update_ticket().
 */
gboolean
rapport_provider_can_write (RapportProvider *self)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), FALSE);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);

  return iface->post_message_async != NULL && iface->update_ticket_async != NULL;
}

static void
report_not_supported (RapportProvider     *self,
                      gpointer             source_tag,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, source_tag,
                           G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "The “%s” backend cannot change tickets",
                           rapport_provider_get_kind (self));
}

/**
 * rapport_provider_post_message_async:
 * @self: a #RapportProvider
 * @ticket_remote_id: the ticket
 * @visibility: public reply or internal note
 * @body: plain text, not empty
 *
 * Posts a reply or a note as the signed-in agent.
 */
void
rapport_provider_post_message_async (RapportProvider     *self,
                                     const char          *ticket_remote_id,
                                     RapportVisibility    visibility,
                                     const char          *body,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (ticket_remote_id != NULL);
  g_return_if_fail (body != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->post_message_async == NULL)
    {
      report_not_supported (self, rapport_provider_post_message_async, callback, user_data);
      return;
    }

  iface->post_message_async (self, ticket_remote_id, visibility, body, cancellable,
                             callback, user_data);
}

/**
 * rapport_provider_post_message_finish:
 *
 * Returns: (transfer full): the message as the server recorded it, or %NULL with @error set.
 */
RapportMessage *
rapport_provider_post_message_finish (RapportProvider  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_async_result_is_tagged (result, rapport_provider_post_message_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->post_message_finish != NULL, NULL);

  return iface->post_message_finish (self, result, error);
}

/**
 * rapport_provider_update_ticket_async:
 * @self: a #RapportProvider
 * @ticket_remote_id: the ticket
 * @changes: the fields to change
 *
 * Changes a ticket and reads it back.
 */
void
rapport_provider_update_ticket_async (RapportProvider            *self,
                                      const char                 *ticket_remote_id,
                                      const RapportTicketChanges *changes,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (ticket_remote_id != NULL);
  g_return_if_fail (changes != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->update_ticket_async == NULL)
    {
      report_not_supported (self, rapport_provider_update_ticket_async, callback, user_data);
      return;
    }

  iface->update_ticket_async (self, ticket_remote_id, changes, cancellable, callback, user_data);
}

/**
 * rapport_provider_update_ticket_finish:
 *
 * Returns: (transfer full): the ticket as read back from the server, or %NULL with @error set.
 */
RapportTicket *
rapport_provider_update_ticket_finish (RapportProvider  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_async_result_is_tagged (result, rapport_provider_update_ticket_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->update_ticket_finish != NULL, NULL);

  return iface->update_ticket_finish (self, result, error);
}

/**
 * rapport_provider_error_get_retry_after:
 * @error: (nullable): an error from a provider
 *
 * Returns: the seconds a RATE_LIMITED @error asks to wait (its message ends with
 *   " (retry after N s)"), at most a day; 0 when it says nothing.
 */
guint
rapport_provider_error_get_retry_after (const GError *error)
{
  const char *start, *p;
  guint64 value = 0;

  if (!g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_RATE_LIMITED))
    return 0;

  start = g_strrstr (error->message, RETRY_AFTER_PREFIX);
  if (start == NULL)
    return 0;

  p = start + strlen (RETRY_AFTER_PREFIX);
  if (!g_ascii_isdigit (*p))
    return 0;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (value <= RETRY_AFTER_MAX)
        value = value * 10 + (guint64) (*p - '0');
    }
  if (strcmp (p, RETRY_AFTER_SUFFIX) != 0)
    return 0;

  return (guint) MIN (value, (guint64) RETRY_AFTER_MAX);
}

#define HOST_PREFIX " [host "
#define HOST_MAX    255

/**
 * rapport_provider_error_get_host:
 * @error: (nullable): an error from a provider
 *
 * Returns: (transfer full) (nullable): the host a SIGN_IN_PAGE, REDIRECTED, TLS or INSECURE
 *   @error names (its message ends with " [host NAME]"), or %NULL
 */
char *
rapport_provider_error_get_host (const GError *error)
{
  const char *start, *end;
  gsize length;

  if (error == NULL || error->domain != RAPPORT_PROVIDER_ERROR ||
      (error->code != RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE &&
       error->code != RAPPORT_PROVIDER_ERROR_REDIRECTED &&
       error->code != RAPPORT_PROVIDER_ERROR_TLS &&
       error->code != RAPPORT_PROVIDER_ERROR_INSECURE))
    return NULL;

  start = g_strrstr (error->message, HOST_PREFIX);
  if (start == NULL)
    return NULL;

  start += strlen (HOST_PREFIX);
  end = start + strlen (start);
  if (end == start || end[-1] != ']')
    return NULL;
  end--;

  length = (gsize) (end - start);
  if (length == 0 || length > HOST_MAX)
    return NULL;

  /* Only what a host name or an address literal holds: nothing to spoof a sentence with. */
  for (const char *p = start; p < end; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_:[]", *p) == NULL)
      return NULL;

  return g_strndup (start, length);
}

/* ---------------------------------------------------------------------------------------------
 * Money: refunds, credits and their approvals
 * ------------------------------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (RapportMoneyEvidence, rapport_money_evidence, rapport_money_evidence_copy,
                     rapport_money_evidence_free)

/**
 * rapport_money_evidence_new:
 *
 * Returns: (transfer full): empty evidence (two empty arrays)
 */
RapportMoneyEvidence *
rapport_money_evidence_new (void)
{
  RapportMoneyEvidence *evidence = g_new0 (RapportMoneyEvidence, 1);

  evidence->actions = g_ptr_array_new_with_free_func (g_object_unref);
  evidence->approvals = g_ptr_array_new_with_free_func (g_object_unref);

  return evidence;
}

RapportMoneyEvidence *
rapport_money_evidence_copy (const RapportMoneyEvidence *evidence)
{
  RapportMoneyEvidence *copy;

  g_return_val_if_fail (evidence != NULL, NULL);

  copy = rapport_money_evidence_new ();
  for (guint i = 0; evidence->actions != NULL && i < evidence->actions->len; i++)
    g_ptr_array_add (copy->actions, g_object_ref (evidence->actions->pdata[i]));
  for (guint i = 0; evidence->approvals != NULL && i < evidence->approvals->len; i++)
    g_ptr_array_add (copy->approvals, g_object_ref (evidence->approvals->pdata[i]));

  return copy;
}

void
rapport_money_evidence_free (RapportMoneyEvidence *evidence)
{
  if (evidence == NULL)
    return;

  g_clear_pointer (&evidence->actions, g_ptr_array_unref);
  g_clear_pointer (&evidence->approvals, g_ptr_array_unref);
  g_free (evidence);
}

/**
 * rapport_provider_can_handle_money:
 *
 * Returns: whether the backend implements the four money methods
 */
gboolean
rapport_provider_can_handle_money (RapportProvider *self)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), FALSE);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);

  return iface->create_money_action_async != NULL && iface->decide_approval_async != NULL &&
         iface->fetch_authority_async != NULL && iface->fetch_money_evidence_async != NULL;
}

static void
report_unsupported (RapportProvider     *self,
                    gpointer             source_tag,
                    const char          *what,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, source_tag,
                           G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "The “%s” backend cannot %s", rapport_provider_get_kind (self), what);
}

/* A wrapper's _finish: the error of report_unsupported (), or the backend's _finish. */
#define FINISH_OR_REPORTED(self, result, error, tag, vfunc)                       \
  G_STMT_START {                                                                  \
    RapportProviderInterface *iface_;                                             \
    g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), NULL);                      \
    g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);                      \
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);                 \
    if (g_async_result_is_tagged (result, tag))                                   \
      return g_task_propagate_pointer (G_TASK (result), error);                   \
    iface_ = RAPPORT_PROVIDER_GET_IFACE (self);                                   \
    g_return_val_if_fail (iface_->vfunc != NULL, NULL);                           \
    return iface_->vfunc (self, result, error);                                   \
  } G_STMT_END

/**
 * rapport_provider_create_money_action_async:
 * @self: a #RapportProvider
 * @ticket_remote_id: the customer's ticket
 * @kind: refund or credit
 * @amount: positive, in its currency
 * @reason: why (not empty)
 * @order_reference: (nullable): the order it is about
 * @customer_key: the customer as the record names them (normalized)
 *
 * Records a refund or credit as the signed-in user.
 */
void
rapport_provider_create_money_action_async (RapportProvider     *self,
                                            const char          *ticket_remote_id,
                                            RapportMoneyKind     kind,
                                            const RapportMoney  *amount,
                                            const char          *reason,
                                            const char          *order_reference,
                                            const char          *customer_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (ticket_remote_id != NULL);
  g_return_if_fail (amount != NULL);
  g_return_if_fail (reason != NULL);
  g_return_if_fail (customer_key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->create_money_action_async == NULL)
    {
      report_unsupported (self, rapport_provider_create_money_action_async,
                          "record refunds or credits", callback, user_data);
      return;
    }

  iface->create_money_action_async (self, ticket_remote_id, kind, amount, reason,
                                    order_reference, customer_key, cancellable, callback,
                                    user_data);
}

/**
 * rapport_provider_create_money_action_finish:
 *
 * Returns: (transfer full): the server's record, or %NULL with @error set
 */
RapportMoneyAction *
rapport_provider_create_money_action_finish (RapportProvider  *self,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  FINISH_OR_REPORTED (self, result, error, rapport_provider_create_money_action_async,
                      create_money_action_finish);
}

/**
 * rapport_provider_decide_approval_async:
 * @self: a #RapportProvider
 * @approval_remote_id: the approval
 * @decision: approve or reject
 * @note: (nullable): the decider's note
 * @etag: (nullable): the revision the decision is about
 *
 * Decides an approval as the signed-in user.
 */
void
rapport_provider_decide_approval_async (RapportProvider     *self,
                                        const char          *approval_remote_id,
                                        RapportDecision      decision,
                                        const char          *note,
                                        const char          *etag,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (approval_remote_id != NULL);
  g_return_if_fail (decision == RAPPORT_DECISION_APPROVE || decision == RAPPORT_DECISION_REJECT);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->decide_approval_async == NULL)
    {
      report_unsupported (self, rapport_provider_decide_approval_async, "decide approvals",
                          callback, user_data);
      return;
    }

  iface->decide_approval_async (self, approval_remote_id, decision, note, etag, cancellable,
                                callback, user_data);
}

/**
 * rapport_provider_decide_approval_finish:
 *
 * Returns: (transfer full): the approval as the server now records it, or %NULL with @error set
 */
RapportApproval *
rapport_provider_decide_approval_finish (RapportProvider  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  FINISH_OR_REPORTED (self, result, error, rapport_provider_decide_approval_async,
                      decide_approval_finish);
}

/**
 * rapport_provider_fetch_authority_async:
 * @self: a #RapportProvider
 *
 * Reads the signed-in user's role, whether they may decide approvals, and the server's policy.
 */
void
rapport_provider_fetch_authority_async (RapportProvider     *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->fetch_authority_async == NULL)
    {
      report_unsupported (self, rapport_provider_fetch_authority_async,
                          "tell the user's authority", callback, user_data);
      return;
    }

  iface->fetch_authority_async (self, cancellable, callback, user_data);
}

/**
 * rapport_provider_fetch_authority_finish:
 *
 * Returns: (transfer full): the authority as the server sees it, or %NULL with @error set
 */
RapportAuthority *
rapport_provider_fetch_authority_finish (RapportProvider  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  FINISH_OR_REPORTED (self, result, error, rapport_provider_fetch_authority_async,
                      fetch_authority_finish);
}

/**
 * rapport_provider_fetch_money_evidence_async:
 * @self: a #RapportProvider
 * @ticket_remote_id: the customer's ticket
 *
 * Reads the server's money records of a customer ticket and their approvals.
 */
void
rapport_provider_fetch_money_evidence_async (RapportProvider     *self,
                                             const char          *ticket_remote_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (ticket_remote_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->fetch_money_evidence_async == NULL)
    {
      report_unsupported (self, rapport_provider_fetch_money_evidence_async,
                          "read money records", callback, user_data);
      return;
    }

  iface->fetch_money_evidence_async (self, ticket_remote_id, cancellable, callback, user_data);
}

/**
 * rapport_provider_fetch_money_evidence_finish:
 *
 * Returns: (transfer full): the records, or %NULL with @error set
 */
RapportMoneyEvidence *
rapport_provider_fetch_money_evidence_finish (RapportProvider  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  FINISH_OR_REPORTED (self, result, error, rapport_provider_fetch_money_evidence_async,
                      fetch_money_evidence_finish);
}

/* ---------------------------------------------------------------------------------------------
 * Suggestion content
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_provider_can_fetch_canned_content:
 *
 * Returns: whether the backend has canned responses or articles to fetch
 */
gboolean
rapport_provider_can_fetch_canned_content (RapportProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), FALSE);

  return RAPPORT_PROVIDER_GET_IFACE (self)->fetch_canned_content_async != NULL &&
         (rapport_provider_get_capabilities (self) &
          (RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES |
           RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE)) != 0;
}

/**
 * rapport_provider_can_link_articles:
 *
 * Returns: whether the backend records which article answered a ticket
 */
gboolean
rapport_provider_can_link_articles (RapportProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), FALSE);

  return RAPPORT_PROVIDER_GET_IFACE (self)->link_article_async != NULL &&
         (rapport_provider_get_capabilities (self) &
          RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE) != 0;
}

/**
 * rapport_provider_fetch_canned_content_async:
 * @self: a #RapportProvider
 *
 * Reads the server's canned responses and knowledge-base articles.
 */
void
rapport_provider_fetch_canned_content_async (RapportProvider     *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->fetch_canned_content_async == NULL)
    {
      report_unsupported (self, rapport_provider_fetch_canned_content_async,
                          "read canned responses or articles", callback, user_data);
      return;
    }

  iface->fetch_canned_content_async (self, cancellable, callback, user_data);
}

/**
 * rapport_provider_fetch_canned_content_finish:
 *
 * Returns: (transfer full) (element-type RapportCandidate): the server's content (account id
 *   0), or %NULL with @error set
 */
GPtrArray *
rapport_provider_fetch_canned_content_finish (RapportProvider  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  FINISH_OR_REPORTED (self, result, error, rapport_provider_fetch_canned_content_async,
                      fetch_canned_content_finish);
}

/**
 * rapport_provider_link_article_async:
 * @self: a #RapportProvider
 * @ticket_remote_id: the ticket answered
 * @article_remote_id: the article used
 *
 * Records on the server that the article was used on the ticket (idempotent).
 */
void
rapport_provider_link_article_async (RapportProvider     *self,
                                     const char          *ticket_remote_id,
                                     const char          *article_remote_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (ticket_remote_id != NULL);
  g_return_if_fail (article_remote_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->link_article_async == NULL)
    {
      report_unsupported (self, rapport_provider_link_article_async, "link articles to tickets",
                          callback, user_data);
      return;
    }

  iface->link_article_async (self, ticket_remote_id, article_remote_id, cancellable, callback,
                             user_data);
}

/**
 * rapport_provider_link_article_finish:
 *
 * Returns: %TRUE once the server holds the link, or %FALSE with @error set
 */
gboolean
rapport_provider_link_article_finish (RapportProvider  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  RapportProviderInterface *iface;

  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_async_result_is_tagged (result, rapport_provider_link_article_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->link_article_finish != NULL, FALSE);

  return iface->link_article_finish (self, result, error);
}

/* ---------------------------------------------------------------------------------------------
 * Records set aside
 * ------------------------------------------------------------------------------------------- */

/**
 * rapport_provider_can_refetch_records:
 *
 * Returns: whether the backend can read records set aside again by id
 */
gboolean
rapport_provider_can_refetch_records (RapportProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_PROVIDER (self), FALSE);

  return RAPPORT_PROVIDER_GET_IFACE (self)->refetch_records_async != NULL;
}

/**
 * rapport_provider_refetch_records_async:
 * @self: a #RapportProvider
 * @records: (element-type RapportSetAside): the records to read again
 *
 * Reads records set aside by earlier pulls again.
 */
void
rapport_provider_refetch_records_async (RapportProvider     *self,
                                        GPtrArray           *records,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RapportProviderInterface *iface;

  g_return_if_fail (RAPPORT_IS_PROVIDER (self));
  g_return_if_fail (records != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RAPPORT_PROVIDER_GET_IFACE (self);
  if (iface->refetch_records_async == NULL)
    {
      report_unsupported (self, rapport_provider_refetch_records_async,
                          "read records again", callback, user_data);
      return;
    }

  iface->refetch_records_async (self, records, cancellable, callback, user_data);
}

/**
 * rapport_provider_refetch_records_finish:
 *
 * Returns: (transfer full): a page without a cursor, or %NULL with @error set
 */
RapportSyncPage *
rapport_provider_refetch_records_finish (RapportProvider  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  FINISH_OR_REPORTED (self, result, error, rapport_provider_refetch_records_async,
                      refetch_records_finish);
}
