/* rapport-demo-server.h
 *
 * The demo helpdesk's server side: what was written to it (replies and notes, ticket updates,
 * the money ledger with its approvals and decisions). The demo has no server, so the provider
 * plays one; this is its memory, and, given a folder, its disk: a file of its own (never the
 * cache), so that after a restart the demo server still knows what the cache knows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-provider.h"

G_BEGIN_DECLS

typedef struct _RapportDemoServer RapportDemoServer;

/* The server of the workspace (seed, customers, anchor), a new reference.
 * @state_dir NULL: in memory, for the caller alone (its money ledger shared by the workspace's
 * providers in the process, as _rapport_demo_bank_get() does), gone with it.
 * Else the file _rapport_demo_server_file_name() in @state_dir, shared by every provider of the
 * workspace in the process (the agent's and the supervisor's accounts). It is read on first
 * use, strictly and bounded; a file that does not read (damaged, another workspace's, too
 * big) is logged with why, moved aside to "<file>.damaged", and the demo starts afresh (one
 * that cannot be moved aside either is never written over: writes fail).
 * Every write is in the file (written atomically) before the call returns success; a write
 * that cannot be kept is undone and fails with RAPPORT_PROVIDER_ERROR_NETWORK. */
RapportDemoServer  *_rapport_demo_server_get          (guint32              seed,
                                                       guint                n_customers,
                                                       gint64               anchor_time,
                                                       const char          *state_dir);
RapportDemoServer  *_rapport_demo_server_ref          (RapportDemoServer   *server);
void                _rapport_demo_server_unref        (RapportDemoServer   *server);

/* "<seed>-<customers>-<anchor>.json" in @state_dir (transfer full). */
char               *_rapport_demo_server_file_name    (const char          *state_dir,
                                                       guint32              seed,
                                                       guint                n_customers,
                                                       gint64               anchor_time);

/* Everything below may read or write the file: call it from a worker thread. */

/* Records a copy of @message (a reply or note as the server keeps it); the ticket's updated
 * time follows it. */
gboolean            _rapport_demo_server_post         (RapportDemoServer   *server,
                                                       RapportMessage      *message,
                                                       GError             **error);
/* Copies of what was posted to ticket @ticket_remote_id, oldest first, appended to
 * @messages. */
void                _rapport_demo_server_list_posted  (RapportDemoServer   *server,
                                                       const char          *ticket_remote_id,
                                                       GPtrArray           *messages);
/* Applies the earlier updates of @ticket (the generated ticket) and then @changes
 * (@assignee_name: the name of a new assignee), as a helpdesk would, and records the result;
 * @ticket ends as the server holds it. */
gboolean            _rapport_demo_server_update_ticket (RapportDemoServer          *server,
                                                        RapportTicket              *ticket,
                                                        const RapportTicketChanges *changes,
                                                        const char                 *assignee_name,
                                                        gint64                      now,
                                                        GError                    **error);

/* The money ledger (rapport-demo-money.h), kept. */
RapportMoneyAction *_rapport_demo_server_create_money (RapportDemoServer   *server,
                                                       const RapportPolicy *policy,
                                                       const char          *user,
                                                       const char          *user_name,
                                                       RapportRole          role,
                                                       const char          *ticket_remote_id,
                                                       RapportMoneyKind     kind,
                                                       const RapportMoney  *amount,
                                                       const char          *reason,
                                                       const char          *order_reference,
                                                       const char          *customer_key,
                                                       gint64               now_us,
                                                       GError             **error);
RapportApproval    *_rapport_demo_server_decide       (RapportDemoServer   *server,
                                                       const char          *user,
                                                       const char          *user_name,
                                                       gboolean             is_supervisor,
                                                       const char          *approval_id,
                                                       RapportDecision      decision,
                                                       const char          *note,
                                                       const char          *etag,
                                                       gint64               now_us,
                                                       GError             **error);
void                _rapport_demo_server_list_money   (RapportDemoServer   *server,
                                                       const char          *ticket_remote_id,
                                                       GPtrArray           *actions,
                                                       GPtrArray           *approvals);
guint               _rapport_demo_server_get_money_revision (RapportDemoServer *server);

/* Records that article @article_remote_id was used on ticket @ticket_remote_id (idempotent:
 * a link that is there already changes nothing). */
gboolean            _rapport_demo_server_link_article (RapportDemoServer   *server,
                                                       const char          *ticket_remote_id,
                                                       const char          *article_remote_id,
                                                       GError             **error);
/* The articles linked to ticket @ticket_remote_id, in the order they were linked. */
GStrv               _rapport_demo_server_list_links   (RapportDemoServer   *server,
                                                       const char          *ticket_remote_id);

G_END_DECLS
