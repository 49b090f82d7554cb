/* rapport-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-types"

#include "config.h"

#include "rapport-types.h"

#include <string.h>

static const char * const channel_names[] = {
  [RAPPORT_CHANNEL_EMAIL] = "email",
  [RAPPORT_CHANNEL_CHAT] = "chat",
  [RAPPORT_CHANNEL_PHONE] = "phone",
  [RAPPORT_CHANNEL_SOCIAL] = "social",
  [RAPPORT_CHANNEL_WEB] = "web",
};

static const char * const status_names[] = {
  [RAPPORT_TICKET_STATUS_NEW] = "new",
  [RAPPORT_TICKET_STATUS_OPEN] = "open",
  [RAPPORT_TICKET_STATUS_PENDING] = "pending",
  [RAPPORT_TICKET_STATUS_ON_HOLD] = "on-hold",
  [RAPPORT_TICKET_STATUS_SOLVED] = "solved",
  [RAPPORT_TICKET_STATUS_CLOSED] = "closed",
};

static const char * const view_names[] = {
  [RAPPORT_VIEW_MY_OPEN] = "my-open",
  [RAPPORT_VIEW_UNASSIGNED] = "unassigned",
  [RAPPORT_VIEW_ALL_OPEN] = "all-open",
  [RAPPORT_VIEW_RECENTLY_SOLVED] = "recently-solved",
};

static const char * const priority_names[] = {
  [RAPPORT_TICKET_PRIORITY_LOW] = "low",
  [RAPPORT_TICKET_PRIORITY_NORMAL] = "normal",
  [RAPPORT_TICKET_PRIORITY_HIGH] = "high",
  [RAPPORT_TICKET_PRIORITY_URGENT] = "urgent",
};

G_STATIC_ASSERT (G_N_ELEMENTS (view_names) == RAPPORT_N_VIEWS);

static const char *
name_of (const char * const *names,
         guint               n_names,
         int                 value)
{
  if (value < 0 || (guint) value >= n_names)
    return NULL;

  return names[value];
}

static gboolean
value_of (const char * const *names,
          guint               n_names,
          const char         *str,
          int                *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (names[i], str) == 0)
        {
          if (out != NULL)
            *out = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
rapport_channel_to_string (RapportChannel channel)
{
  return name_of (channel_names, G_N_ELEMENTS (channel_names), (int) channel);
}

gboolean
rapport_channel_from_string (const char     *str,
                             RapportChannel *out)
{
  int value;

  if (!value_of (channel_names, G_N_ELEMENTS (channel_names), str, &value))
    return FALSE;

  if (out != NULL)
    *out = (RapportChannel) value;

  return TRUE;
}

const char *
rapport_ticket_status_to_string (RapportTicketStatus status)
{
  return name_of (status_names, G_N_ELEMENTS (status_names), (int) status);
}

gboolean
rapport_ticket_status_from_string (const char          *str,
                                   RapportTicketStatus *out)
{
  int value;

  if (!value_of (status_names, G_N_ELEMENTS (status_names), str, &value))
    return FALSE;

  if (out != NULL)
    *out = (RapportTicketStatus) value;

  return TRUE;
}

gboolean
rapport_ticket_status_is_open (RapportTicketStatus status)
{
  switch (status)
    {
    case RAPPORT_TICKET_STATUS_NEW:
    case RAPPORT_TICKET_STATUS_OPEN:
    case RAPPORT_TICKET_STATUS_PENDING:
    case RAPPORT_TICKET_STATUS_ON_HOLD:
      return TRUE;

    case RAPPORT_TICKET_STATUS_SOLVED:
    case RAPPORT_TICKET_STATUS_CLOSED:
    default:
      return FALSE;
    }
}

const char *
rapport_view_to_string (RapportView view)
{
  return name_of (view_names, G_N_ELEMENTS (view_names), (int) view);
}

gboolean
rapport_view_from_string (const char  *str,
                          RapportView *out)
{
  int value;

  if (!value_of (view_names, G_N_ELEMENTS (view_names), str, &value))
    return FALSE;

  if (out != NULL)
    *out = (RapportView) value;

  return TRUE;
}

const char *
rapport_ticket_priority_to_string (RapportTicketPriority priority)
{
  return name_of (priority_names, G_N_ELEMENTS (priority_names), (int) priority);
}

gboolean
rapport_ticket_priority_from_string (const char            *str,
                                     RapportTicketPriority *out)
{
  int value;

  if (!value_of (priority_names, G_N_ELEMENTS (priority_names), str, &value))
    return FALSE;

  if (out != NULL)
    *out = (RapportTicketPriority) value;

  return TRUE;
}

gboolean
rapport_text_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

gboolean
rapport_unichar_is_bidi_control (gunichar c)
{
  return c == 0x200E || c == 0x200F || c == 0x061C ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

gboolean
rapport_time_is_believable (gint64 unix_time,
                            gint64 now)
{
  return unix_time >= RAPPORT_TIME_EARLIEST && unix_time <= now + RAPPORT_TIME_MAX_AHEAD;
}

gint64
rapport_time_from_server (gint64 unix_time,
                          gint64 now)
{
  return rapport_time_is_believable (unix_time, now) ? unix_time : 0;
}
