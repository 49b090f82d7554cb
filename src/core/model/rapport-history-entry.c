/* rapport-history-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-history-entry"

#include "config.h"

#include "rapport-history-entry.h"

#include <string.h>

#define SUMMARY_MAX_CHARS 120

struct _RapportHistoryEntry
{
  GObject              parent_instance;

  /* owned */
  char                *ticket_remote_id;
  char                *ticket_subject;
  char                *author_name;
  char                *summary;

  gint64               message_id;
  gint64               ticket_id;
  gint64               created_at;
  RapportTicketStatus  ticket_status;
  RapportChannel       channel;
  RapportDirection     direction;
  RapportVisibility    visibility;
};

G_DEFINE_FINAL_TYPE (RapportHistoryEntry, rapport_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MESSAGE_ID,
  PROP_TICKET_ID,
  PROP_TICKET_REMOTE_ID,
  PROP_TICKET_SUBJECT,
  PROP_TICKET_STATUS,
  PROP_CHANNEL,
  PROP_DIRECTION,
  PROP_VISIBILITY,
  PROP_AUTHOR_NAME,
  PROP_SUMMARY,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_history_entry_finalize (GObject *object)
{
  RapportHistoryEntry *self = (RapportHistoryEntry *) object;

  g_clear_pointer (&self->ticket_remote_id, g_free);
  g_clear_pointer (&self->ticket_subject, g_free);
  g_clear_pointer (&self->author_name, g_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (rapport_history_entry_parent_class)->finalize (object);
}

static void
rapport_history_entry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportHistoryEntry *self = RAPPORT_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_MESSAGE_ID:
      g_value_set_int64 (value, self->message_id);
      break;

    case PROP_TICKET_ID:
      g_value_set_int64 (value, self->ticket_id);
      break;

    case PROP_TICKET_REMOTE_ID:
      g_value_set_string (value, self->ticket_remote_id);
      break;

    case PROP_TICKET_SUBJECT:
      g_value_set_string (value, self->ticket_subject);
      break;

    case PROP_TICKET_STATUS:
      g_value_set_int (value, self->ticket_status);
      break;

    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;

    case PROP_DIRECTION:
      g_value_set_int (value, self->direction);
      break;

    case PROP_VISIBILITY:
      g_value_set_int (value, self->visibility);
      break;

    case PROP_AUTHOR_NAME:
      g_value_set_string (value, self->author_name);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_history_entry_class_init (RapportHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  object_class->finalize = rapport_history_entry_finalize;
  object_class->get_property = rapport_history_entry_get_property;

  properties[PROP_MESSAGE_ID] =
    g_param_spec_int64 ("message-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TICKET_REMOTE_ID] =
    g_param_spec_string ("ticket-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_TICKET_SUBJECT] =
    g_param_spec_string ("ticket-subject", NULL, NULL, NULL, flags);
  properties[PROP_TICKET_STATUS] =
    g_param_spec_int ("ticket-status", NULL, NULL,
                      RAPPORT_TICKET_STATUS_NEW, RAPPORT_TICKET_STATUS_CLOSED,
                      RAPPORT_TICKET_STATUS_NEW, flags);
  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL,
                      RAPPORT_CHANNEL_EMAIL, RAPPORT_CHANNEL_WEB, RAPPORT_CHANNEL_EMAIL, flags);
  properties[PROP_DIRECTION] =
    g_param_spec_int ("direction", NULL, NULL,
                      RAPPORT_DIRECTION_INBOUND, RAPPORT_DIRECTION_OUTBOUND,
                      RAPPORT_DIRECTION_INBOUND, flags);
  properties[PROP_VISIBILITY] =
    g_param_spec_int ("visibility", NULL, NULL,
                      RAPPORT_VISIBILITY_PUBLIC, RAPPORT_VISIBILITY_INTERNAL,
                      RAPPORT_VISIBILITY_PUBLIC, flags);
  properties[PROP_AUTHOR_NAME] =
    g_param_spec_string ("author-name", NULL, NULL, NULL, flags);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_history_entry_init (RapportHistoryEntry *self)
{
}

/**
 * rapport_history_entry_new:
 *
 * Returns: (transfer full): a new, immutable history entry
 */
RapportHistoryEntry *
rapport_history_entry_new (gint64               message_id,
                           gint64               ticket_id,
                           const char          *ticket_remote_id,
                           const char          *ticket_subject,
                           RapportTicketStatus  ticket_status,
                           RapportChannel       channel,
                           RapportDirection     direction,
                           RapportVisibility    visibility,
                           const char          *author_name,
                           const char          *summary,
                           gint64               created_at)
{
  RapportHistoryEntry *self = g_object_new (RAPPORT_TYPE_HISTORY_ENTRY, NULL);

  self->message_id = message_id;
  self->ticket_id = ticket_id;
  self->ticket_remote_id = g_strdup (ticket_remote_id);
  self->ticket_subject = g_strdup (ticket_subject);
  self->ticket_status = ticket_status;
  self->channel = channel;
  self->direction = direction;
  self->visibility = visibility;
  self->author_name = g_strdup (author_name);
  self->summary = g_strdup (summary);
  self->created_at = created_at;

  return self;
}

gint64
rapport_history_entry_get_message_id (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), 0);

  return self->message_id;
}

gint64
rapport_history_entry_get_ticket_id (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), 0);

  return self->ticket_id;
}

