/* rapport-outbox-private.h
 *
 * What the outbox's files share: the operation kinds (one module each, rapport-outbox-op-*.c)
 * and a few helpers on top of the store toolkit (rapport-store-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-outbox.h"
#include "rapport-provider.h"
#include "rapport-store-private.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One kind of outbox operation, shaped like a replay operation: what it does to the local
 * cache when queued, how it is pushed, what it does once the server took it, how an attempt
 * whose outcome is unknown is verified, and how it is backed out. The functions that take the
 * store run with it locked, inside the transaction that also writes the op's row; messages
 * and their search documents go through @writer, which the caller flushes before the commit
 * (text a function queues on it must live until then: flush before returning when it is a
 * local). The push engine and the outbox dispatch through this table and name no kind. */
typedef struct _RapportOutboxOpClass RapportOutboxOpClass;

struct _RapportOutboxOpClass
{
  /* The outbox.kind column. */
  const char *name;

  /* What the remote ids of its effects name (outbox.remote_message_id): kinds with the same
   * namespace claim each other's ids during verification. NULL: messages (reply, note). */
  const char *effect_namespace;

  /* Sending it twice does no harm: an attempt whose outcome is unknown is simply sent again.
   * Otherwise OUTCOME_UNKNOWN or INVALID_RESPONSE from push makes the op "unknown", to be
   * verified before it is sent again. */
  gboolean    idempotent;

  /* The op's payload in the outbox.changes column (JSON) and back; NULL: none. */
  char      *(*encode)                (const RapportOutboxOp  *op);
  void       (*decode)                (RapportOutboxOp        *op,
                                       const char             *json);

  /* Enqueue: the local effect, shown at once. @op is the row just inserted (id, ticket,
   * created_at set); the function may fill in what it links (local_message_id). */
  gboolean   (*apply_local)           (RapportStore           *store,
                                       RapportStoreWriter     *writer,
                                       RapportOutboxOp        *op,
                                       GError                **error);

  /* Rescue: the local effect of an op copied, row as it was, into a rebuilt cache
   * (rapport-cache-rescue.c), made again from what the op recorded; the op's ticket is in the
   * cache (a placeholder until the next pull). NULL: none is shown until the server has it. */
  gboolean   (*restore_local)         (RapportStore           *store,
                                       RapportStoreWriter     *writer,
                                       RapportOutboxOp        *op,
                                       GError                **error);

  /* Push: the provider call and its result (a GObject: what the server now holds). */
  void       (*push)                  (RapportProvider        *provider,
                                       const RapportOutboxOp  *op,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
  GObject   *(*push_finish)           (RapportProvider        *provider,
                                       GAsyncResult           *result,
                                       GError                **error);
  /* Optional: FALSE with RAPPORT_PROVIDER_ERROR_INVALID_INPUT when the server answered but
   * did not do what @op asked. */
  gboolean   (*check_answer)          (const RapportOutboxOp  *op,
                                       GObject                *answer,
                                       GError                **error);

  /* Completion: the local effect becomes what the server holds (@answer: from push_finish,
   * or the element find_effect returned). It may set op->remote_message_id and
   * op->local_message_id; the caller then marks the op done with them. */
  gboolean   (*complete)              (RapportStore           *store,
                                       RapportStoreWriter     *writer,
                                       RapportOutboxOp        *op,
                                       GObject                *answer,
                                       GError                **error);

  /* Verification of an unknown attempt. fetch_evidence reads the server data the effect would
   * show in (NULL: there is nothing to look for, the op goes back to ready and is sent
   * again); find_effect returns the element of @evidence that is the op's effect (borrowed),
   * or NULL. @claimed holds the remote ids other ops of the ticket already own. */
  void       (*fetch_evidence)        (RapportProvider        *provider,
                                       const RapportOutboxOp  *op,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
  GPtrArray *(*fetch_evidence_finish) (RapportProvider        *provider,
                                       GAsyncResult           *result,
                                       GError                **error);
  GObject   *(*find_effect)           (const RapportOutboxOp  *op,
                                       GPtrArray              *evidence,
                                       const char             *user_remote_id,
                                       GHashTable             *claimed);

  /* Back-out (undo, discard): removes the local effect. */
  gboolean   (*back_out)              (RapportStore           *store,
                                       RapportStoreWriter     *writer,
                                       RapportOutboxOp        *op,
                                       GError                **error);
};

/* The kinds, in rapport-outbox-op-*.c; the table that maps RapportOutboxKind to them is in
 * rapport-outbox.c. */
extern const RapportOutboxOpClass _rapport_outbox_reply_class;
extern const RapportOutboxOpClass _rapport_outbox_note_class;
extern const RapportOutboxOpClass _rapport_outbox_update_class;
extern const RapportOutboxOpClass _rapport_outbox_money_class;
extern const RapportOutboxOpClass _rapport_outbox_decision_class;
extern const RapportOutboxOpClass _rapport_outbox_link_class;

const RapportOutboxOpClass *_rapport_outbox_op_get_class (const RapportOutboxOp *op);

/* Queues @op (a template: account_id, ticket_id, kind and its payload set; the function
 * fills in the rest) in one transaction with its kind's local effect; state "held" until
 * now + @hold_ms, or "ready" when @hold_ms is 0. Returns the op as stored. */
RapportOutboxOp *_rapport_outbox_enqueue (RapportStore     *store,
                                          RapportOutboxOp  *op,
                                          guint             hold_ms,
                                          GCancellable     *cancellable,
                                          GError          **error);

/* Locked, in a transaction. Shows op @op_id again after a rescue copied its row into a
 * rebuilt cache: its kind's restore_local (nothing for a done or cancelled op, nor for a kind
 * without one). */
gboolean  _rapport_outbox_restore_local (RapportStore        *store,
                                         RapportStoreWriter  *writer,
                                         gint64               op_id,
                                         GError             **error);

/* Locked. Stores @op's payload (its kind's encode()) again, once apply_local() filled in what
 * it links. */
gboolean  _rapport_outbox_store_payload (RapportStore     *store,
                                         RapportOutboxOp  *op,
                                         GError          **error);

/* The fetch_evidence of the money kinds (rapport-outbox-op-money.c): the server's money
 * records of the op's ticket, actions first, then approvals (one array of both). */
void       _rapport_outbox_fetch_money_evidence        (RapportProvider       *provider,
                                                        const RapportOutboxOp *op,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
GPtrArray *_rapport_outbox_fetch_money_evidence_finish (RapportProvider       *provider,
                                                        GAsyncResult          *result,
                                                        GError               **error);

/* The JSON object of an op's payload (its parser in *@parser_out, which owns it), or NULL,
 * logged, when the payload is not one. */
JsonObject *_rapport_outbox_parse_payload (const char  *json,
                                           JsonParser **parser_out);

/* Whether @a and @b name the same user of a backend (ASCII case ignored, as RT does). */
gboolean  _rapport_outbox_same_user (const char *a,
                                     const char *b);

/* Locked. Deletes the link ops queued after reply @op (after_op_id) that have not been sent
 * yet: the reply is being taken back or discarded (rapport-outbox-op-link.c). */
gboolean  _rapport_outbox_drop_links_after (RapportStore     *store,
                                            RapportOutboxOp  *op,
                                            GError          **error);

/* Outbox times are unix milliseconds. */
gint64    _rapport_outbox_now_ms  (void);


/* Locked. The ticket's draft goes when its reply or note is queued (rapport-drafts.c). */
gboolean  _rapport_drafts_delete_locked (RapportStore  *store,
                                         gint64         account_id,
                                         gint64         ticket_id,
                                         GError       **error);

G_END_DECLS
