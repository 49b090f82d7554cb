/* rapport-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-account.h"
#include "rapport-approval.h"
#include "rapport-authority.h"
#include "rapport-message.h"
#include "rapport-money-action.h"
#include "rapport-ticket.h"
#include "rapport-sync-page.h"
#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_PROVIDER_ERROR (rapport_provider_error_quark ())
GQuark rapport_provider_error_quark (void);

typedef enum
{
  RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED,
  RAPPORT_PROVIDER_ERROR_FORBIDDEN,
  RAPPORT_PROVIDER_ERROR_NOT_FOUND,
  RAPPORT_PROVIDER_ERROR_CONFLICT,
  RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
  RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
  RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
  RAPPORT_PROVIDER_ERROR_NETWORK,
  RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
  /* What stands between Rapport and the API, each naming its host (see
   * rapport_provider_error_get_host()): */
  RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE,    /* a web page (a sign-in page, a single sign-on
                                           * proxy) answered an API call */
  RAPPORT_PROVIDER_ERROR_REDIRECTED,      /* the API answered with a redirect (never followed);
                                           * the host is the redirect's target */
  RAPPORT_PROVIDER_ERROR_TLS,             /* no secure connection: the certificate is not
                                           * trusted, is for another name, or TLS failed */
  RAPPORT_PROVIDER_ERROR_SERVER_ERROR,    /* the server answered with an error of its own
                                           * (5xx): reachable, but failing */
  RAPPORT_PROVIDER_ERROR_INSECURE,        /* refused before sending: the token would cross
                                           * the network in clear text (http:// to another
                                           * computer) */
} RapportProviderError;

/* What a backend can do beyond reading tickets. The UI asks these (through the provider, or
 * through the provider registry before a provider exists) instead of naming a backend.
 *   WRITES            post_message() and update_ticket() work (replies, notes, status,
 *                     assignee, priority);
 *   PENDING_STATUS    a ticket can be set to RAPPORT_TICKET_STATUS_PENDING (waiting for the
 *                     customer) and reads back as such (RT has no such status);
 *   APPROVALS         the server records approvals of money actions: create_money_action(),
 *                     decide_approval(), fetch_authority() and fetch_money_evidence() work,
 *                     and pulls bring money actions and approvals;
 *   ENFORCES_LIMITS   the server itself evaluates every money action against its policy,
 *                     whoever creates it (its verdict is authoritative; fetch_authority()
 *                     returns the policy it enforces). Without it the policy comes from the
 *                     GSettings schema RAPPORT_POLICY_SETTINGS_SCHEMA (rapport-authority.h);
 *   CANNED_RESPONSES  the server keeps canned responses (RT Articles, Zendesk macros);
 *   KNOWLEDGE_BASE    the server has knowledge-base articles to search;
 *   DEMO              made-up data generated in this process, to explore Rapport: no server,
 *                     nothing of it leaves the computer, nothing to sync in the background. */
typedef enum
{
  RAPPORT_PROVIDER_CAPABILITY_NONE             = 0,
  RAPPORT_PROVIDER_CAPABILITY_WRITES           = 1 << 0,
  RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS   = 1 << 1,
  RAPPORT_PROVIDER_CAPABILITY_APPROVALS        = 1 << 2,
  RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES = 1 << 3,
  RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE   = 1 << 4,
  RAPPORT_PROVIDER_CAPABILITY_DEMO             = 1 << 5,
  RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS  = 1 << 6,
} RapportProviderCapabilities;

#define RAPPORT_TYPE_PROVIDER (rapport_provider_get_type ())
G_DECLARE_INTERFACE (RapportProvider, rapport_provider, RAPPORT, PROVIDER, GObject)

/* What an update_ticket() changes: only the fields named in @fields are sent. */
typedef enum
{
  RAPPORT_TICKET_FIELD_STATUS   = 1 << 0,
  RAPPORT_TICKET_FIELD_ASSIGNEE = 1 << 1,
  RAPPORT_TICKET_FIELD_PRIORITY = 1 << 2,
} RapportTicketField;

typedef struct
{
  RapportTicketField    fields;
  RapportTicketStatus   status;
  char                 *assignee_remote_id; /* NULL = unassign */
  RapportTicketPriority priority;
} RapportTicketChanges;

RapportTicketChanges *rapport_ticket_changes_new  (void);
RapportTicketChanges *rapport_ticket_changes_copy (const RapportTicketChanges *changes);
void                  rapport_ticket_changes_free (RapportTicketChanges *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportTicketChanges, rapport_ticket_changes_free)