const char *
rapport_history_entry_get_ticket_remote_id (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), NULL);

  return self->ticket_remote_id;
}

const char *
rapport_history_entry_get_ticket_subject (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), NULL);

  return self->ticket_subject;
}

RapportTicketStatus
rapport_history_entry_get_ticket_status (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), RAPPORT_TICKET_STATUS_NEW);

  return self->ticket_status;
}

RapportChannel
rapport_history_entry_get_channel (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), RAPPORT_CHANNEL_EMAIL);

  return self->channel;
}

RapportDirection
rapport_history_entry_get_direction (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), RAPPORT_DIRECTION_INBOUND);

  return self->direction;
}

RapportVisibility
rapport_history_entry_get_visibility (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), RAPPORT_VISIBILITY_PUBLIC);

  return self->visibility;
}

const char *
rapport_history_entry_get_author_name (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), NULL);

  return self->author_name;
}

const char *
rapport_history_entry_get_summary (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), NULL);

  return self->summary;
}

gint64
rapport_history_entry_get_created_at (RapportHistoryEntry *self)
{
  g_return_val_if_fail (RAPPORT_IS_HISTORY_ENTRY (self), 0);

  return self->created_at;
}

/* Appends the line [@line, @end) to @out with runs of whitespace collapsed to one space and
 * no leading or trailing space, stopping after @max_chars characters; returns the number of
 * characters appended. */
static guint
append_collapsed (GString    *out,
                  const char *line,
                  const char *end,
                  guint       max_chars)
{
  gboolean pending_space = FALSE;
  guint n_chars = 0;

  for (const char *p = line; p < end && n_chars < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = n_chars > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = FALSE;
        }

      g_string_append_unichar (out, c);
      n_chars++;
    }

  return n_chars;
}

static gboolean
line_is_quoted (const char *line,
                const char *end)
{
  for (const char *p = line; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        return c == '>';
    }

  return FALSE;
}

/**
 * rapport_summarize_body:
 * @body: (nullable): a plain-text message body
 *
 * The first non-empty line that is not quoted ("> …"), with whitespace collapsed, cut to at
 * most 120 characters (the last one an ellipsis when cut). Thread-safe.
 *
 * Returns: (transfer full): the summary, "" when the body has no such line
 */
char *
rapport_summarize_body (const char *body)
{
  g_autoptr(GString) line_text = NULL;
  const char *p;

  if (body == NULL)
    return g_strdup ("");

  line_text = g_string_new (NULL);

  /* Line by line, up to the summary's: a long body is neither copied nor read past its first
   * line of text. Invalid bytes never swallow a newline, so repairing each line (one U+FFFD
   * per invalid byte) reads as repairing the whole body would. */
  for (p = body; *p != '\0'; )
    {
      const char *end = strchr (p, '\n');
      g_autofree char *repaired = NULL;
      const char *line = p, *line_end;
      guint n_chars;

      if (end == NULL)
        end = p + strlen (p);
      line_end = end;

      if (!g_utf8_validate_len (p, (gsize) (end - p), NULL))
        {
          repaired = g_utf8_make_valid (p, end - p);
          line = repaired;
          line_end = repaired + strlen (repaired);
        }

      if (!line_is_quoted (line, line_end))
        {
          /* One character past the limit tells that the line was cut. */
          n_chars = append_collapsed (line_text, line, line_end, SUMMARY_MAX_CHARS + 1);

          if (n_chars > SUMMARY_MAX_CHARS)
            {
              const char *cut = g_utf8_offset_to_pointer (line_text->str, SUMMARY_MAX_CHARS - 1);

              g_string_truncate (line_text, cut - line_text->str);
              while (line_text->len > 0 && line_text->str[line_text->len - 1] == ' ')
                g_string_truncate (line_text, line_text->len - 1);
              g_string_append (line_text, "…");
            }

          if (n_chars > 0)
            break;
        }

      p = *end == '\n' ? end + 1 : end;
    }

  return g_string_free (g_steal_pointer (&line_text), FALSE);
}
