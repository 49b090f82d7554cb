/* rapport-demo-money.h
 *
 * The demo helpdesk's money ledger: refunds, credits and their approvals, kept in memory and
 * shared by every demo provider of the same workspace (seed, customers, anchor) in the
 * process, so the agent's account and the supervisor's account see the same requests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-provider.h"

G_BEGIN_DECLS

typedef struct _RapportDemoBank RapportDemoBank;

/* The workspace's ledger (a new reference), seeded with the story's past refunds and
 * pending approvals (docs/demo-workspace.md) on first use. */
RapportDemoBank    *_rapport_demo_bank_get      (guint32          seed,
                                                 guint            n_customers,
                                                 gint64           anchor_time);
void                _rapport_demo_bank_unref    (RapportDemoBank *bank);

/* A ledger of its own (not shared), seeded with the story. */
RapportDemoBank    *_rapport_demo_bank_new      (gint64           anchor_time);

/* The ledger as JSON (every entry, the next id and the revision), and back: a ledger of its
 * own, read strictly (INVALID_RESPONSE for anything that does not follow the format). */
JsonNode           *_rapport_demo_bank_to_json  (RapportDemoBank *bank);
RapportDemoBank    *_rapport_demo_bank_new_from_json (JsonNode   *node,
                                                      GError    **error);

/* Records a money action as @user (with @role) and judges it with @policy, as the server
 * would: allowed → executed; needs approval → pending with a new approval; denied → rejected. */
RapportMoneyAction *_rapport_demo_bank_create   (RapportDemoBank     *bank,
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
                                                 gint64               now_us);

/* Decides approval @approval_id as @user: NOT_FOUND, CONFLICT (@etag is not its revision),
 * FORBIDDEN (not a supervisor, or the requester themself), NOT_PENDING as INVALID_INPUT. */
RapportApproval    *_rapport_demo_bank_decide   (RapportDemoBank  *bank,
                                                 const char       *user,
                                                 const char       *user_name,
                                                 gboolean          is_supervisor,
                                                 const char       *approval_id,
                                                 RapportDecision   decision,
                                                 const char       *note,
                                                 const char       *etag,
                                                 gint64            now_us,
                                                 GError          **error);

/* Copies of the actions (of ticket @ticket_remote_id, or all when NULL) and their
 * approvals, appended to @actions and @approvals. */
void                _rapport_demo_bank_list     (RapportDemoBank  *bank,
                                                 const char       *ticket_remote_id,
                                                 GPtrArray        *actions,
                                                 GPtrArray        *approvals);

/* The ledger's revision: 1 once seeded, one more with every action and decision. */
guint               _rapport_demo_bank_get_revision (RapportDemoBank *bank);

G_END_DECLS
