/* rapport-rt-money-parser.h
 *
 * Pure functions from Request Tracker 5 REST2 JSON to Rapport's money actions and approvals
 * (data/rt/rapport-authority.pl): a money action is a ticket in queue "Money" with the money
 * custom fields, referring to the customer's ticket; the server's verdict is a comment by
 * RT_System whose first line is "Rapport policy verdict: <verdict> (<reason>)"; an approval
 * is a ticket of type "approval" in ___Approvals that the money ticket depends on, decided
 * by setting its status (resolved = approve, rejected = reject). No I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-approval.h"
#include "rapport-money-action.h"

G_BEGIN_DECLS

#define RAPPORT_RT_MONEY_QUEUE        "Money"
#define RAPPORT_RT_APPROVALS_QUEUE    "___Approvals"
#define RAPPORT_RT_POLICY_FIELD       "Rapport policy"
#define RAPPORT_RT_GROUP_AGENTS       "Rapport Agents"
#define RAPPORT_RT_GROUP_SENIORS      "Rapport Seniors"
#define RAPPORT_RT_GROUP_SUPERVISORS  "Rapport Supervisors"

/* The parts of a ticket record the money side needs (GET /ticket/:id). */
typedef struct
{
  char    *id;
  char    *type;           /* "ticket", "approval" */
  char    *queue;          /* the queue's Name when expanded with fields[Queue], else its id */
  char    *status;
  char    *creator;        /* user Name */
  char    *creator_name;   /* the creator's RealName (fields[Creator]), else NULL */
  gint64   created;        /* Unix seconds */
  char    *subject;
  GHashTable *fields;      /* custom field name → first value (both owned) */
  GPtrArray  *refers_to;   /* (element-type utf8) ticket ids */
  GPtrArray  *depends_on;  /* (element-type utf8) ticket ids */
  GPtrArray  *depended_on_by; /* (element-type utf8) ticket ids */
} RapportRtMoneyRecord;

void                  rapport_rt_money_record_free  (RapportRtMoneyRecord *record);
RapportRtMoneyRecord *rapport_rt_money_parse_record (JsonNode             *node,
                                                     GError              **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRtMoneyRecord, rapport_rt_money_record_free)

/* The newest (highest id) ticket @record depends on: its current approval; NULL when none. */
const char *rapport_rt_money_record_get_approval (const RapportRtMoneyRecord *record);

/* Whether @queue (a name) is one of the queues that hold money records and approvals: their
 * tickets are never customer tickets. */
gboolean rapport_rt_money_is_money_queue (const char *queue);

/* One history item with the fields a decision needs (Type, Creator, Created, Field,
 * OldValue, NewValue, Data). */
typedef struct
{
  guint64  id;
  char    *type;
  char    *creator;
  char    *creator_name;
  gint64   created;        /* Unix seconds */
  char    *field;
  char    *old_value;
  char    *new_value;
  char    *data;
} RapportRtMoneyTxn;

void       rapport_rt_money_txn_free      (RapportRtMoneyTxn *txn);
/* The items of a history page appended to @txns (element-type RapportRtMoneyTxn). */
gboolean   rapport_rt_money_parse_history (JsonNode          *root,
                                           GPtrArray         *txns,
                                           guint             *n_items,
                                           GError           **error);

/* "Rapport policy verdict: needs_approval (single_limit)" at the start of a line of @text. */
gboolean   rapport_rt_money_parse_verdict (const char           *text,
                                           RapportVerdict       *verdict,
                                           RapportVerdictReason *reason);

/* A decision record: the comment data/rt/rapport-authority.pl (version 2) writes as RT_System
 * on a money ticket whenever one of its approvals is resolved or rejected:
 *
 *   Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic.supervisor
 *   Decider: Vic Supervisor
 *   Note:
 *   <the decider's note: any number of lines, possibly none>
 *
 * The first three lines are parsed strictly (a line may end in "\r\n"). */
typedef struct
{
  RapportDecision  decision;      /* APPROVE ("approved") or REJECT ("rejected") */
  char            *approval_id;   /* the approval's ticket id */
  gint64           decided_at;    /* Unix seconds (UTC) */
  char            *decider_uid;   /* RT's numeric user id */
  char            *decider;       /* the user's Name: their id in REST2 (as Creator) */
  char            *decider_name;  /* RealName, or Name */
  char            *note;          /* trimmed; NULL when empty */
  gboolean         voided;        /* the guard reopened the approval after it */
} RapportRtDecisionRecord;

void                     rapport_rt_decision_record_free        (RapportRtDecisionRecord *record);
/* The record in @text, or NULL when @text is not one. */
RapportRtDecisionRecord *rapport_rt_money_parse_decision_record (const char *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRtDecisionRecord, rapport_rt_decision_record_free)

/* The newest decision record for approval @approval_id in a money ticket's @history and
 * @bodies (transaction id → RapportRtAttachment): only a Comment created by RT_System counts
 * (anyone who may comment on the ticket can write the same words). NULL when none. */
RapportRtDecisionRecord *rapport_rt_money_find_decision_record (GPtrArray  *history,
                                                                GHashTable *bodies,
                                                                const char *approval_id);
/* Whether the decider of a decision on @action's approval counts as a member of Rapport
 * Supervisors (@supervisors: the members' names): a member now, and, when the guard voided the
 * decision (@voided), its requester (whose decision then fails as the requester's). */
gboolean rapport_rt_money_decider_counts (GHashTable         *supervisors,
                                          const char         *decider,
                                          gboolean            voided,
                                          RapportMoneyAction *action);

/* Whether @text is the guard's comment on a money ticket saying that approval @approval_id
 * was reopened because its decision does not count (data/rt/rapport-authority.pl). */
gboolean rapport_rt_money_voids_approval (const char *text,
                                          const char *approval_id);

/* The money action of @record (a ticket of the money queue): its fields, requester
 * (Creator) and creation; @verdict_text (nullable) the newest verdict comment's body. The
 * server state: status rejected → rejected, deleted → cancelled; a verdict of
 * needs_approval (or an approval it depends on) with status new → pending_approval, open or
 * resolved → approved; otherwise executed. @approval_id / @approval_etag: the newest approval
 * (nullable). */
RapportMoneyAction *rapport_rt_money_build_action (const RapportRtMoneyRecord *record,
                                                   const char                 *verdict_text,
                                                   const char                 *approval_etag,
                                                   GError                    **error);

/* The approval of @record (type approval) for money ticket @action_id, with the decision
 * facts its @history shows: the newest Status change to resolved (approve) or rejected
 * (reject) by someone other than RT_System — its Creator and Created — and the note: the
 * decider's replies before it, oldest first, separated by an empty line (what the decision
 * record on the money ticket carries). @is_supervisor: whether that decider is a member of
 * Rapport Supervisors (from the server's group data). @action (nullable): the request the
 * decision saw (its amount and customer). */
RapportApproval *rapport_rt_money_build_approval (const RapportRtMoneyRecord *record,
                                                  const char                 *action_id,
                                                  const char                 *etag,
                                                  GPtrArray                  *history,
                                                  GHashTable                 *bodies,
                                                  GHashTable                 *supervisors,
                                                  RapportMoneyAction         *action);

/* The decider of the newest decision in @history (borrowed), or NULL; @voided: whether the
 * approval was opened again after it (the guard voids a decision by the requester or by a
 * non-supervisor). */
const RapportRtMoneyTxn *rapport_rt_money_find_decision (GPtrArray       *history,
                                                         RapportDecision *decision,
                                                         gboolean        *voided);

G_END_DECLS