/* The helpdesk's money records of one customer ticket, for verifying an attempt whose outcome
 * was unknown and a decision: every money action that refers to the ticket, and every
 * approval of those actions, with their decision facts (boxed type). */
typedef struct
{
  GPtrArray *actions;   /* (element-type RapportMoneyAction) owned, never NULL */
  GPtrArray *approvals; /* (element-type RapportApproval) owned, never NULL */
} RapportMoneyEvidence;

#define RAPPORT_TYPE_MONEY_EVIDENCE (rapport_money_evidence_get_type ())
GType                 rapport_money_evidence_get_type (void);
RapportMoneyEvidence *rapport_money_evidence_new      (void);
RapportMoneyEvidence *rapport_money_evidence_copy     (const RapportMoneyEvidence *evidence);
void                  rapport_money_evidence_free     (RapportMoneyEvidence       *evidence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportMoneyEvidence, rapport_money_evidence_free)

/* A RAPPORT_PROVIDER_ERROR_RATE_LIMITED error whose server said how long to wait ends its
 * message with " (retry after N s)", N whole seconds in ASCII digits (backends append it; the
 * push engine reads it). Returns N, or 0 for any other error or message (capped at a day). */
guint rapport_provider_error_get_retry_after (const GError *error);

/* SIGN_IN_PAGE, REDIRECTED, TLS and INSECURE errors end their message with " [host NAME]"
 * (RAPPORT_PROVIDER_ERROR_HOST_FORMAT), NAME an ASCII host name or address (IDN hosts in their
 * xn-- form). Returns NAME, or %NULL for any other error or message. */
#define RAPPORT_PROVIDER_ERROR_HOST_FORMAT " [host %s]"
char *rapport_provider_error_get_host (const GError *error);

/* The contract every helpdesk backend implements.
 *
 * Write side: post_message() and update_ticket() are called only by the push engine of the
 * durable outbox (rapport-outbox.h), never by widgets. When a write fails in a way that the
 * server may still have carried it out (connection lost after the request was sent, a timeout
 * waiting for the answer, a 5xx to a POST), the backend reports
 * RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN; the outbox then looks for the effect in
 * fetch_ticket_history() before it tries again, so nothing is posted twice. A backend without
 * writes leaves the write vfuncs NULL: the wrappers then fail with G_IO_ERROR_NOT_SUPPORTED.
 *
 * Every method is asynchronous, speaks core types (never JSON), and reports failures in the
 * RAPPORT_PROVIDER_ERROR domain (or G_IO_ERROR_CANCELLED). */
struct _RapportProviderInterface
{
  GTypeInterface parent_iface;

  /* "demo", "rt", "zendesk" … */
  const char      *(*get_kind)                   (RapportProvider      *self);

  /* What this backend can do (see RapportProviderCapabilities). Optional: without it a
   * provider has WRITES when it implements the write side, and nothing else. */
  RapportProviderCapabilities (*get_capabilities) (RapportProvider     *self);

