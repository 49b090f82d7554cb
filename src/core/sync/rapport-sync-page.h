/* rapport-sync-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-approval.h"
#include "rapport-customer.h"
#include "rapport-message.h"
#include "rapport-money-action.h"
#include "rapport-ticket.h"

G_BEGIN_DECLS

/* The kinds of record a backend may fail to read. */
typedef enum
{
  RAPPORT_RECORD_TICKET,
  RAPPORT_RECORD_MESSAGE,
  RAPPORT_RECORD_CUSTOMER,
  RAPPORT_RECORD_MONEY,    /* a money record (refund or credit) or an approval */
} RapportRecordKind;

/* "ticket", "message", "customer", "money" (what the store keeps); NULL for an unknown
 * kind. */
const char *rapport_record_kind_to_string   (RapportRecordKind  kind);
gboolean    rapport_record_kind_from_string (const char        *text,
                                             RapportRecordKind *kind);

/* One record set aside: the backend could not read it (a field missing or of the wrong type,
 * an unparseable answer for it alone) or the store refused it. The rest of its page is
 * applied; the record is kept with its reason and asked for again on the next pull.
 * @remote_id is the record's id at the backend ("" when the record did not even carry a
 * readable one), @parent_remote_id the ticket a message belongs to ("" otherwise), @reason
 * what was wrong, for developers (core messages are not translated). The store fills the
 * rest when it lists them. */
typedef struct
{
  RapportRecordKind  kind;
  char              *remote_id;
  char              *parent_remote_id;
  char              *reason;
  gint64             first_seen_at;  /* unix seconds */
  gint64             last_seen_at;
  guint              attempts;       /* pulls that could not read it */
} RapportSetAside;

/* @parent_remote_id and @remote_id may be NULL (stored as ""); @reason is made storable
 * (valid UTF-8 without NULs) and cut to RAPPORT_SET_ASIDE_REASON_MAX_CHARS characters. */
#define RAPPORT_SET_ASIDE_REASON_MAX_CHARS 1000
RapportSetAside *rapport_set_aside_new  (RapportRecordKind      kind,
                                         const char            *remote_id,
                                         const char            *parent_remote_id,
                                         const char            *reason);
RapportSetAside *rapport_set_aside_copy (const RapportSetAside *record);
void             rapport_set_aside_free (RapportSetAside       *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportSetAside, rapport_set_aside_free)

/* One page of changes pulled from a backend, applied by the store in one transaction
 * together with the new cursor (so a crash mid-sync loses and repeats nothing).
 *
 * References between objects use remote ids only:
 *   ticket.requester-remote-id → customer.remote-id (the customer may come in an earlier page);
 *   message.ticket-remote-id   → ticket.remote-id;
 *   message.author-remote-id   → customer.remote-id when author-kind is CUSTOMER;
 *   money_action.ticket-remote-id → ticket.remote-id (the customer's ticket; it may be absent
 *     from the cache: the action is kept, matched to its customer by customer-key);
 *   approval.action-remote-id  → money_action.remote-id (in this page or an earlier one; an
 *     approval of an action the store does not hold is skipped and logged).
 * Money actions are applied before approvals; an approval's decision is verified
 * (rapport_approval_check()) before its action counts as approved.
 * Upserts are keyed by (account, remote id): applying the same page twice changes nothing.
 *
 * Records that could not be read are not in the lists above but in set_aside, kept by the
 * store with the page. retried lists the set-aside records this page read again (the
 * provider's refetch_records): each is forgotten unless set_aside names it again. A ticket,
 * message or customer the page brings also clears its own set-aside entry, and a deleted
 * ticket its and its messages'; a money action or approval the page brings clears the
 * money entry of its id. A record the store refuses is set aside by the store itself (a
 * money action with its approval), and the rest of the page is applied. */
struct _RapportSyncPage
{
  GPtrArray *customers;          /* (element-type RapportCustomer) owned */
  GPtrArray *tickets;            /* (element-type RapportTicket) owned */
  GPtrArray *messages;           /* (element-type RapportMessage) owned */
  GPtrArray *deleted_ticket_ids; /* (element-type utf8) remote ids, owned */
  GPtrArray *money_actions;      /* (element-type RapportMoneyAction) owned */
  GPtrArray *approvals;          /* (element-type RapportApproval) owned */
  GPtrArray *set_aside;          /* (element-type RapportSetAside) owned */
  GPtrArray *retried;            /* (element-type RapportSetAside) owned */
  char      *resource;           /* sync_state resource name, e.g. "tickets" */
  char      *next_cursor;        /* stored for (account, resource) with the page; NULL = keep */
  gboolean   has_more;           /* another page is ready to pull right away */
  guint64    total_hint;         /* backend's total of items to pull in this sync, 0 = unknown */
};

RapportSyncPage *rapport_sync_page_new  (void);
void             rapport_sync_page_free (RapportSyncPage *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportSyncPage, rapport_sync_page_free)

G_END_DECLS
