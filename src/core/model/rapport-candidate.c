/* rapport-candidate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-candidate"

#include "config.h"

#include "rapport-candidate.h"
#include "rapport-enums.h"

struct _RapportCandidate
{
  GObject               parent_instance;

  /* owned */
  char                 *remote_id;
  char                 *key;
  char                 *title;
  char                 *body;
  char                 *short_body;
  char                **tags;
  char                 *url;

  gint64                id;
  gint64                account_id;
  gint64                updated_at;
  RapportCandidateKind  kind;
  guint                 channels;
};

G_DEFINE_FINAL_TYPE (RapportCandidate, rapport_candidate, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_REMOTE_ID,
  PROP_KEY,
  PROP_KIND,
  PROP_TITLE,
  PROP_BODY,
  PROP_SHORT_BODY,
  PROP_TAGS,
  PROP_CHANNELS,
  PROP_URL,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = {
  [RAPPORT_CANDIDATE_CANNED] = "canned",
  [RAPPORT_CANDIDATE_ARTICLE] = "article",
  [RAPPORT_CANDIDATE_PAST_REPLY] = "past-reply",
};

const char *
rapport_candidate_kind_to_string (RapportCandidateKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;

  return kind_names[kind];
}

gboolean
rapport_candidate_kind_from_string (const char           *str,
                                    RapportCandidateKind *kind)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (str, kind_names[i]))
        {
          if (kind != NULL)
            *kind = (RapportCandidateKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Empty strings are stored as NULL for the nullable fields, so "unset" has one form. */
static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
rapport_candidate_finalize (GObject *object)
{
  RapportCandidate *self = (RapportCandidate *) object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->short_body, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (rapport_candidate_parent_class)->finalize (object);
}

static void
rapport_candidate_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RapportCandidate *self = RAPPORT_CANDIDATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;

    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;

    case PROP_SHORT_BODY:
      g_value_set_string (value, self->short_body);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_CHANNELS:
      g_value_set_uint (value, self->channels);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_candidate_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RapportCandidate *self = RAPPORT_CANDIDATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      rapport_candidate_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;

    case PROP_REMOTE_ID:
      g_free (self->remote_id);
      self->remote_id = dup_or_null (g_value_get_string (value));
      break;

    case PROP_KEY:
      g_free (self->key);
      self->key = g_strdup (g_value_get_string (value) != NULL ? g_value_get_string (value) : "");
      break;

    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_TITLE:
      rapport_candidate_set_title (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      rapport_candidate_set_body (self, g_value_get_string (value));
      break;

    case PROP_SHORT_BODY:
      rapport_candidate_set_short_body (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      rapport_candidate_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_CHANNELS:
      rapport_candidate_set_channels (self, g_value_get_uint (value));
      break;

    case PROP_URL:
      rapport_candidate_set_url (self, g_value_get_string (value));
      break;

    case PROP_UPDATED_AT:
      rapport_candidate_set_updated_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_candidate_class_init (RapportCandidateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);

  object_class->finalize = rapport_candidate_finalize;
  object_class->get_property = rapport_candidate_get_property;
  object_class->set_property = rapport_candidate_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL, NULL, flags);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, RAPPORT_TYPE_CANDIDATE_KIND,
                       RAPPORT_CANDIDATE_CANNED, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL, flags);
  properties[PROP_SHORT_BODY] =
    g_param_spec_string ("short-body", NULL, NULL, NULL, flags);
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CHANNELS] =
    g_param_spec_uint ("channels", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_candidate_init (RapportCandidate *self)
{
  self->key = g_strdup ("");
  self->title = g_strdup ("");
  self->body = g_strdup ("");
  self->tags = g_new0 (char *, 1);
}

/**
 * rapport_candidate_new:
 *
 * Returns: (transfer full): a new candidate of the workspace (account 0), not stored yet
 */
RapportCandidate *
rapport_candidate_new (RapportCandidateKind  kind,
                       const char           *key,
                       const char           *title,
                       const char           *body)
{
  return g_object_new (RAPPORT_TYPE_CANDIDATE,
                       "kind", kind,
                       "key", key,
                       "title", title,
                       "body", body,
                       NULL);
}

/**
 * rapport_candidate_copy:
 *
 * Returns: (transfer full): a new candidate with the same fields
 */
RapportCandidate *
rapport_candidate_copy (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  return g_object_new (RAPPORT_TYPE_CANDIDATE,
                       "id", self->id,
                       "account-id", self->account_id,
                       "remote-id", self->remote_id,
                       "key", self->key,
                       "kind", self->kind,
                       "title", self->title,
                       "body", self->body,
                       "short-body", self->short_body,
                       "tags", self->tags,
                       "channels", self->channels,
                       "url", self->url,
                       "updated-at", self->updated_at,
                       NULL);
}

gint64
rapport_candidate_get_id (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), 0);

  return self->id;
}

