/* rapport-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Forward declarations of the core types. */
typedef struct _RapportAccount       RapportAccount;
typedef struct _RapportApproval      RapportApproval;
typedef struct _RapportCustomer      RapportCustomer;
typedef struct _RapportHistoryEntry  RapportHistoryEntry;
typedef struct _RapportIdentity      RapportIdentity;
typedef struct _RapportMessage       RapportMessage;
typedef struct _RapportMoneyAction   RapportMoneyAction;
typedef struct _RapportProvider      RapportProvider;
typedef struct _RapportSearchHit     RapportSearchHit;
typedef struct _RapportStore         RapportStore;
typedef struct _RapportSyncEngine    RapportSyncEngine;
typedef struct _RapportSyncPage      RapportSyncPage;
typedef struct _RapportTicket        RapportTicket;
typedef struct _RapportTicketList    RapportTicketList;

/* The channel an interaction or identity belongs to. Stored as the lower-case nick. */
typedef enum
{
  RAPPORT_CHANNEL_EMAIL,  /*< nick=email >*/
  RAPPORT_CHANNEL_CHAT,   /*< nick=chat >*/
  RAPPORT_CHANNEL_PHONE,  /*< nick=phone >*/
  RAPPORT_CHANNEL_SOCIAL, /*< nick=social >*/
  RAPPORT_CHANNEL_WEB,    /*< nick=web >*/
} RapportChannel;

/* Backend-neutral ticket status. Providers map their own lifecycle onto this
 * (RT: new→NEW, open→OPEN, stalled→ON_HOLD, resolved→SOLVED, rejected/deleted→CLOSED;
 * Zendesk: new, open, pending, hold, solved, closed). */
typedef enum
{
  RAPPORT_TICKET_STATUS_NEW,     /*< nick=new >*/
  RAPPORT_TICKET_STATUS_OPEN,    /*< nick=open >*/
  RAPPORT_TICKET_STATUS_PENDING, /*< nick=pending >*/
  RAPPORT_TICKET_STATUS_ON_HOLD, /*< nick=on-hold >*/
  RAPPORT_TICKET_STATUS_SOLVED,  /*< nick=solved >*/
  RAPPORT_TICKET_STATUS_CLOSED,  /*< nick=closed >*/
} RapportTicketStatus;

typedef enum
{
  RAPPORT_DIRECTION_INBOUND,  /*< nick=in >*/  /* from the customer */
  RAPPORT_DIRECTION_OUTBOUND, /*< nick=out >*/ /* from the team */
} RapportDirection;

typedef enum
{
  RAPPORT_VISIBILITY_PUBLIC,   /*< nick=public >*/
  RAPPORT_VISIBILITY_INTERNAL, /*< nick=internal >*/
} RapportVisibility;

typedef enum
{
  RAPPORT_AUTHOR_CUSTOMER, /*< nick=customer >*/
  RAPPORT_AUTHOR_AGENT,    /*< nick=agent >*/
  RAPPORT_AUTHOR_SYSTEM,   /*< nick=system >*/
} RapportAuthorKind;

typedef enum
{
  RAPPORT_TICKET_PRIORITY_LOW,    /*< nick=low >*/
  RAPPORT_TICKET_PRIORITY_NORMAL, /*< nick=normal >*/
  RAPPORT_TICKET_PRIORITY_HIGH,   /*< nick=high >*/
  RAPPORT_TICKET_PRIORITY_URGENT, /*< nick=urgent >*/
} RapportTicketPriority;

/* The ticket views of the sidebar. */
typedef enum
{
  RAPPORT_VIEW_MY_OPEN,          /*< nick=my-open >*/
  RAPPORT_VIEW_UNASSIGNED,       /*< nick=unassigned >*/
  RAPPORT_VIEW_ALL_OPEN,         /*< nick=all-open >*/
  RAPPORT_VIEW_RECENTLY_SOLVED,  /*< nick=recently-solved >*/
} RapportView;
#define RAPPORT_N_VIEWS 4

/* Stable string forms, used in the database and in GSettings. Return NULL / FALSE on unknown. */
const char *rapport_channel_to_string        (RapportChannel        channel);
gboolean    rapport_channel_from_string      (const char           *str,
                                              RapportChannel       *out);
const char *rapport_ticket_status_to_string  (RapportTicketStatus   status);
gboolean    rapport_ticket_status_from_string (const char          *str,
                                               RapportTicketStatus *out);
gboolean    rapport_ticket_status_is_open    (RapportTicketStatus   status);
const char *rapport_view_to_string           (RapportView           view);
gboolean    rapport_view_from_string         (const char           *str,
                                              RapportView          *out);
const char *rapport_ticket_priority_to_string (RapportTicketPriority priority);
gboolean    rapport_ticket_priority_from_string (const char            *str,
                                                 RapportTicketPriority *out);

/* Whether @text (UTF-8, may be %NULL) holds nothing but white space: a reply, note or draft
 * of it says nothing. */
gboolean    rapport_text_is_blank            (const char           *text);

/* Whether @c is a character that only steers bidirectional text: the marks LRM, RLM and ALM,
 * the embeddings and overrides U+202A…U+202E and the isolates U+2066…U+2069. */
gboolean    rapport_unichar_is_bidi_control  (gunichar              c);

/* The dates Rapport believes, in unix seconds: from 1990-01-01 00:00 UTC (no helpdesk record is
 * older; RT writes 1970-01-01 00:00:00, epoch 0, for "never") to a day after the moment the
 * date was received (room for clocks that disagree). */
#define RAPPORT_TIME_EARLIEST  G_GINT64_CONSTANT (631152000)
#define RAPPORT_TIME_MAX_AHEAD (24 * 60 * 60)

/* A date a server sent (@unix_time, unix seconds), received at @now, as Rapport keeps it: the
 * date itself when it is in the range above, else 0, "unset" (what the cache, the sort orders
 * and the UI already read as "no date"). A far-future date is not moved to the top of every
 * view, and a 1970 date is not shown as one. */
gint64      rapport_time_from_server         (gint64                unix_time,
                                              gint64                now);
/* Whether rapport_time_from_server() keeps @unix_time as it is. */
gboolean    rapport_time_is_believable       (gint64                unix_time,
                                              gint64                now);

G_END_DECLS
