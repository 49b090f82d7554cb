/* rapport-authority.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-policy.h"

G_BEGIN_DECLS

/* The GSettings schema of the policy for backends that cannot enforce it on their server
 * (data/io.github.rapportdesk.Rapport.gschema.xml): one key, "policy", a string holding a
 * policy in the format of data/rt/policy-defaults.json ("" = the project's defaults).
 * Administrators set and lock it with dconf (docs/administrators.md). */
#define RAPPORT_POLICY_SETTINGS_SCHEMA "io.github.rapportdesk.Rapport.Policy"
#define RAPPORT_POLICY_SETTINGS_KEY    "policy"

/* Where the policy in force comes from. */
typedef enum
{
  RAPPORT_POLICY_SOURCE_SERVER,   /*< nick=server >*/   /* read from the helpdesk, which enforces it */
  RAPPORT_POLICY_SOURCE_SETTINGS, /*< nick=settings >*/ /* the GSettings key (set by an administrator or the user) */
  RAPPORT_POLICY_SOURCE_DEFAULTS, /*< nick=defaults >*/ /* the project's defaults */
} RapportPolicySource;

/* What the signed-in user may do with money, and under which rule. Immutable once built;
 * copy with rapport_authority_copy() (boxed type RAPPORT_TYPE_AUTHORITY).
 *   has_role: FALSE when the user is in none of the roles (every action is DENIED, reason role);
 *   role: the highest role the server gives the user (valid when has_role);
 *   may_decide: the user may decide approvals (RT: member of the supervisors group);
 *   policy: the rule in force (owned reference; never NULL once resolved);
 *   source: where it came from; source_detail: for people and developers, e.g. the
 *     helpdesk's place ("queue Money, custom field Rapport policy"), the dconf path and
 *     whether it is locked, or why the administrator's policy could not be used (owned,
 *     may be NULL);
 *   locked: the settings key cannot be changed by the user (SETTINGS and DEFAULTS only);
 *   enforced: the server evaluates money actions itself (its verdict is authoritative, the
 *     client's is provisional);
 *   answered_at: when the helpdesk gave the role above (and its policy, when it keeps one),
 *     unix seconds; 0 when it has not answered (yet, or ever: a provider without
 *     fetch_authority). The workspace sets it, not the provider;
 *   from_cache: the answer is the last one the cache kept (rapport_store_load_authority()),
 *     the helpdesk has not confirmed it since Rapport started. It never lets money move: the
 *     helpdesk judges every money action and decision when it gets it. */
typedef struct
{
  gboolean             has_role;
  RapportRole          role;
  gboolean             may_decide;
  RapportPolicy       *policy;
  RapportPolicySource  source;
  char                *source_detail;
  gboolean             locked;
  gboolean             enforced;
  gint64               answered_at;
  gboolean             from_cache;
} RapportAuthority;

#define RAPPORT_TYPE_AUTHORITY (rapport_authority_get_type ())
GType             rapport_authority_get_type (void);
/* has_role FALSE, policy NULL, source DEFAULTS. */
RapportAuthority *rapport_authority_new      (void);
RapportAuthority *rapport_authority_copy     (const RapportAuthority *authority);
void              rapport_authority_free     (RapportAuthority       *authority);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportAuthority, rapport_authority_free)

/* The policy settings, or NULL when the schema is not installed (then the defaults apply). */
GSettings        *rapport_policy_settings_new  (void);

/* The policy the settings hold: the key's JSON parsed by rapport_policy_new_from_json()
 * (source SETTINGS), or the project's defaults when the key is empty or @settings is NULL
 * (source DEFAULTS). A key that does not parse gives the defaults too, with *@detail saying
 * why (it is logged as well): a client never invents a looser rule. *@locked: the key is not
 * writable (dconf lock). @source, @detail and @locked may be NULL. Never NULL. */
RapportPolicy    *rapport_policy_settings_load (GSettings            *settings,
                                                RapportPolicySource  *source,
                                                char                **detail,
                                                gboolean             *locked);

/* Stores @json (validated first with rapport_policy_new_from_json(); "" = back to the
 * defaults). FALSE with G_IO_ERROR_PERMISSION_DENIED when the key is locked, or the policy
 * error when it does not parse; nothing is written then. */
gboolean          rapport_policy_settings_store (GSettings   *settings,
                                                 const char  *json,
                                                 GError     **error);

/* Completes what a provider's fetch_authority() returned (@from_server, may be NULL when the
 * provider has none: then no role, may_decide FALSE) for a provider whose capabilities are
 * @enforced (RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS): when not enforced, or when the
 * server gave no policy, the policy comes from @settings (rapport_policy_settings_load()).
 * Returns a new authority. */
RapportAuthority *rapport_authority_resolve     (const RapportAuthority *from_server,
                                                 gboolean                enforced,
                                                 GSettings              *settings);

const char       *rapport_policy_source_to_string (RapportPolicySource source);

G_END_DECLS
