/* rapport-demo-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-provider.h"

G_BEGIN_DECLS

/* The provider kind of demo accounts. */
#define RAPPORT_DEMO_PROVIDER_KIND "demo"
/* What it can do: writes (kept by the demo server), the "pending" status, approvals (kept;
 * it judges money actions with the policy of the settings but, having no server, does not
 * claim to enforce it), canned responses and articles (rapport_demo_suggest_candidates(); a
 * used article's link is kept by the demo server), and it is the demo. */
#define RAPPORT_DEMO_PROVIDER_CAPABILITIES (RAPPORT_PROVIDER_CAPABILITY_WRITES |            \
                                            RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS |    \
                                            RAPPORT_PROVIDER_CAPABILITY_APPROVALS |         \
                                            RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES |  \
                                            RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE |    \
                                            RAPPORT_PROVIDER_CAPABILITY_DEMO)

/* The demo workspace's supervisor, who decides approvals. */
#define RAPPORT_DEMO_SUPERVISOR_REMOTE_ID "dana.supervisor"
#define RAPPORT_DEMO_SUPERVISOR_NAME      "Dana Whitfield"

#define RAPPORT_TYPE_DEMO_PROVIDER (rapport_demo_provider_get_type ())
G_DECLARE_FINAL_TYPE (RapportDemoProvider, rapport_demo_provider, RAPPORT, DEMO_PROVIDER, GObject)

/* The built-in demo helpdesk: serves the RapportDemo dataset through the provider contract,
 * page by page, generating in a worker thread. The cursor is the next customer index: once an
 * account has pulled to the end, later pulls bring nothing.
 *
 * It has a write side, kept by the demo server (rapport-demo-server.h): in memory for the life
 * of the provider, or, with "state-dir", in the server's own file in that folder, shared by
 * every account of the workspace and kept across restarts (a damaged file is logged, moved
 * aside as "<file>.damaged", and the demo starts afresh). post_message() returns the reply or note as a server records it (remote id
 * "demo-local-<uuid>", author "user-remote-id" / "user-name", created now) and
 * fetch_ticket_history() lists it after the generated messages; update_ticket() applies the
 * changes on top of the generated ticket and of earlier updates and returns the whole ticket
 * (an assignee must be the user or one of the demo team's agents, else INVALID_INPUT; an
 * unknown ticket is NOT_FOUND). pull_changes() never returns what was written.
 *
 * Properties: "seed" (uint), "n-customers" (uint), "anchor-time" (int64 unix seconds),
 * "heavy-shapes" (boolean: the dataset also has the benchmark's heavy shapes, rapport-demo.h),
 * "page-size" (uint, messages per page, default 10 000), "user-remote-id", "user-name" (who
 * posts; default RAPPORT_DEMO_AGENT_REMOTE_ID / RAPPORT_DEMO_AGENT_NAME), "state-dir" (the
 * folder of the demo server's file; NULL, the default: in memory) — all construct-only. */
RapportProvider *rapport_demo_provider_new (guint32 seed,
                                            guint   n_customers,
                                            gint64  anchor_time);

/* A demo account stores its dataset parameters in its base URL, so the same data comes back
 * after a restart (or a crash mid-sync):
 *   demo:workspace?seed=20261122&customers=50&anchor=1795392000
 * new_account() returns a RapportAccount (provider-kind "demo", display name "Demo workspace",
 * user RAPPORT_DEMO_AGENT_REMOTE_ID / RAPPORT_DEMO_AGENT_NAME, role "agent") with that base URL.
 * new_for_account() parses it back (and posts as the account's user); an unparsable URL is
 * RAPPORT_PROVIDER_ERROR_INVALID_INPUT. new_for_account_in() does the same with the demo
 * server's file in @state_dir (NULL: in memory), as the demo backend does with
 * RAPPORT_DEMO_SERVER_DIR. new_heavy_account() (benchmarks only) adds "&shapes=heavy": the
 * dataset also has the heavy shapes (rapport_demo_set_heavy_shapes()). */
RapportAccount  *rapport_demo_provider_new_account     (guint32          seed,
                                                        guint            n_customers,
                                                        gint64           anchor_time);
RapportAccount  *rapport_demo_provider_new_heavy_account (guint32        seed,
                                                          guint          n_customers,
                                                          gint64         anchor_time);
RapportProvider *rapport_demo_provider_new_for_account (RapportAccount  *account,
                                                        GError         **error);
RapportProvider *rapport_demo_provider_new_for_account_in (RapportAccount  *account,
                                                           const char      *state_dir,
                                                           GError         **error);

/* The folder of the demo server's files, in $XDG_DATA_HOME/rapport (beside the cache, not in
 * it): one file per demo workspace, "<seed>-<customers>-<anchor>.json". */
#define RAPPORT_DEMO_SERVER_DIR "demo-server"

/* Money: refunds, credits and approvals are kept by the demo server, shared by every demo
 * provider of the same workspace in the process (so an agent's account and a supervisor's
 * account of one workspace see the same requests) and, with a "state-dir", kept in its file, seeded with the story's past refund and two pending
 * approvals (docs/demo-workspace.md). create_money_action() judges with the policy of the
 * settings (rapport_policy_settings_load()) and the workspace's past actions; over a limit it
 * creates an approval (etag: its revision, "1"), which only the supervisor may decide (not
 * the requester: FORBIDDEN; another revision: CONFLICT). fetch_authority(): role agent, or
 * supervisor (may decide) for RAPPORT_DEMO_SUPERVISOR_REMOTE_ID; no policy of its own, not
 * enforced. A pull's last page (has_more FALSE) carries every money action and approval.
 *
 * The same workspace as a supervisor: user RAPPORT_DEMO_SUPERVISOR_REMOTE_ID /
 * RAPPORT_DEMO_SUPERVISOR_NAME, role "supervisor", display name "Demo workspace —
 * supervisor"; the base URL is the agent account's. supervisor_account_for() makes it from
 * another account of the workspace (an unparsable base URL: RAPPORT_PROVIDER_ERROR_INVALID_INPUT). */
RapportAccount  *rapport_demo_provider_new_supervisor_account (guint32 seed,
                                                               guint   n_customers,
                                                               gint64  anchor_time);
RapportAccount  *rapport_demo_provider_new_supervisor_account_for (RapportAccount  *account,
                                                                   GError         **error);

G_END_DECLS
