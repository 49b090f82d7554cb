/* rapport-suggestion.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-suggestion"

#include "config.h"

#include "rapport-enums.h"
#include "rapport-suggestion-private.h"

/* The most terms a suggestion explains itself with. */
#define MAX_TERMS 5

struct _RapportSuggestion
{
  GObject               parent_instance;

  /* owned */
  RapportCandidate     *candidate;
  char                **terms;
  char                 *similar_subject;

  double                score;
  gint64                similar_ticket_id;
  RapportSuggestReason  reasons;
  guint                 similar_uses;
  guint                 uses;
};

G_DEFINE_FINAL_TYPE (RapportSuggestion, rapport_suggestion, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CANDIDATE,
  PROP_SCORE,
  PROP_REASONS,
  PROP_TERMS,
  PROP_SIMILAR_USES,
  PROP_USES,
  PROP_SIMILAR_TICKET_ID,
  PROP_SIMILAR_SUBJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_suggestion_finalize (GObject *object)
{
  RapportSuggestion *self = (RapportSuggestion *) object;

  g_clear_object (&self->candidate);
  g_clear_pointer (&self->terms, g_strfreev);
  g_clear_pointer (&self->similar_subject, g_free);

  G_OBJECT_CLASS (rapport_suggestion_parent_class)->finalize (object);
}

static void
rapport_suggestion_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportSuggestion *self = RAPPORT_SUGGESTION (object);

  switch (prop_id)
    {
    case PROP_CANDIDATE:
      g_value_set_object (value, self->candidate);
      break;

    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;

    case PROP_REASONS:
      g_value_set_flags (value, self->reasons);
      break;

    case PROP_TERMS:
      g_value_set_boxed (value, self->terms);
      break;

    case PROP_SIMILAR_USES:
      g_value_set_uint (value, self->similar_uses);
      break;

    case PROP_USES:
      g_value_set_uint (value, self->uses);
      break;

    case PROP_SIMILAR_TICKET_ID:
      g_value_set_int64 (value, self->similar_ticket_id);
      break;

    case PROP_SIMILAR_SUBJECT:
      g_value_set_string (value, self->similar_subject);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_suggestion_class_init (RapportSuggestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  object_class->finalize = rapport_suggestion_finalize;
  object_class->get_property = rapport_suggestion_get_property;

  properties[PROP_CANDIDATE] =
    g_param_spec_object ("candidate", NULL, NULL, RAPPORT_TYPE_CANDIDATE, flags);
  properties[PROP_SCORE] =
    g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_REASONS] =
    g_param_spec_flags ("reasons", NULL, NULL, RAPPORT_TYPE_SUGGEST_REASON,
                        RAPPORT_SUGGEST_REASON_NONE, flags);
  properties[PROP_TERMS] =
    g_param_spec_boxed ("terms", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_SIMILAR_USES] =
    g_param_spec_uint ("similar-uses", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_USES] =
    g_param_spec_uint ("uses", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SIMILAR_TICKET_ID] =
    g_param_spec_int64 ("similar-ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SIMILAR_SUBJECT] =
    g_param_spec_string ("similar-subject", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_suggestion_init (RapportSuggestion *self)
{
}

RapportSuggestion *
_rapport_suggestion_new (RapportCandidate     *candidate,
                         double                score,
                         RapportSuggestReason  reasons,
                         const char * const   *terms,
                         guint                 similar_uses,
                         guint                 uses,
                         gint64                similar_ticket_id,
                         const char           *similar_subject)
{
  RapportSuggestion *self;
  guint n_terms;

  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (candidate), NULL);

  self = g_object_new (RAPPORT_TYPE_SUGGESTION, NULL);
  self->candidate = g_object_ref (candidate);
  self->score = score;
  self->reasons = reasons;
  n_terms = terms != NULL ? MIN (g_strv_length ((char **) terms), MAX_TERMS) : 0;
  self->terms = g_new0 (char *, n_terms + 1);
  for (guint i = 0; i < n_terms; i++)
    self->terms[i] = g_strdup (terms[i]);
  self->similar_uses = similar_uses;
  self->uses = uses;
  self->similar_ticket_id = similar_ticket_id;
  self->similar_subject = g_strdup (similar_subject);

  return self;
}

/* The candidate's row id (for a PAST_REPLY, the past answer's). */
gint64
rapport_suggestion_get_candidate_id (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), 0);

  return rapport_candidate_get_id (self->candidate);
}

/**
 * rapport_suggestion_get_candidate:
 *
 * Returns: (transfer none): what is suggested
 */
RapportCandidate *
rapport_suggestion_get_candidate (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), NULL);

  return self->candidate;
}

double
rapport_suggestion_get_score (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), 0.0);

  return self->score;
}

RapportSuggestReason
rapport_suggestion_get_reasons (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), RAPPORT_SUGGEST_REASON_NONE);

  return self->reasons;
}

/**
 * rapport_suggestion_get_terms:
 *
 * Returns: (transfer none): the ticket's words it matched, as the ticket wrote them, most
 *   telling first; never %NULL
 */
const char * const *
rapport_suggestion_get_terms (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), NULL);

  return (const char * const *) self->terms;
}

guint
rapport_suggestion_get_similar_uses (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), 0);

  return self->similar_uses;
}

guint
rapport_suggestion_get_uses (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), 0);

  return self->uses;
}

gint64
rapport_suggestion_get_similar_ticket_id (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), 0);

  return self->similar_ticket_id;
}

const char *
rapport_suggestion_get_similar_subject (RapportSuggestion *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (self), NULL);

  return self->similar_subject;
}