  /* Who the credentials belong to: fills user-remote-id, user-name and role of a new
   * RapportAccount (transfer full). */
  void             (*whoami_async)               (RapportProvider      *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  RapportAccount  *(*whoami_finish)              (RapportProvider      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

  /* Next page of changes after @cursor (NULL = from the beginning). */
  void             (*pull_changes_async)         (RapportProvider      *self,
                                                  const char           *cursor,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  RapportSyncPage *(*pull_changes_finish)        (RapportProvider      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

  /* Every message of one ticket, oldest first (element-type RapportMessage). */
  void             (*fetch_ticket_history_async) (RapportProvider      *self,
                                                  const char           *ticket_remote_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  GPtrArray       *(*fetch_ticket_history_finish) (RapportProvider     *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

  /* A public reply or an internal note on a ticket, as the signed-in agent. Returns the
   * message as the server recorded it (remote id, author, created time; transfer full). */
  void             (*post_message_async)         (RapportProvider      *self,
                                                  const char           *ticket_remote_id,
                                                  RapportVisibility     visibility,
                                                  const char           *body,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  RapportMessage  *(*post_message_finish)        (RapportProvider      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

  /* Changes status / assignee / priority, then reads the ticket back so the caller sees what
   * the server actually holds (RT answers 200 even when it refused a value). A value the
   * server refused is RAPPORT_PROVIDER_ERROR_INVALID_INPUT. Returns the ticket as read back
   * (transfer full). */
  void             (*update_ticket_async)        (RapportProvider      *self,
                                                  const char           *ticket_remote_id,
                                                  const RapportTicketChanges *changes,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  RapportTicket   *(*update_ticket_finish)       (RapportProvider      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

  /* Money (optional; a provider with APPROVALS implements all four). Called by the push
   * engine (create, decide, evidence) and the workspace (authority), never by widgets. */

  /* Records a refund or credit for the customer of ticket @ticket_remote_id, as the
   * signed-in user. @amount: positive, in its currency; @reason required; @order_reference
   * may be NULL; @customer_key: how the customer is named on the record (normalized). The
   * server evaluates it (when it ENFORCES_LIMITS) at once. Returns the server's record
   * (transfer full): remote id, requester, created-at, server-state (executed,
   * pending_approval or rejected), verdict and reason, and the approval's remote id and etag
   * when it needs one. When the request may have reached the server without an answer:
   * OUTCOME_UNKNOWN (the outbox then looks for it with fetch_money_evidence()). */
  void                (*create_money_action_async)   (RapportProvider      *self,
                                                      const char           *ticket_remote_id,
                                                      RapportMoneyKind      kind,
                                                      const RapportMoney   *amount,
                                                      const char           *reason,
                                                      const char           *order_reference,
                                                      const char           *customer_key,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
  RapportMoneyAction *(*create_money_action_finish)  (RapportProvider      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

  /* Approves or rejects approval @approval_remote_id with @note (may be NULL) as the
   * signed-in user, provided it is still at revision @etag: when it changed meanwhile
   * (HTTP 412), CONFLICT; when the user may not decide, FORBIDDEN. Returns the approval as
   * the server now records it, read back after the decision (transfer full). Unanswered:
   * OUTCOME_UNKNOWN. */
  void                (*decide_approval_async)       (RapportProvider      *self,
                                                      const char           *approval_remote_id,
                                                      RapportDecision       decision,
                                                      const char           *note,
                                                      const char           *etag,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
  RapportApproval    *(*decide_approval_finish)      (RapportProvider      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

  /* The signed-in user's authority as the server sees it: has_role and role (RT: the highest
   * of its role groups), may_decide (RT: member of the supervisors group), and the policy the
   * server enforces with source SERVER and source_detail saying where it is kept (policy NULL
   * when the server keeps none: rapport_authority_resolve() then uses the settings). Transfer
   * full. */
  void                (*fetch_authority_async)       (RapportProvider      *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
  RapportAuthority   *(*fetch_authority_finish)      (RapportProvider      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

  /* The server's money records of customer ticket @ticket_remote_id (RapportMoneyEvidence:
   * every money action referring to it, every approval of those, with decision facts). */
  void                (*fetch_money_evidence_async)  (RapportProvider      *self,
                                                      const char           *ticket_remote_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
  RapportMoneyEvidence *(*fetch_money_evidence_finish) (RapportProvider    *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

  /* Suggestion content (optional; called by the workspace and the push engine, never by
   * widgets). A provider whose get_capabilities() says CANNED_RESPONSES or KNOWLEDGE_BASE
   * implements fetch_canned_content; one that says KNOWLEDGE_BASE implements link_article. */

  /* The server's canned responses and knowledge-base articles, all of them (a backend bounds
   * what it reads and says so in its documentation), element-type RapportCandidate: kind
   * CANNED or ARTICLE, key and remote id set (the backend's id), account id left 0 (the
   * caller sets it), title, body (plain text; a template, rapport-template.h, when the
   * backend's text holds placeholders), tags, url (the article's web page) and updated-at
   * when known. A server that turns out to have no such content, or does not let the user
   * read it: an empty array, not an error. */
  void                (*fetch_canned_content_async)  (RapportProvider      *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
  GPtrArray          *(*fetch_canned_content_finish) (RapportProvider      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

  /* Records on the server that article @article_remote_id was used to answer ticket
   * @ticket_remote_id (RT: the ticket RefersTo the article, as RT's own reply form does).
   * Idempotent: linking twice is not an error and leaves one link. */
  void                (*link_article_async)          (RapportProvider      *self,
                                                      const char           *ticket_remote_id,
                                                      const char           *article_remote_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
  gboolean            (*link_article_finish)         (RapportProvider      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

  /* Records set aside (optional; called by the sync engine before a pull). Reads again each
   * of @records (element-type RapportSetAside: a ticket, a message with its ticket, a
   * customer, a money record), as pull_changes would: a page with what now reads, with what still does not
   * in set_aside, with @records in retried, without a cursor (next_cursor NULL, has_more
   * FALSE). A record that cannot be read is set aside again, not an error; a failure of the
   * server or the network is. */
  void                (*refetch_records_async)       (RapportProvider      *self,
                                                      GPtrArray            *records,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
  RapportSyncPage    *(*refetch_records_finish)      (RapportProvider      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
};

const char      *rapport_provider_get_kind                   (RapportProvider      *self);
RapportProviderCapabilities
                 rapport_provider_get_capabilities           (RapportProvider      *self);
void             rapport_provider_whoami_async               (RapportProvider      *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportAccount  *rapport_provider_whoami_finish              (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             rapport_provider_pull_changes_async         (RapportProvider      *self,
                                                              const char           *cursor,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportSyncPage *rapport_provider_pull_changes_finish        (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             rapport_provider_fetch_ticket_history_async (RapportProvider      *self,
                                                              const char           *ticket_remote_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray       *rapport_provider_fetch_ticket_history_finish (RapportProvider     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

gboolean         rapport_provider_can_write                  (RapportProvider      *self);
void             rapport_provider_post_message_async         (RapportProvider      *self,
                                                              const char           *ticket_remote_id,
                                                              RapportVisibility     visibility,
                                                              const char           *body,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportMessage  *rapport_provider_post_message_finish        (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             rapport_provider_update_ticket_async        (RapportProvider      *self,
                                                              const char           *ticket_remote_id,
                                                              const RapportTicketChanges *changes,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportTicket   *rapport_provider_update_ticket_finish       (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* Money: the wrappers fail with G_IO_ERROR_NOT_SUPPORTED when the provider lacks the vfunc. */
gboolean         rapport_provider_can_handle_money           (RapportProvider      *self);
void             rapport_provider_create_money_action_async  (RapportProvider      *self,
                                                              const char           *ticket_remote_id,
                                                              RapportMoneyKind      kind,
                                                              const RapportMoney   *amount,
                                                              const char           *reason,
                                                              const char           *order_reference,
                                                              const char           *customer_key,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportMoneyAction *rapport_provider_create_money_action_finish (RapportProvider   *self,
                                                                 GAsyncResult      *result,
                                                                 GError           **error);
void             rapport_provider_decide_approval_async      (RapportProvider      *self,
                                                              const char           *approval_remote_id,
                                                              RapportDecision       decision,
                                                              const char           *note,
                                                              const char           *etag,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportApproval *rapport_provider_decide_approval_finish     (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             rapport_provider_fetch_authority_async      (RapportProvider      *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportAuthority *rapport_provider_fetch_authority_finish    (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void             rapport_provider_fetch_money_evidence_async (RapportProvider      *self,
                                                              const char           *ticket_remote_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportMoneyEvidence *rapport_provider_fetch_money_evidence_finish (RapportProvider *self,
                                                                    GAsyncResult    *result,
                                                                    GError         **error);

/* Suggestion content: the wrappers fail with G_IO_ERROR_NOT_SUPPORTED when the provider lacks
 * the vfunc. can_fetch_canned_content: the vfunc is there and the capabilities say
 * CANNED_RESPONSES or KNOWLEDGE_BASE; can_link_articles: the vfunc is there and they say
 * KNOWLEDGE_BASE. */
gboolean         rapport_provider_can_fetch_canned_content   (RapportProvider      *self);
gboolean         rapport_provider_can_link_articles          (RapportProvider      *self);
void             rapport_provider_fetch_canned_content_async (RapportProvider      *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray       *rapport_provider_fetch_canned_content_finish (RapportProvider     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void             rapport_provider_link_article_async         (RapportProvider      *self,
                                                              const char           *ticket_remote_id,
                                                              const char           *article_remote_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean         rapport_provider_link_article_finish        (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* Records set aside: can_refetch_records says whether the provider has the vfunc; the wrapper
 * fails with G_IO_ERROR_NOT_SUPPORTED without it. */
gboolean         rapport_provider_can_refetch_records        (RapportProvider      *self);
void             rapport_provider_refetch_records_async      (RapportProvider      *self,
                                                              GPtrArray            *records,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RapportSyncPage *rapport_provider_refetch_records_finish     (RapportProvider      *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS
