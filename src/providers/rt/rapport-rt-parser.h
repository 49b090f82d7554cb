/* rapport-rt-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-customer.h"
#include "rapport-message.h"
#include "rapport-ticket.h"

G_BEGIN_DECLS

/* Pure functions from Request Tracker 5 REST2 JSON to Rapport's core objects. No I/O, no
 * global state, thread-safe.
 *
 * RT's JSON is loose (see shared/reference/rt5-rest2.md and tests/integration/README.md):
 * ids come as numbers or strings, most numbers as strings, an empty search has "pages": 0.0,
 * collections give "" for empty fields where records omit them, and 1970-01-01T00:00:00Z
 * means "no date". Every function accepts all of that, treats JSON null like a missing key,
 * and reports anything else unexpected (a wrong type, a missing required key, a malformed
 * date or number) as RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE with a message naming the
 * object and the key. They never abort on bad input. */

/* The RT user that stands for "no owner". */
#define RAPPORT_RT_NOBODY "Nobody"
/* The RT user that records automatic changes. */
#define RAPPORT_RT_SYSTEM_USER "RT_System"

/* Paging fields of a collection answer. total and pages are null for collections whose rows
 * RT filters after the SQL LIMIT (transactions, history, attachments for non-superusers), and
 * then next_page is absent too. */
typedef struct
{
  guint     count;
  guint     page;
  guint     per_page;
  gboolean  has_total;
  guint64   total;
  gboolean  has_pages;
  guint64   pages;
  char     *next_page; /* nullable */
  char     *prev_page; /* nullable */
} RapportRtPageInfo;

void       rapport_rt_page_info_clear (RapportRtPageInfo *info);
gboolean   rapport_rt_parse_page_info (JsonNode          *root,
                                       RapportRtPageInfo *info,
                                       GError           **error);
/* The "items" array of a collection answer (borrowed from @root). */
JsonArray *rapport_rt_page_get_items  (JsonNode          *root,
                                       GError           **error);

/* A reference {"type":…, "id":…}: the id as a string (a number id becomes decimal). When
 * @expected_type is not NULL, "type" must be present and equal. */
char      *rapport_rt_parse_ref       (JsonNode          *node,
                                       const char        *expected_type,
                                       GError           **error);

/* A ticket record (GET /ticket/:id, "id" a number) or a search item ("id" a string).
 * Required keys: id, Subject, Status, Created, LastUpdated. Optional: Owner ("Nobody" = no
 * assignee; "RealName"/"Name" expanded with fields[Owner]), Queue ("Name" when expanded with
 * fields[Queue], else its id), Requestor (the first is the requester), Priority, Resolved
 * (kept only for solved/closed tickets), CustomFields ("Channel" → channel, default email).
 * Status: new→NEW, open→OPEN, stalled→ON_HOLD, resolved→SOLVED, rejected/deleted→CLOSED, any
 * other (custom lifecycle) status → OPEN.
 * Priority (a number, a numeric string, or a label), by RT's default labels Low 0, Medium 50,
 * High 100: below 25 → LOW, below 75 → NORMAL, up to 100 → HIGH, above → URGENT; labels
 * low, medium/normal, high, urgent/critical/"on fire"; an empty or unknown label → NORMAL.
 * @requestors (optional) receives every requestor's user name, in order. */
RapportTicket *rapport_rt_parse_ticket (JsonNode   *node,
                                        GStrv      *requestors,
                                        GError    **error);
/* The ticket's "Channel" custom field (email when the field is absent or empty). */
gboolean   rapport_rt_parse_channel   (JsonNode          *ticket,
                                       RapportChannel    *channel,
                                       GError           **error);

/* A user record (GET /user/:id) as a customer: remote-id = Name, display-name = RealName or
 * Name, organization, identities: EmailAddress (email), MobilePhone, WorkPhone, HomePhone
 * (phone), skipping empty and repeated ones. Agents without AdminUsers get a summary record
 * without "id"; only "Name" is required. */
RapportCustomer *rapport_rt_parse_customer (JsonNode  *node,
                                            GError   **error);

typedef struct
{
  char      *id;          /* numeric user id as a string; NULL in summary records */
  char      *name;        /* the user Name, what references use */
  char      *real_name;   /* nullable */
  char      *email;       /* nullable */
  gboolean   privileged;
  GStrv      memberships; /* group ids; empty unless the record lists "Memberships" */
} RapportRtUser;

void           rapport_rt_user_free  (RapportRtUser *user);
RapportRtUser *rapport_rt_parse_user (JsonNode      *node,
                                      GError       **error);

/* "Name" of a group (GET /group/:id) or a queue (GET /queue/:id). */
char      *rapport_rt_parse_name      (JsonNode          *node,
                                       const char        *what,
                                       GError           **error);