void
rapport_candidate_set_id (RapportCandidate *self,
                          gint64            id)
{
  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
rapport_candidate_get_account_id (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), 0);

  return self->account_id;
}

const char *
rapport_candidate_get_remote_id (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  return self->remote_id;
}

/**
 * rapport_candidate_set_remote:
 * @account_id: the account whose backend supplied it, 0 for the workspace's own
 * @remote_id: (nullable): the backend's id
 */
void
rapport_candidate_set_remote (RapportCandidate *self,
                              gint64            account_id,
                              const char       *remote_id)
{
  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));
  g_return_if_fail (account_id >= 0);

  if (self->account_id != account_id)
    {
      self->account_id = account_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
    }
  if (g_strcmp0 (self->remote_id, remote_id) != 0)
    {
      g_free (self->remote_id);
      self->remote_id = dup_or_null (remote_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
    }
}

const char *
rapport_candidate_get_key (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  return self->key;
}

RapportCandidateKind
rapport_candidate_get_kind (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), RAPPORT_CANDIDATE_CANNED);

  return self->kind;
}

const char *
rapport_candidate_get_title (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  return self->title;
}

void
rapport_candidate_set_title (RapportCandidate *self,
                             const char       *title)
{
  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));

  if (title == NULL)
    title = "";
  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
rapport_candidate_get_body (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  return self->body;
}

void
rapport_candidate_set_body (RapportCandidate *self,
                            const char       *body)
{
  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));

  if (body == NULL)
    body = "";
  if (g_strcmp0 (self->body, body) == 0)
    return;

  g_free (self->body);
  self->body = g_strdup (body);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

const char *
rapport_candidate_get_short_body (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  return self->short_body;
}

void
rapport_candidate_set_short_body (RapportCandidate *self,
                                  const char       *short_body)
{
  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));

  if (short_body != NULL && *short_body == '\0')
    short_body = NULL;
  if (g_strcmp0 (self->short_body, short_body) == 0)
    return;

  g_free (self->short_body);
  self->short_body = g_strdup (short_body);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHORT_BODY]);
}

const char *
rapport_candidate_get_body_for_channel (RapportCandidate *self,
                                        RapportChannel    channel)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  if ((channel == RAPPORT_CHANNEL_CHAT || channel == RAPPORT_CHANNEL_SOCIAL) &&
      self->short_body != NULL)
    return self->short_body;

  return self->body;
}

const char * const *
rapport_candidate_get_tags (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  return (const char * const *) self->tags;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
rapport_candidate_set_tags (RapportCandidate   *self,
                            const char * const *tags)
{
  g_autoptr(GPtrArray) clean = NULL;
  g_auto(GStrv) result = NULL;

  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));

  clean = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (tags[i]));
      char *lower;

      if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
        continue;
      lower = g_utf8_strdown (trimmed, -1);
      g_ptr_array_add (clean, lower);
    }
  g_ptr_array_sort (clean, compare_strings);

  /* Drop duplicates, now neighbours. */
  for (guint i = 1; i < clean->len;)
    {
      if (g_str_equal (g_ptr_array_index (clean, i), g_ptr_array_index (clean, i - 1)))
        g_ptr_array_remove_index (clean, i);
      else
        i++;
    }
  g_ptr_array_add (clean, NULL);
  result = (GStrv) g_ptr_array_steal (clean, NULL);

  if (self->tags != NULL &&
      g_strv_equal ((const char * const *) self->tags, (const char * const *) result))
    return;

  g_strfreev (self->tags);
  self->tags = g_steal_pointer (&result);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

guint
rapport_candidate_get_channels (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), 0);

  return self->channels;
}

void
rapport_candidate_set_channels (RapportCandidate *self,
                                guint             channels)
{
  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));

  if (self->channels == channels)
    return;

  self->channels = channels;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNELS]);
}

/* Whether it may be used on @channel: written for it, or for every channel. */
gboolean
rapport_candidate_fits_channel (RapportCandidate *self,
                                RapportChannel    channel)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), FALSE);

  return self->channels == 0 || (self->channels & RAPPORT_CHANNEL_MASK (channel)) != 0;
}

const char *
rapport_candidate_get_url (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), NULL);

  return self->url;
}

void
rapport_candidate_set_url (RapportCandidate *self,
                           const char       *url)
{
  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));

  if (url != NULL && *url == '\0')
    url = NULL;
  if (g_strcmp0 (self->url, url) == 0)
    return;

  g_free (self->url);
  self->url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

gint64
rapport_candidate_get_updated_at (RapportCandidate *self)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (self), 0);

  return self->updated_at;
}

void
rapport_candidate_set_updated_at (RapportCandidate *self,
                                  gint64            updated_at)
{
  g_return_if_fail (RAPPORT_IS_CANDIDATE (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}