/* A custom field record (GET /customfield/:id): its Name and the allowed Values. */
gboolean   rapport_rt_parse_custom_field (JsonNode       *node,
                                          char          **name,
                                          GStrv          *values,
                                          GError        **error);
/* GET /rt: the server's Version. */
char      *rapport_rt_parse_version   (JsonNode          *node,
                                       GError           **error);

/* One transaction: a collection item (history, /transactions) or a record
 * (GET /transaction/:id, whose ticket is the "Object" reference). */
typedef struct
{
  guint64  id;
  char    *type;         /* "Create", "Correspond", "Comment", "Status" …; NULL if absent */
  char    *object_type;  /* "RT::Ticket" …; NULL if absent */
  char    *object_id;    /* NULL if absent */
  char    *creator;      /* user Name; NULL if absent */
  char    *creator_name; /* RealName (or Name) when expanded with fields[Creator]; else NULL */
  gint64   created;      /* unix seconds, 0 when absent */
} RapportRtTransaction;

void                  rapport_rt_transaction_free  (RapportRtTransaction *txn);
RapportRtTransaction *rapport_rt_parse_transaction (JsonNode             *node,
                                                    GError              **error);
/* Create and Correspond are public messages, Comment an internal note; everything else
 * (EmailRecord, Status, Set, CustomField, AddLink …) is not a message. */
gboolean   rapport_rt_transaction_is_message (const RapportRtTransaction *txn);

/* One page of /transactions: appends the distinct ticket ids (ObjectId of items whose
 * ObjectType is RT::Ticket or absent) to @ticket_ids in order of first appearance, skipping
 * ids already in it, and raises *@max_id to the highest transaction id of the page (it is
 * left alone for an empty page). With @require_object, every item must carry ObjectId.
 * *@n_items receives the number of items. */
gboolean   rapport_rt_parse_transactions_page (JsonNode   *root,
                                               gboolean    require_object,
                                               GPtrArray  *ticket_ids,
                                               guint64    *max_id,
                                               guint      *n_items,
                                               GError    **error);

/* One attachment: a collection item ("TransactionId" a string, "Content" decoded text) or a
 * record (GET /attachment/:id: "TransactionId" a reference, "Content" base64). */
typedef struct
{
  guint64  id;
  guint64  transaction_id;
  char    *content_type; /* lower case, without parameters; NULL if absent */
  char    *filename;     /* NULL when absent or empty */
  GBytes  *content;      /* NULL when absent or null */
} RapportRtAttachment;

void                 rapport_rt_attachment_free  (RapportRtAttachment *attachment);
RapportRtAttachment *rapport_rt_parse_attachment (JsonNode            *node,
                                                  GError             **error);
/* A message body candidate: text/plain or text/html without a file name. */
gboolean   rapport_rt_attachment_is_body (const RapportRtAttachment *attachment);

/* Adds the body parts of one attachments page to @bodies (transaction id as guint64* →
 * RapportRtAttachment*, created with rapport_rt_bodies_new()): per transaction the body
 * candidate with the lowest attachment id wins. *@max_transaction_id is raised to the
 * highest TransactionId of any item on the page (body or not). */
GHashTable *rapport_rt_bodies_new (void);
gboolean   rapport_rt_collect_bodies (JsonNode    *root,
                                      GHashTable  *bodies,
                                      guint64     *max_transaction_id,
                                      guint       *n_items,
                                      GError     **error);

/* The plain text of a body part: text/html through rapport_html_to_text(), text/plain with
 * CRLF/CR turned into LF and invalid UTF-8 replaced. "" without content. */
char      *rapport_rt_attachment_body_text (const RapportRtAttachment *attachment);

/* Builds the messages of one ticket from its transactions (RapportRtTransaction, any order;
 * non-message types are skipped) and the @bodies collected for them. Messages are returned
 * oldest first (by transaction id), with ticket-remote-id @ticket_remote_id and channel
 * @channel. A message is inbound, authored by a CUSTOMER, when its creator is in
 * @customer_names (a set of user names: the requestors and other unprivileged users);
 * RT_System is SYSTEM; anyone else is an AGENT and outbound. A message transaction without
 * Creator or Created is an error. */
GPtrArray *rapport_rt_build_messages (GPtrArray      *transactions,
                                      GHashTable     *bodies,
                                      const char     *ticket_remote_id,
                                      RapportChannel  channel,
                                      GHashTable     *customer_names,
                                      GError        **error);

/* Convenience for one history page and one attachments page of a ticket. */
GPtrArray *rapport_rt_parse_messages (JsonNode            *history,
                                      JsonNode            *attachments,
                                      const char          *ticket_remote_id,
                                      RapportChannel       channel,
                                      const char * const  *customer_names,
                                      GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRtUser, rapport_rt_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRtTransaction, rapport_rt_transaction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRtAttachment, rapport_rt_attachment_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportRtPageInfo, rapport_rt_page_info_clear)

G_END_DECLS
